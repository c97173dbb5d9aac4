using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Rooms.Schedule;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Tests.Domain.Rooms.Schedule;

/// <summary>Bookings in a list; "locking" returns those the SQL would find, which the use case judges again.</summary>
internal sealed class InMemoryRoomSchedule(RoomNames room) : IRoomSchedule, IRoomScheduleWork
{
    private readonly List<DueRoomBooking> live = [];
    private readonly List<SeatSuspension> suspensions = [];

    public IReadOnlyList<SeatSuspension> Suspensions => suspensions;

    public List<SeatViolation> Violations { get; } = [];
    public List<Notice> Notices { get; } = [];
    public List<RoomScheduledEnd> Ends { get; } = [];
    public List<AuditEntry> Audits { get; } = [];
    public int Commits { get; private set; }

    public void Add(LiveRoomBooking booking, int minGroup, params RoomMemberToTell[] members) =>
        live.Add(new DueRoomBooking(booking, room, minGroup, members));

    public Task<IRoomScheduleWork> BeginAsync(CancellationToken cancellationToken) => Task.FromResult<IRoomScheduleWork>(this);

    public Task<IReadOnlyList<DueRoomReminder>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DueRoomReminder>>([.. live.SelectMany(b => b.Members.Select(m => new DueRoomReminder(b.Booking, b.Room, m)))]);

    public Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        Notices.AddRange(notices);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DueRoomBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DueRoomBooking>>([.. live.Where(b => RoomScheduleRules.EndDue(b.Booking, now) is not null).Take(limit)]);

    public Task EndAsync(IReadOnlyList<RoomScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        Ends.AddRange(ends);
        live.RemoveAll(b => ends.Any(e => e.Booking.Id == b.Booking.Id));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SeatViolation>> RecordNoShowsAsync(IReadOnlyList<RoomScheduledEnd> releases, CancellationToken cancellationToken)
    {
        var added = releases.Select((r, i) => new SeatViolation(100 + Violations.Count + i, r.Booking.OrganiserId, r.Booking.Id, SeatViolation.RoomNoShow, r.DueAt)).ToList();
        Violations.AddRange(added);
        return Task.FromResult<IReadOnlyList<SeatViolation>>(added);
    }

    public Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken) => Task.FromResult(SeatFairnessPolicy.Default);

    public Task<IReadOnlyDictionary<long, SeatStandingRecord>> StandingsAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<long, SeatStandingRecord>>(patronIds.ToDictionary(id => id,
            id => new SeatStandingRecord([.. Violations.Where(v => v.PatronId == id)], [.. suspensions.Where(s => s.PatronId == id)])));

    public Task<IReadOnlyList<SeatSuspension>> SuspendAsync(IReadOnlyList<NewSeatSuspension> news, CancellationToken cancellationToken)
    {
        var added = news.Select((s, i) => new SeatSuspension(500 + suspensions.Count + i, s.Tipping.PatronId, s.StartsAt, s.EndsAt, s.Reason, s.Tipping.Id)).ToList();
        suspensions.AddRange(added);
        return Task.FromResult<IReadOnlyList<SeatSuspension>>(added);
    }

    public Task AuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        Audits.AddRange(entries);
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        Commits++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
