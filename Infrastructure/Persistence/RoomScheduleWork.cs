using Dapper;
using Npgsql;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Infrastructure.Outbox;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// One schedule transaction. It locks bookings (skipping those locked elsewhere), then changes only their members, and
/// never a reader's row, so it cannot wait in a circle with a room use case (readers, then the booking, then members);
/// its violation and suspension rows merely reference the reader.
/// </summary>
internal sealed class RoomScheduleWork(NpgsqlConnection connection, NpgsqlTransaction transaction, NotificationOutbox outbox) : IRoomScheduleWork
{
    public async Task<IReadOnlyList<DueRoomBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var bookings = (await connection.QueryAsync<RoomScheduleRow>(new CommandDefinition(
            RoomScheduleSql.LockDue, new { now = now.ToUniversalTime(), limit }, transaction, cancellationToken: cancellationToken))).ToList();
        if (bookings.Count == 0)
            return [];
        var members = (await connection.QueryAsync<MemberRow>(new CommandDefinition(
            RoomScheduleSql.Members, new { ids = bookings.Select(b => b.Id).ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToLookup(m => m.BookingId, m => m.ToMember());
        return [.. bookings.Select(b => new DueRoomBooking(b.ToLive(), b.ToRoom(), b.MinGroup, [.. members[b.Id]]))];
    }

    public Task EndAsync(IReadOnlyList<RoomScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(RoomScheduleSql.End, new
        {
            ids = ends.Select(e => e.Booking.Id).ToArray(),
            statuses = ends.Select(e => e.Status).ToArray(),
            reasons = ends.Select(e => e.Reason).ToArray(),
            endedAt = endedAt.ToUniversalTime(),
        }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<SeatViolation>> RecordNoShowsAsync(IReadOnlyList<RoomScheduledEnd> releases, CancellationToken cancellationToken)
    {
        if (releases.Count == 0)
            return [];
        var rows = await connection.QueryAsync<ViolationRow>(new CommandDefinition(RoomScheduleSql.RecordNoShows, new
        {
            patronIds = releases.Select(r => r.Booking.OrganiserId).ToArray(),
            bookingIds = releases.Select(r => r.Booking.Id).ToArray(),
            occurredAt = releases.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToViolation())];
    }

    public Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken) => SeatFairnessSql.RulesAsync(transaction, cancellationToken);

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

    private sealed class MemberRow
    {
        public long BookingId { get; init; }
        public long PatronId { get; init; }
        public string Role { get; init; } = "";
        public string Status { get; init; } = "";
        public string PreferredLanguage { get; init; } = "zh";

        public RoomMemberToTell ToMember() => new(PatronId, Role == "organiser", Status, PatronCodes.ParseLanguage(PreferredLanguage));
    }
}
