using Dapper;
using Npgsql;
using WeChatLib.Infrastructure.Persistence;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The senders' side of announcements: batches claimed under a lease with SKIP LOCKED, and each request recorded as an
/// attempt before it leaves. A batch leaves at most once: WeChat's mass send has no repeat guard to rely on, so an
/// attempt that may have reached WeChat (accepted, unknown, or never recorded as ended) is never followed by another,
/// and its batch is reported as unknown rather than risk a second copy to its readers.
/// </summary>
public sealed class AnnouncementBatches(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string MayHaveLeft = """
        exists (select 1 from announcement_attempts x where x.batch_id = b.id and (x.ended_at is null or x.outcome in ('success', 'unknown')))
        """;

    /// <summary>
    /// Batches whose sender stopped (lease run out): one that may have left is unknown (its readers stay counted for the
    /// month), one of a cancelled announcement cancelled (their counts given back), any other back to the queue. Then
    /// announcements with no batch left to send are finished.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Every pass asks; a sender rarely stops, so the settling statement runs only when one has.
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
                select exists (select 1 from announcement_batches where state = 'sending' and lease_until < @now)
                    or exists (select 1 from announcements a where a.status = 'sending'
                               and not exists (select 1 from announcement_batches b where b.announcement_id = a.id and b.state in ('pending', 'sending')))
                """, new { now = time.GetUtcNow() }, cancellationToken: cancellationToken)))
            return;
        await connection.ExecuteAsync(new CommandDefinition($"""
            with expired as (
                select b.id, a.status as announcement_status, {MayHaveLeft} as maybe
                from announcement_batches b join announcements a on a.id = b.announcement_id
                where b.state = 'sending' and b.lease_until < @now
                for update of b skip locked
            ),
            interrupted as (
                update announcement_attempts x set ended_at = @now, outcome = 'unknown', detail = 'the sender stopped before its answer was recorded'
                from expired e where x.batch_id = e.id and x.ended_at is null
            ),
            settled as (
                update announcement_batches b
                set state = case when e.maybe then 'unknown' when e.announcement_status = 'cancelled' then 'cancelled' else 'pending' end,
                    reason = case when e.maybe then 'the sender stopped after its request left: it may have been sent'
                                  when e.announcement_status = 'cancelled' then 'cancelled by staff' else b.reason end,
                    lease_until = null, leased_by = null
                from expired e where b.id = e.id
                returning b.id, b.state
            ),
            released as (select id from settled where state = 'cancelled'),
            {MassMessageCounts.GiveBack}
            """, new { now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            update announcements a set status = 'sent', finished_at = @now
            where a.status = 'sending'
              and not exists (select 1 from announcement_batches b where b.announcement_id = a.id and b.state in ('pending', 'sending'))
            """, new { now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>The next batch due, leased to <paramref name="worker"/>, with its readers and its text; null when none is.</summary>
    public async Task<ClaimedBatch?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = await connection.QuerySingleOrDefaultAsync<(long Id, long AnnouncementId)?>(new CommandDefinition("""
            update announcement_batches b set state = 'sending', leased_by = @worker, lease_until = @now + @lease
            where b.id = (
                select b2.id from announcement_batches b2 join announcements a on a.id = b2.announcement_id
                where b2.state = 'pending' and b2.not_before <= @now and a.status = 'sending'
                order by b2.not_before, b2.id
                limit 1
                for update of b2 skip locked)
            returning b.id, b.announcement_id
            """, new { worker, lease, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        if (claimed is not { } batch)
            return null;
        var openIds = (await connection.QueryAsync<string>(new CommandDefinition(
            "select openid from announcement_targets where batch_id = @Id order by openid", new { batch.Id }, cancellationToken: cancellationToken))).ToList();
        var text = await connection.QuerySingleAsync<(string Category, string Title, string Body, string? Link)>(new CommandDefinition(
            "select category, title, body, link from announcements where id = @AnnouncementId", new { batch.AnnouncementId },
            cancellationToken: cancellationToken));
        return new ClaimedBatch(batch.Id, batch.AnnouncementId, openIds, text.Category, text.Title, text.Body, text.Link);
    }

    /// <summary>
    /// Just before the request leaves: records the attempt if <paramref name="worker"/> still holds the batch, its
    /// announcement is still sending (share-locked, so a cancel either comes first and stops it, or waits for it), and no
    /// earlier request of the batch may have left. Null when the request must not leave.
    /// </summary>
    public async Task<long?> BeginAttemptAsync(long batchId, string worker, TimeSpan hold, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition($"""
            with batch as (
                select b.id from announcement_batches b join announcements a on a.id = b.announcement_id
                where b.id = @batchId and b.leased_by = @worker and b.state = 'sending' and b.lease_until > @now and a.status = 'sending'
                  and not {MayHaveLeft}
                for share of a
            ),
            held as (update announcement_batches set lease_until = @now + @hold where id in (select id from batch) returning id)
            insert into announcement_attempts (batch_id, worker, started_at) select id, @worker, @now from held
            returning id
            """, new { batchId, worker, hold, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// How the request ended (<paramref name="detail"/> as WeChat said it, kept with the attempt), with the batch's new
    /// state in the same statement when it is final: sent (with WeChat's msg_id), unknown, or failed for
    /// <paramref name="reason"/> (its readers' counts for the month given back). A refusal that may pass (busy, quota)
    /// only ends the attempt.
    /// </summary>
    public async Task EndAttemptAsync(long attemptId, AttemptOutcome outcome, long? msgId, string? detail, string? reason)
    {
        var state = outcome switch
        {
            AttemptOutcome.Success => "sent",
            AttemptOutcome.Unknown => "unknown",
            AttemptOutcome.Refused => "failed",
            _ => null,
        };
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition($"""
            with ended as (
                update announcement_attempts set ended_at = @now, outcome = @attemptOutcome, detail = @detail
                where id = @attemptId and ended_at is null
                returning batch_id
            ),
            settled as (
                update announcement_batches b set state = @state, msg_id = @msgId, reason = @reason, lease_until = null
                from ended e where b.id = e.batch_id and b.state = 'sending' and @state::text is not null
                returning b.id, b.state
            ),
            released as (select id from settled where state = 'failed'),
            {MassMessageCounts.GiveBack}
            """, new
        {
            attemptId, now = time.GetUtcNow(), state, msgId, detail,
            attemptOutcome = outcome switch { AttemptOutcome.Success => "success", AttemptOutcome.Unknown => "unknown", _ => "refused" },
            reason = outcome switch { AttemptOutcome.Refused => reason, AttemptOutcome.Unknown => $"outcome unknown: {reason}", _ => null },
        }));
    }

    /// <summary>A batch whose request was withheld: cancelled if its announcement was; otherwise its lease was lost and it is not ours.</summary>
    public async Task WithheldAsync(long batchId, string worker)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition($"""
            with released as (
                update announcement_batches b set state = 'cancelled', reason = 'cancelled by staff', lease_until = null
                from announcements a
                where a.id = b.announcement_id and b.id = @batchId and b.leased_by = @worker and b.state = 'sending' and a.status = 'cancelled'
                returning b.id
            ),
            {MassMessageCounts.GiveBack}
            """, new { batchId, worker }));
    }

    /// <summary>Refused for a passing reason: again after <paramref name="delay"/>, or failed after the last attempt.</summary>
    public async Task RetryLaterAsync(long batchId, string worker, string reason, TimeSpan delay, int maxAttempts)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition($"""
            with settled as (
                update announcement_batches b
                set state = case when (select count(*) from announcement_attempts x where x.batch_id = b.id) >= @maxAttempts then 'failed' else 'pending' end,
                    reason = @reason, not_before = @notBefore, lease_until = null, leased_by = null
                where b.id = @batchId and b.leased_by = @worker and b.state = 'sending'
                returning b.id, b.state
            ),
            released as (select id from settled where state = 'failed'),
            {MassMessageCounts.GiveBack}
            """, new { batchId, worker, reason, notBefore = time.GetUtcNow() + delay, maxAttempts }));
    }
}

public enum AttemptOutcome
{
    Success,
    /// <summary>WeChat refused it for good (bad openids, not authorised …): the batch failed.</summary>
    Refused,
    /// <summary>WeChat refused it for now (busy, quota): nothing left, the batch may go again.</summary>
    RefusedForNow,
    Unknown,
}

public sealed record ClaimedBatch(long Id, long AnnouncementId, IReadOnlyList<string> OpenIds, string Category, string Title, string Body, string? Link);
