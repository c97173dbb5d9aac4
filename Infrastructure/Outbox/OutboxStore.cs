using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Persistence;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The workers' side of the outbox: claims under a short lease with <c>FOR UPDATE SKIP LOCKED</c>, and outcomes
/// written only by the lease holder, who must still hold the lease when a request leaves. Every time comes from the
/// service's clock, passed to SQL. A notice whose send may have reached WeChat (outcome unknown) is resent only while
/// WeChat's dedupe window since its first attempt is open: every way back to the queue, the claim, the last check
/// before sending and the sweep send it to the dead letters instead once the window has closed.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource, TimeProvider time) : INoticeDeliveries
{
    public const string QuietHoursReason = "quiet hours";

    /// <summary>
    /// WeChat drops a repeated client_msg_id for about ten minutes; a send whose outcome is unknown is retried only
    /// inside this window (with a margin), never after it.
    /// </summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromMinutes(9);

    private const string TooLate = "outcome unknown, not resent after WeChat's dedupe window";
    private const string Stopped = "the sender stopped before its answer was recorded";

    /// <summary>
    /// Claims expired leases of stopped workers first, then due notices, each arm by its own partial index (one query
    /// with an "or" of the two would sort every due notice at each claim). What a stopped worker's attempts say decides: one that
    /// ended in success means the notice was sent (recorded so, never resent); one that never ended, or ended with an
    /// unknown outcome, means its request may have reached WeChat, and it is resent only inside the window.
    /// </summary>
    public async Task<IReadOnlyList<OutboxItem>> ClaimAsync(string worker, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimRow>(new CommandDefinition($"""
            with expired as (
                select n.id, n.first_attempt_at, {StoppedSender}
                from notifications n
                where n.state = 'sending' and n.lease_until < @now
                order by n.lease_until
                limit @batchSize
                for update of n skip locked
            ),
            ready as (
                select n.id, n.first_attempt_at, {StoppedSender}
                from notifications n
                where n.state = 'pending' and n.not_before <= @now
                order by n.not_before
                limit @batchSize
                for update of n skip locked
            ),
            -- The batch's size is known to the planner (a limit it cannot read would be guessed at thousands of rows,
            -- and the updates below would scan whole tables); due notices locked beyond it are free again at once.
            candidates as (
                select * from expired
                union all
                (select * from ready limit greatest(@batchSize - (select count(*) from expired), 0))
            ),
            judged as (
                select id, unknown, delivered_at, delivered_msgid,
                    delivered_at is null and coalesce(unknown and first_attempt_at + @window <= @now, false) as late
                from candidates
            ),
            interrupted as (
                update notification_attempts a set ended_at = @now, outcome = 'unknown', detail = @stopped
                from judged j where a.notification_id = j.id and a.ended_at is null
            ),
            claimed as (
                update notifications n
                set state = case when j.delivered_at is not null then 'sent' when j.late then 'dead' else 'sending' end,
                    reason = case when j.delivered_at is not null then null when j.late then @tooLate else n.reason end,
                    sent_at = coalesce(j.delivered_at, n.sent_at),
                    wechat_msgid = coalesce(j.delivered_msgid, n.wechat_msgid),
                    lease_until = case when j.delivered_at is not null or j.late then null else @now + @lease end,
                    attempts = n.attempts + case when j.delivered_at is not null or j.late then 0 else 1 end,
                    outcome_unknown = j.unknown, leased_by = @worker
                from judged j
                where n.id = j.id
                returning n.id, n.idempotency_key, n.kind, n.channel, n.patron_id,
                    coalesce(n.openid, (select b.openid from wechat_bindings b where b.patron_id = n.patron_id)) as openid,
                    n.fields::text as fields, n.attempts, n.first_attempt_at, n.outcome_unknown, n.state, n.stale_after
            )
            select id, idempotency_key, kind, channel, patron_id, openid, fields, attempts, first_attempt_at, outcome_unknown, stale_after
            from claimed where state = 'sending'
            """, new { worker, batchSize, lease, window = ResendWindow, now = time.GetUtcNow(), tooLate = TooLate, stopped = Stopped },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToItem())];
    }

    // What the attempts of a notice `n` say when its sender may have stopped before recording the notice's new state
    // (the end of an attempt and the notice's state are written one after the other): it was delivered, or may have been.
    private const string StoppedSender = $"""
        case when n.state = 'sending' then (
            select max(a.ended_at) from notification_attempts a where a.notification_id = n.id and a.outcome = 'success') end as delivered_at,
        case when n.state = 'sending' then (
            select a.wechat_msgid from notification_attempts a
            where a.notification_id = n.id and a.outcome = 'success' order by a.id desc limit 1) end as delivered_msgid,
        n.outcome_unknown or (n.state = 'sending' and exists (
            select 1 from notification_attempts a where a.notification_id = n.id and (a.ended_at is null or a.outcome = 'unknown'))) as unknown
        """;

    /// <summary>
    /// Just before a request leaves for WeChat: if <paramref name="worker"/> still holds an unexpired lease, holds it
    /// for <paramref name="hold"/> more (longer than any request) and records the attempt, whose id comes back. Null
    /// when the request must not leave: the lease was lost, or the outcome is unknown and the window has closed (the
    /// notice then goes to the dead letters).
    /// </summary>
    public async Task<long?> BeginAttemptAsync(long id, string worker, TimeSpan hold, CancellationToken cancellationToken) =>
        (await BeginAttemptsAsync([id], worker, hold, cancellationToken)).TryGetValue(id, out var attempt) ? attempt : null;

    /// <summary>
    /// <see cref="BeginAttemptAsync"/> for a batch about to leave, in one statement: the attempt of each notice the
    /// worker still holds, by notice id; a notice missing from the answer must not be sent.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, long>> BeginAttemptsAsync(IReadOnlyList<long> ids, string worker, TimeSpan hold,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long NotificationId, long Id)>(new CommandDefinition("""
            with held as (
                update notifications
                set lease_until = @now + @hold, first_attempt_at = coalesce(first_attempt_at, @now)
                where id = any(@ids) and leased_by = @worker and state = 'sending' and lease_until > @now
                  and (not outcome_unknown or first_attempt_at is null or first_attempt_at + @window > @now)
                returning id
            ),
            too_late as (
                update notifications set state = 'dead', reason = @tooLate, lease_until = null
                where id = any(@ids) and leased_by = @worker and state = 'sending' and lease_until > @now
                  and outcome_unknown and first_attempt_at + @window <= @now
            )
            insert into notification_attempts (notification_id, worker, started_at)
            select id, @worker, @now from held order by id
            returning notification_id, id
            """, new { ids = ids.ToArray(), worker, hold, now = time.GetUtcNow(), window = ResendWindow, tooLate = TooLate },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.NotificationId, r => r.Id);
    }

    /// <summary>An attempt recorded with its batch under which no request left: it would read as "may have been sent".</summary>
    public async Task ForgetAttemptAsync(long attemptId)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from notification_attempts where id = @attemptId and ended_at is null", new { attemptId }));
    }

    /// <summary>How an attempt ended, written even when the send was cut short: it is a fact about what left.</summary>
    public async Task EndAttemptAsync(AttemptEnd ended)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition("""
            update notification_attempts
            set ended_at = @endedAt, outcome = @endedOutcome, detail = @endedDetail, wechat_msgid = @endedMsgId
            where id = @endedAttempt and ended_at is null
            """, EndParameters(ended), cancellationToken: CancellationToken.None));
    }

    // The outcomes below are written by the lease holder; given how the send's last request ended, they write it in the
    // same statement (one round trip, and never the notice's state without the attempt's end), whoever holds the lease.
    private const string EndingAttempt = """
        with ended as (
            update notification_attempts
            set ended_at = @endedAt, outcome = @endedOutcome, detail = @endedDetail, wechat_msgid = @endedMsgId
            where id = @endedAttempt and ended_at is null
        )
        """;

    public Task SentAsync(long id, string worker, long msgId, CancellationToken cancellationToken, AttemptEnd? ended = null) => ExecuteAsync("""
        update notifications set state = 'sent', wechat_msgid = @msgId, sent_at = @now, lease_until = null, reason = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, msgId, now = time.GetUtcNow() }, cancellationToken, ended);

    /// <summary>
    /// <see cref="SentAsync"/> for the notices of a batch WeChat accepted, with their attempts' ends, in one statement.
    /// The count is of notices recorded: one another worker has taken meanwhile keeps its state, and its attempt's end.
    /// </summary>
    public async Task<int> SentAsync(IReadOnlyList<(long Id, long MsgId, AttemptEnd? Ended)> accepted, string worker)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteAsync(new CommandDefinition("""
            with accepted as (
                select * from unnest(@ids::bigint[], @msgIds::bigint[], @attemptIds::bigint[]) as a (id, msgid, attempt_id)
            ),
            ended as (
                update notification_attempts t set ended_at = @now, outcome = 'success', wechat_msgid = a.msgid
                from accepted a where t.id = a.attempt_id and t.ended_at is null
            )
            update notifications n set state = 'sent', wechat_msgid = a.msgid, sent_at = @now, lease_until = null, reason = null
            from accepted a
            where n.id = a.id and n.leased_by = @worker and n.state = 'sending'
            """, new
        {
            ids = accepted.Select(a => a.Id).ToArray(),
            msgIds = accepted.Select(a => a.MsgId).ToArray(),
            attemptIds = accepted.Select(a => a.Ended?.AttemptId).ToArray(),
            worker, now = time.GetUtcNow(),
        }));
    }

    /// <summary>Trying again cannot help (not following, bad template, not bound …): recorded with its reason.</summary>
    public Task FailedAsync(long id, string worker, string reason, CancellationToken cancellationToken, AttemptEnd? ended = null) => ExecuteAsync("""
        update notifications set state = 'failed', reason = @reason, lease_until = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, reason }, cancellationToken, ended);

    /// <summary>Its moment has passed (a reminder for a day now over): set aside with its reason, never sent.</summary>
    public Task DroppedAsync(long id, string worker, string reason, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = 'dropped', reason = @reason, lease_until = null, attempts = greatest(attempts - 1, 0)
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, reason }, cancellationToken);

    /// <summary>A transient failure: again after <paramref name="delay"/>, or to the dead letters after the last attempt.</summary>
    public Task RetryLaterAsync(long id, string worker, string reason, TimeSpan delay, int maxAttempts, CancellationToken cancellationToken,
        AttemptEnd? ended = null) =>
        RequeueAsync(id, worker, "pending", reason, reason, time.GetUtcNow() + delay, false, false, maxAttempts, ended, cancellationToken);

    /// <summary>
    /// WeChat may have accepted it: resend soon (same client_msg_id) while WeChat still drops repeats, else give up
    /// with "outcome unknown" rather than risk a second copy.
    /// </summary>
    public Task OutcomeUnknownAsync(long id, string worker, string reason, TimeSpan delay, CancellationToken cancellationToken, AttemptEnd? ended = null) =>
        RequeueAsync(id, worker, "pending", $"outcome unknown: {reason}", reason, time.GetUtcNow() + delay, true, false, int.MaxValue, ended, cancellationToken);

    /// <summary>Not sent and not counted as an attempt: quiet hours, a spent quota, a missing template.</summary>
    public Task HoldAsync(long id, string worker, string state, string reason, DateTimeOffset until, CancellationToken cancellationToken,
        AttemptEnd? ended = null) =>
        RequeueAsync(id, worker, state, reason, reason, until, false, true, int.MaxValue, ended, cancellationToken);

    /// <summary>Stopped before its request left the process (Redis away, say): an ordinary retry, not counted.</summary>
    public Task NotSentAsync(long id, string worker, string reason, TimeSpan delay, CancellationToken cancellationToken, AttemptEnd? ended = null) =>
        RequeueAsync(id, worker, "pending", $"not sent: {reason}", reason, time.GetUtcNow() + delay, false, true, int.MaxValue, ended, cancellationToken);

    // Back to the queue until notBefore, unless the outcome of a send is unknown and WeChat's window closes by then.
    private Task<int> RequeueAsync(long id, string worker, string state, string reason, string detail, DateTimeOffset notBefore, bool unknown,
        bool uncount, int maxAttempts, AttemptEnd? ended, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications
        set state = case when (outcome_unknown or @unknown) and first_attempt_at + @window <= @notBefore then 'dead'
                         when attempts >= @maxAttempts then 'dead'
                         else @state end,
            reason = case when (outcome_unknown or @unknown) and first_attempt_at + @window <= @notBefore then @tooLate || ': ' || @detail
                          else @reason end,
            outcome_unknown = outcome_unknown or @unknown, not_before = @notBefore, lease_until = null,
            attempts = attempts - case when @uncount then 1 else 0 end
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, state, reason, detail, notBefore, unknown, uncount, maxAttempts, window = ResendWindow, tooLate = TooLate },
        cancellationToken, ended);

    /// <summary>
    /// What may no longer be resent goes to the dead letters: notices waiting to be resent after an unknown outcome, and
    /// leases that ran out with a request that may have reached WeChat, once WeChat's window since the first attempt has
    /// closed. A lease that ran out after a request WeChat accepted is recorded as sent. The count is of dead letters.
    /// </summary>
    public async Task<int> SweepUnknownOutcomesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<int>(new CommandDefinition($"""
            with stopped as (
                select n.id, n.first_attempt_at, {StoppedSender}
                from notifications n
                where (n.state in ('pending', 'held') and n.outcome_unknown and n.first_attempt_at + @window <= @now)
                   or (n.state = 'sending' and n.lease_until < @now)
                for update of n skip locked
            ),
            judged as (
                select id, delivered_at, delivered_msgid from stopped
                where delivered_at is not null or (unknown and first_attempt_at + @window <= @now)
            ),
            interrupted as (
                update notification_attempts a set ended_at = @now, outcome = 'unknown', detail = @stopped
                from judged j where a.notification_id = j.id and a.ended_at is null
            ),
            recorded as (
                update notifications n
                set state = case when j.delivered_at is not null then 'sent' else 'dead' end,
                    reason = case when j.delivered_at is not null then null else @tooLate end,
                    outcome_unknown = n.outcome_unknown or j.delivered_at is null,
                    sent_at = coalesce(j.delivered_at, n.sent_at),
                    wechat_msgid = coalesce(j.delivered_msgid, n.wechat_msgid),
                    lease_until = null
                from judged j
                where n.id = j.id
                returning n.state
            )
            select count(*)::int from recorded where state = 'dead'
            """, new { window = ResendWindow, now = time.GetUtcNow(), tooLate = TooLate, stopped = Stopped }, cancellationToken: cancellationToken));
    }

    public Task<int> ReleaseQuietHoursAsync(CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = 'pending', reason = null
        where state = 'held' and reason = @reason and not_before <= @now
        """, new { reason = QuietHoursReason, now = time.GetUtcNow() }, cancellationToken);

    public async Task<bool> RecordStatusAsync(long weChatMsgId, string status, CancellationToken cancellationToken) =>
        await ExecuteAsync("update notifications set delivery_status = @status where wechat_msgid = @weChatMsgId",
            new { weChatMsgId, status }, cancellationToken) > 0;

    // One arm per state, each from its partial index; only the sent notices, the bulk of the table (kept for
    // Outbox:RetentionDays), are counted by reading them.
    internal const string CountsSql = """
        select kind, 'pending' as state, count(*)::int as count from notifications where state = 'pending' group by kind
        union all select kind, 'held', count(*)::int from notifications where state = 'held' group by kind
        union all select kind, 'sending', count(*)::int from notifications where state = 'sending' group by kind
        union all select kind, 'dead', count(*)::int from notifications where state = 'dead' group by kind
        union all select kind, 'failed', count(*)::int from notifications where state = 'failed' group by kind
        union all select kind, 'dropped', count(*)::int from notifications where state = 'dropped' group by kind
        -- The sent notices of the last day only (by the age index of final notices): all of them would be months of rows.
        union all select kind, 'sent_last_day', count(*)::int from notifications
            where state = 'sent' and created_at > now() - interval '1 day' group by kind
        order by kind, state
        """;

    public async Task<IReadOnlyList<OutboxCount>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OutboxCount>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken))];
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string state, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OutboxEntry>(new CommandDefinition("""
            select id, idempotency_key, kind, state, patron_id, reason, attempts, outcome_unknown, created_at, not_before
            from notifications
            where state = @state and (@before::bigint is null or id < @before)
            order by id desc
            limit @limit
            """, new { state, before, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Puts a dead, failed or held notice back in the queue with a fresh attempt count, and writes its audit row (made
    /// from the notice as requeued) in the same transaction: neither happens without the other.
    /// </summary>
    public async Task<OutboxEntry?> RequeueAsync(long id, Func<OutboxEntry, AuditEntry> audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var requeued = await connection.QuerySingleOrDefaultAsync<OutboxEntry>(new CommandDefinition("""
            update notifications
            set state = 'pending', not_before = @now, attempts = 0, first_attempt_at = null, reason = null, lease_until = null
            where id = @id and state in ('dead', 'failed', 'held')
            returning id, idempotency_key, kind, state, patron_id, reason, attempts, outcome_unknown, created_at, not_before
            """, new { id, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (requeued is null)
            return null;
        await AuditLog.WriteAsync(transaction, [audit(requeued)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return requeued;
    }

    public async Task<OutboxEntry?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxEntry>(new CommandDefinition("""
            select id, idempotency_key, kind, state, patron_id, reason, attempts, outcome_unknown, created_at, not_before
            from notifications where id = @id
            """, new { id }, cancellationToken: cancellationToken));
    }

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken, AttemptEnd? ended = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (ended is null)
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var withEnd = EndParameters(ended);
        withEnd.AddDynamicParams(parameters);
        return await connection.ExecuteAsync(new CommandDefinition(EndingAttempt + sql, withEnd, cancellationToken: cancellationToken));
    }

    private DynamicParameters EndParameters(AttemptEnd ended) => new(new
    {
        endedAttempt = ended.AttemptId, endedOutcome = ended.Outcome, endedDetail = ended.Detail, endedMsgId = ended.WeChatMsgId,
        endedAt = time.GetUtcNow(),
    });

    private sealed class ClaimRow
    {
        public long Id { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public long? PatronId { get; init; }
        public string? Openid { get; init; }
        public string Fields { get; init; } = "{}";
        public int Attempts { get; init; }
        public DateTime? FirstAttemptAt { get; init; }
        public bool OutcomeUnknown { get; init; }
        public DateTime? StaleAfter { get; init; }

        public OutboxItem ToItem() => new(Id, IdempotencyKey, Kind, Channel, PatronId, Openid,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Fields) ?? [], Attempts,
            FirstAttemptAt is { } first ? new DateTimeOffset(first, TimeSpan.Zero) : null, OutcomeUnknown,
            StaleAfter is { } stale ? new DateTimeOffset(stale, TimeSpan.Zero) : null);
    }
}

public sealed record OutboxCount(string Kind, string State, int Count);

/// <summary>A notice as staff see it in the outbox views.</summary>
public sealed record OutboxEntry(long Id, string IdempotencyKey, string Kind, string State, long? PatronId, string? Reason,
    int Attempts, bool OutcomeUnknown, DateTime CreatedAt, DateTime NotBefore);
