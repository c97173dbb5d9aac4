using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// One release transaction. It locks bookings only, never a reader's row, so it cannot deadlock with a booking use
/// case (reader first, then their booking); its violation and suspension rows merely reference the reader.
/// </summary>
internal sealed class SeatReleaseWork(NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationOutbox outbox) : ISeatReleaseWork
{
    public Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken) => SeatFairnessSql.RulesAsync(transaction, cancellationToken);

    public async Task<IReadOnlyList<DueSeatBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<DueSeatBookingRow>(new CommandDefinition(
            SeatReleaseSql.LockDue, new { now = now.ToUniversalTime(), limit }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDue())];
    }

    public Task EndAsync(IReadOnlyList<ScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(SeatReleaseSql.End, new
        {
            ids = ends.Select(e => e.Booking.Id).ToArray(),
            statuses = ends.Select(e => e.Status).ToArray(),
            reasons = ends.Select(e => e.Reason).ToArray(),
            endedAt = endedAt.ToUniversalTime(),
        }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<SeatViolation>> RecordViolationsAsync(IReadOnlyList<ScheduledEnd> releases, CancellationToken cancellationToken)
    {
        if (releases.Count == 0)
            return [];
        var rows = await connection.QueryAsync<ViolationRow>(new CommandDefinition(SeatReleaseSql.RecordViolations, new
        {
            patronIds = releases.Select(r => r.Booking.PatronId).ToArray(),
            bookingIds = releases.Select(r => r.Booking.Id).ToArray(),
            kinds = releases.Select(r => r.Reason).ToArray(),
            occurredAt = releases.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToViolation())];
    }

    public Task<IReadOnlyDictionary<long, SeatStandingRecord>> StandingsAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken) =>
        SeatFairnessSql.StandingsAsync(transaction, patronIds, cancellationToken);

    public Task<IReadOnlyList<SeatSuspension>> SuspendAsync(IReadOnlyList<NewSeatSuspension> suspensions, CancellationToken cancellationToken) =>
        SeatFairnessSql.SuspendAsync(transaction, suspensions, cancellationToken);

    public Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken) =>
        outbox.EnqueueAllAsync(connection, transaction, notices, cancellationToken);

    public Task AuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        AuditLog.WriteAsync(transaction, [.. entries], cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}

internal sealed class ViolationRow
{
    public long Id { get; init; }
    public long PatronId { get; init; }
    public long BookingId { get; init; }
    public string Kind { get; init; } = "";
    public DateTime OccurredAt { get; init; }

    public SeatViolation ToViolation() => new(Id, PatronId, BookingId, Kind, DueSeatBookingRow.Utc(OccurredAt));
}

internal sealed class SuspensionRow
{
    public long Id { get; init; }
    public long PatronId { get; init; }
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public string Reason { get; init; } = "";
    public long? ViolationId { get; init; }
    public DateTime? LiftedAt { get; init; }
    public string? LiftedBy { get; init; }
    public string? LiftNote { get; init; }

    public SeatSuspension ToSuspension() => new(Id, PatronId, DueSeatBookingRow.Utc(StartsAt), DueSeatBookingRow.Utc(EndsAt), Reason, ViolationId,
        LiftedAt is { } lifted ? DueSeatBookingRow.Utc(lifted) : null, LiftedBy, LiftNote);
}

internal sealed class SeatRulesRow
{
    public int ViolationsToSuspend { get; init; }
    public int ViolationWindowDays { get; init; }
    public int SuspensionDays { get; init; }
    public int DailyCancellations { get; init; }

    public SeatFairnessPolicy ToRules() => new(ViolationsToSuspend, ViolationWindowDays, SuspensionDays, DailyCancellations);
}
