using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Infrastructure.Persistence;

internal sealed class AuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into audit_log (actor, action, target, details) values (@Actor, @Action, @Target, @details::jsonb)",
            new { entry.Actor, entry.Action, entry.Target, details = JsonSerializer.Serialize(entry.Details ?? new Dictionary<string, string?>()) },
            cancellationToken: cancellationToken));
    }

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
}
