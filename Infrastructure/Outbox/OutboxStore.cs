using System.Text.Json;
using Dapper;
using Npgsql;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// The workers' side of the outbox: claims under a short lease with <c>FOR UPDATE SKIP LOCKED</c>, and outcomes
/// written only by the lease holder. Every time comes from the service's clock, passed to SQL.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource, TimeProvider time) : INoticeDeliveries
{
    public const string QuietHoursReason = "quiet hours";

    /// <summary>
    /// WeChat drops a repeated client_msg_id for about ten minutes; a send whose outcome is unknown is retried only
    /// inside this window (with a margin), never after it.
    /// </summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromMinutes(9);

    public async Task<IReadOnlyList<OutboxItem>> ClaimAsync(string worker, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimRow>(new CommandDefinition("""
            with claimable as (
                select id from notifications
                where (state = 'pending' and not_before <= @now)
                   or (state = 'sending' and lease_until < @now and first_attempt_at > @now - @window)
                order by not_before
                limit @batchSize
                for update skip locked
            )
            update notifications n
            set state = 'sending', lease_until = @now + @lease, leased_by = @worker, attempts = n.attempts + 1,
                first_attempt_at = coalesce(n.first_attempt_at, @now),
                outcome_unknown = n.outcome_unknown or n.state = 'sending'
            from claimable
            where n.id = claimable.id
            returning n.id, n.idempotency_key, n.kind, n.channel, n.patron_id,
                coalesce(n.openid, (select b.openid from wechat_bindings b where b.patron_id = n.patron_id)) as openid,
                n.fields::text as fields, n.attempts, n.first_attempt_at, n.outcome_unknown
            """, new { worker, batchSize, lease, window = ResendWindow, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToItem())];
    }

    /// <summary>Just before a request leaves for WeChat: records the attempt; its id, to record how it ended.</summary>
    public async Task<long?> BeginAttemptAsync(long id, string worker, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            insert into notification_attempts (notification_id, worker, started_at) values (@id, @worker, @now) returning id
            """, new { id, worker, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>How an attempt ended, written even when the send was cut short: it is a fact about what left.</summary>
    public Task EndAttemptAsync(long attemptId, string outcome, string? detail) => ExecuteAsync("""
        update notification_attempts set ended_at = @now, outcome = @outcome, detail = @detail where id = @attemptId and ended_at is null
        """, new { attemptId, outcome, detail, now = time.GetUtcNow() }, CancellationToken.None);

    public Task SentAsync(long id, string worker, long msgId, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = 'sent', wechat_msgid = @msgId, sent_at = @now, lease_until = null, reason = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, msgId, now = time.GetUtcNow() }, cancellationToken);

    /// <summary>Trying again cannot help (not following, bad template, not bound …): recorded with its reason.</summary>
    public Task FailedAsync(long id, string worker, string reason, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = 'failed', reason = @reason, lease_until = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, reason }, cancellationToken);

    /// <summary>A transient failure: again after <paramref name="delay"/>, or to the dead letters after the last attempt.</summary>
    public Task RetryLaterAsync(long id, string worker, string reason, TimeSpan delay, int maxAttempts, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications
        set state = case when attempts >= @maxAttempts then 'dead' else 'pending' end,
            not_before = @now + @delay, reason = @reason, lease_until = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, reason, delay, maxAttempts, now = time.GetUtcNow() }, cancellationToken);

    /// <summary>
    /// WeChat may have accepted it: resend soon (same client_msg_id) while WeChat still drops repeats, else give up
    /// with "outcome unknown" rather than risk a second copy.
    /// </summary>
    public Task OutcomeUnknownAsync(long id, string worker, string reason, TimeSpan delay, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications
        set state = case when first_attempt_at > @now + @delay - @window then 'pending' else 'dead' end,
            not_before = @now + @delay, outcome_unknown = true, reason = 'outcome unknown: ' || @reason, lease_until = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, reason, delay, window = ResendWindow, now = time.GetUtcNow() }, cancellationToken);

    /// <summary>Not sent and not counted as an attempt: quiet hours, a spent quota, a missing template.</summary>
    public Task HoldAsync(long id, string worker, string state, string reason, DateTimeOffset until, CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = @state, reason = @reason, not_before = @until, attempts = attempts - 1, lease_until = null
        where id = @id and leased_by = @worker and state = 'sending'
        """, new { id, worker, state, reason, until }, cancellationToken);

    /// <summary>Leases that ran out past the resend window: the sender died after sending, perhaps; never resent by itself.</summary>
    public Task<int> SweepExpiredLeasesAsync(CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications
        set state = 'dead', outcome_unknown = true, lease_until = null,
            reason = 'outcome unknown: the sender stopped after sending; a resend now could reach the reader twice'
        where state = 'sending' and lease_until < @now and first_attempt_at <= @now - @window
        """, new { window = ResendWindow, now = time.GetUtcNow() }, cancellationToken);

    public Task<int> ReleaseQuietHoursAsync(CancellationToken cancellationToken) => ExecuteAsync("""
        update notifications set state = 'pending', reason = null
        where state = 'held' and reason = @reason and not_before <= @now
        """, new { reason = QuietHoursReason, now = time.GetUtcNow() }, cancellationToken);

    public async Task<bool> RecordStatusAsync(long weChatMsgId, string status, CancellationToken cancellationToken) =>
        await ExecuteAsync("update notifications set delivery_status = @status where wechat_msgid = @weChatMsgId",
            new { weChatMsgId, status }, cancellationToken) > 0;

    public async Task<IReadOnlyList<OutboxCount>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<OutboxCount>(new CommandDefinition(
            "select kind, state, count(*)::int as count from notifications group by kind, state order by kind, state",
            cancellationToken: cancellationToken))];
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

    /// <summary>Puts a dead, failed or held notice back in the queue with a fresh attempt count.</summary>
    public async Task<OutboxEntry?> RequeueAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxEntry>(new CommandDefinition("""
            update notifications
            set state = 'pending', not_before = @now, attempts = 0, first_attempt_at = null, reason = null, lease_until = null
            where id = @id and state in ('dead', 'failed', 'held')
            returning id, idempotency_key, kind, state, patron_id, reason, attempts, outcome_unknown, created_at, not_before
            """, new { id, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<OutboxEntry?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxEntry>(new CommandDefinition("""
            select id, idempotency_key, kind, state, patron_id, reason, attempts, outcome_unknown, created_at, not_before
            from notifications where id = @id
            """, new { id }, cancellationToken: cancellationToken));
    }

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

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
        public DateTime FirstAttemptAt { get; init; }
        public bool OutcomeUnknown { get; init; }

        public OutboxItem ToItem() => new(Id, IdempotencyKey, Kind, Channel, PatronId, Openid,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Fields) ?? [], Attempts,
            new DateTimeOffset(FirstAttemptAt, TimeSpan.Zero), OutcomeUnknown);
    }
}

public sealed record OutboxCount(string Kind, string State, int Count);

/// <summary>A notice as staff see it in the outbox views.</summary>
public sealed record OutboxEntry(long Id, string IdempotencyKey, string Kind, string State, long? PatronId, string? Reason,
    int Attempts, bool OutcomeUnknown, DateTime CreatedAt, DateTime NotBefore);
