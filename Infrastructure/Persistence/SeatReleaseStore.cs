using Dapper;
using Npgsql;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The release job's bookings in PostgreSQL: set-based reads and writes, a fixed number of statements per batch.</summary>
internal sealed class SeatReleaseStore(NpgsqlDataSource dataSource, NotificationOutbox outbox) : ISeatReleases
{
    public async Task<ISeatReleaseWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new SeatReleaseWork(connection, transaction, outbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<DueSeatBooking>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueSeatBookingRow>(new CommandDefinition(
            SeatReleaseSql.AwaitingReminder, new { now = now.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDue())];
    }

    public async Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await outbox.EnqueueAllAsync(connection, null, notices, cancellationToken);
    }
}

/// <summary>A booking row with what the release job's notices name.</summary>
internal sealed class DueSeatBookingRow
{
    public long Id { get; init; }
    public long PatronId { get; init; }
    public string Status { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public DateTime? LeaveStartedAt { get; init; }
    public DateTime? LeaveUntil { get; init; }
    public int CheckinClosesMinutes { get; init; }
    public string SeatCode { get; init; } = "";
    public string ZoneName { get; init; } = "";
    public string ZoneNameEn { get; init; } = "";
    public string PreferredLanguage { get; init; } = "zh";

    public DueSeatBooking ToDue() => new(
        new LiveSeatBooking(Id, PatronId, Status, Utc(StartsAt), Utc(EndsAt), CheckinClosesMinutes,
            LeaveStartedAt is { } started ? Utc(started) : null, LeaveUntil is { } until ? Utc(until) : null),
        SeatCode, ZoneName, ZoneNameEn, PatronCodes.ParseLanguage(PreferredLanguage));

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
