using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Queues notices. A store that changes the library's state passes its own connection and transaction, so that the
/// change and its notices commit or roll back together. Notices that arrive in quiet hours are held until they end.
/// </summary>
public sealed class NotificationOutbox(NpgsqlDataSource dataSource, LibraryClock clock, IOptions<NoticesOptions> options) : INoticeOutbox
{
    public async Task<EnqueueResult> EnqueueAsync(Notice notice, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await EnqueueAsync(connection, null, notice, cancellationToken);
    }

    public async Task<EnqueueResult> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Notice notice, CancellationToken cancellationToken)
    {
        var (held, notBefore) = Timing(notice.IsReply);

        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            insert into notifications (idempotency_key, kind, channel, patron_id, openid, fields, state, reason, not_before, stale_after)
            select @Key, @Kind, @channel, @PatronId, @OpenId, @fields::jsonb, @state, @reason, @notBefore, @StaleAfter
            where not (@optional and exists (select 1 from notification_opt_outs o where o.patron_id = @PatronId and o.kind = @Kind))
            on conflict (idempotency_key) do nothing
            returning id
            """,
            new
            {
                notice.Key,
                notice.Kind,
                channel = notice.IsReply ? "custom" : "template",
                notice.PatronId,
                notice.OpenId,
                notice.StaleAfter,
                fields = JsonSerializer.Serialize(notice.Fields),
                state = held ? "held" : "pending",
                reason = held ? OutboxStore.QuietHoursReason : null,
                notBefore,
                optional = notice.PatronId is not null && NoticeKind.IsOptional(notice.Kind),
            }, transaction, cancellationToken: cancellationToken));
        if (id is not null)
            return held ? EnqueueResult.Held : EnqueueResult.Queued;

        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from notifications where idempotency_key = @Key)", new { notice.Key }, transaction, cancellationToken: cancellationToken));
        return exists ? EnqueueResult.Duplicate : EnqueueResult.OptedOut;
    }

    /// <summary>
    /// Queues many notices for readers in one statement, in the caller's transaction; those whose key exists already, or
    /// whose reader switched their kind off, are skipped. Returns how many were added.
    /// </summary>
    public async Task<int> EnqueueAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        if (notices.Count == 0)
            return 0;
        if (notices.Any(n => n.IsReply || n.PatronId is null))
            throw new ArgumentException("Only notices for readers are queued together.", nameof(notices));
        var (held, notBefore) = Timing();
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into notifications (idempotency_key, kind, channel, patron_id, fields, state, reason, not_before, stale_after)
            select n.key, n.kind, 'template', n.patron_id, n.fields, @state, @reason, @notBefore, n.stale_after
            from unnest(@keys, @kinds, @patronIds, @fields::jsonb[], @staleAfter::timestamptz[], @optional)
                as n (key, kind, patron_id, fields, stale_after, optional)
            where not (n.optional and exists (select 1 from notification_opt_outs o where o.patron_id = n.patron_id and o.kind = n.kind))
            order by n.key
            on conflict (idempotency_key) do nothing
            """,
            new
            {
                keys = notices.Select(n => n.Key).ToArray(),
                kinds = notices.Select(n => n.Kind).ToArray(),
                patronIds = notices.Select(n => n.PatronId!.Value).ToArray(),
                fields = notices.Select(n => JsonSerializer.Serialize(n.Fields)).ToArray(),
                staleAfter = notices.Select(n => n.StaleAfter?.ToUniversalTime()).ToArray(),
                optional = notices.Select(n => NoticeKind.IsOptional(n.Kind)).ToArray(),
                state = held ? "held" : "pending",
                reason = held ? OutboxStore.QuietHoursReason : null,
                notBefore,
            }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Whether a notice queued now waits for quiet hours to end, and from when it may be sent.</summary>
    public (bool Held, DateTimeOffset NotBefore) Timing(bool isReply = false)
    {
        var local = clock.LocalNow;
        var quiet = options.Value.QuietHours;
        var held = !isReply && quiet.Contains(local);
        return (held, held ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(quiet.EndAfter(local), clock.Zone), TimeSpan.Zero) : clock.UtcNow);
    }
}
