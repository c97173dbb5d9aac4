using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Domain.Rooms.Schedule;

/// <summary>The room schedule's port: its units of work, and the members whose start reminder is due.</summary>
public interface IRoomSchedule
{
    Task<IRoomScheduleWork> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Confirmed members of confirmed bookings starting within <see cref="RoomScheduleRules.StartingNotice"/> of
    /// <paramref name="now"/> whose reminder is not queued yet; no lock: a notice's key keeps it single.
    /// </summary>
    Task<IReadOnlyList<DueRoomReminder>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Queues the notices in one statement.</summary>
    Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken);
}

/// <summary>
/// One schedule transaction. Due bookings are locked (<c>for no key update skip locked</c>) and read again under their
/// lock: a booking another instance is ending, or a member is changing, is left to the next run; one changed meanwhile
/// comes back as it now is, or not at all once it has ended.
/// </summary>
public interface IRoomScheduleWork : ISeatFairnessWork, IAsyncDisposable
{
    /// <summary>Live bookings whose end by rule has come at <paramref name="now"/>, at most <paramref name="limit"/>, locked, with their members.</summary>
    Task<IReadOnlyList<DueRoomBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Ends the bookings at <paramref name="endedAt"/> by the system, each with its status and reason; no member holds them any more.</summary>
    Task EndAsync(IReadOnlyList<RoomScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken);

    /// <summary>Records a <c>room_no_show</c> violation for each release's organiser; returns those new (once per booking).</summary>
    Task<IReadOnlyList<SeatViolation>> RecordNoShowsAsync(IReadOnlyList<RoomScheduledEnd> releases, CancellationToken cancellationToken);

    Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken);

    Task AuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A live booking with what its notices name: the room, the group size it needed, and its members.</summary>
public sealed record DueRoomBooking(LiveRoomBooking Booking, RoomNames Room, int MinGroup, IReadOnlyList<RoomMemberToTell> Members);

/// <summary>One member to remind of a booking's start.</summary>
public sealed record DueRoomReminder(LiveRoomBooking Booking, RoomNames Room, RoomMemberToTell Member);

/// <summary>A room as notices name it: the door's code and its names.</summary>
public sealed record RoomNames(string Code, string Name, string NameEn);
