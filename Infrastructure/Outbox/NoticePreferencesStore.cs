using Dapper;
using Npgsql;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Infrastructure.Outbox;

internal sealed class NoticePreferencesStore(NpgsqlDataSource dataSource) : INoticePreferences
{
    public async Task<IReadOnlySet<string>> OptedOutAsync(long patronId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "select kind from notification_opt_outs where patron_id = @patronId", new { patronId }, cancellationToken: cancellationToken))).ToHashSet();
    }

    public async Task SetAsync(long patronId, IReadOnlyDictionary<string, bool> enabledByKind, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var off = enabledByKind.Where(c => !c.Value).Select(c => c.Key).ToArray();
        var on = enabledByKind.Where(c => c.Value).Select(c => c.Key).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from notification_opt_outs where patron_id = @patronId and kind = any(@on)", new { patronId, on }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into notification_opt_outs (patron_id, kind) select @patronId, unnest(@off) on conflict do nothing
            """, new { patronId, off }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
