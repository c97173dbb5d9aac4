using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Deletes notices that reached a final state (sent, dropped, dead, failed) and were last touched more than
/// <c>Outbox:RetentionDays</c> ago, with their attempt rows (the foreign key cascades). Each batch is one short
/// statement walking the final-state index in age order, so no lock is held for long and no row is read twice.
/// </summary>
public sealed class OutboxRetention(NpgsqlDataSource dataSource, IOptions<OutboxOptions> options, TimeProvider time)
{
    public const int BatchSize = 5000;

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var after = (At: DateTime.UnixEpoch, Id: 0L);
        var deleted = 0;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // A notice resent by staff within the retention keeps its history: its recent attempts leave it in place.
            var batch = await connection.QuerySingleAsync<Batch>(new CommandDefinition("""
                with batch as (
                    select id, created_at from notifications
                    where state in ('sent', 'dropped', 'dead', 'failed') and created_at < @cutoff
                      and (created_at, id) > (@afterAt, @afterId)
                    order by created_at, id
                    limit @size
                ),
                gone as (
                    delete from notifications n
                    using batch b
                    where n.id = b.id
                      and n.state in ('sent', 'dropped', 'dead', 'failed')
                      and coalesce(n.sent_at, n.created_at) < @cutoff
                      and not exists (select 1 from notification_attempts a where a.notification_id = n.id and a.started_at >= @cutoff)
                    returning n.id
                ),
                last as (select created_at, id from batch order by created_at desc, id desc limit 1)
                select (select count(*)::int from gone) as deleted, (select created_at from last) as last_at, (select id from last) as last_id
                """, new { cutoff, afterAt = after.At, afterId = after.Id, size = BatchSize }, cancellationToken: cancellationToken));
            deleted += batch.Deleted;
            if (batch.LastAt is not { } lastAt || batch.LastId is not { } lastId)
                return deleted;
            after = (lastAt, lastId);
        }
    }

    private sealed class Batch
    {
        public int Deleted { get; init; }
        public DateTime? LastAt { get; init; }
        public long? LastId { get; init; }
    }
}
