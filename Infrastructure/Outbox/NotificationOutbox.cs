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
            insert into notifications (idempotency_key, kind, channel, patron_id, openid, fields, state, reason, not_before)
            select @Key, @Kind, @channel, @PatronId, @OpenId, @fields::jsonb, @state, @reason, @notBefore
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

    /// <summary>Whether a notice queued now waits for quiet hours to end, and from when it may be sent.</summary>
    public (bool Held, DateTimeOffset NotBefore) Timing(bool isReply = false)
    {
        var local = clock.LocalNow;
        var quiet = options.Value.QuietHours;
        var held = !isReply && quiet.Contains(local);
        return (held, held ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(quiet.EndAfter(local), clock.Zone), TimeSpan.Zero) : clock.UtcNow);
    }
}
