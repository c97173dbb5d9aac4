using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class AuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    private const string Insert = """
        insert into audit_log (actor, action, target, details)
        select * from unnest(@actors, @actions, @targets, @details::jsonb[])
        """;

    /// <summary>For events that change nothing in the database (a sign-in, a lockout in Redis).</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, Parameters([entry]), cancellationToken: cancellationToken));
    }

    /// <summary>Writes audit rows inside the transaction of the change they record: both commit, or neither.</summary>
    public static Task WriteAsync(NpgsqlTransaction transaction, IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken) =>
        entries.Count == 0
            ? Task.CompletedTask
            : transaction.Connection!.ExecuteAsync(new CommandDefinition(Insert, Parameters(entries), transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, DateTime At, string Actor, string Action, string Target, string Details)>(new CommandDefinition("""
            select id, at, actor, action, target, details::text
            from audit_log
            where (@target::text is null or target = @target)
              and (@action::text is null or action = @action)
              and (@before::bigint is null or id < @before)
            order by id desc
            limit @limit
            """, new { target = query.Target, action = query.Action, before = query.Before, limit = query.Limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AuditRecord(r.Id, new DateTimeOffset(r.At, TimeSpan.Zero), r.Actor, r.Action, r.Target,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Details) ?? []))];
    }

    private static object Parameters(IReadOnlyCollection<AuditEntry> entries) => new
    {
        actors = entries.Select(e => e.Actor).ToArray(),
        actions = entries.Select(e => e.Action).ToArray(),
        targets = entries.Select(e => e.Target).ToArray(),
        details = entries.Select(e => JsonSerializer.Serialize(e.Details ?? new Dictionary<string, string?>())).ToArray(),
    };
}
