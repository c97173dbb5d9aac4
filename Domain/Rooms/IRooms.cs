using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>Room booking as the use cases see it. Reads answer from committed state; changes go through <see cref="BeginAsync"/>.</summary>
public interface IRooms
{
    Task<Patron?> FindReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>Rooms, of one branch if <paramref name="branchCode"/> is given, by branch, floor and code.</summary>
    Task<IReadOnlyList<Room>> RoomsAsync(string? branchCode, CancellationToken cancellationToken);

    Task<Room?> RoomAsync(long roomId, CancellationToken cancellationToken);

    /// <summary>The room whose door carries the code, whatever its case; null when no room has it.</summary>
    Task<Room?> RoomByCodeAsync(string code, CancellationToken cancellationToken);

    Task<RoomLimits> LimitsAsync(CancellationToken cancellationToken);

    /// <summary>Each branch's calendar (weekly hours and dated changes), by branch id.</summary>
    Task<IReadOnlyDictionary<short, LibraryCalendar>> CalendarsAsync(CancellationToken cancellationToken);

    /// <summary>Bookings of the rooms meeting the interval, by room and start; <paramref name="liveOnly"/> leaves out those ended.</summary>
    Task<IReadOnlyList<RoomBooking>> BookingsMeetingAsync(IReadOnlyCollection<long> roomIds, DateTimeOffset from, DateTimeOffset to, bool liveOnly,
        CancellationToken cancellationToken);

    /// <summary>Blocks of the rooms meeting the interval, by room and start.</summary>
    Task<IReadOnlyList<RoomBlock>> BlocksMeetingAsync(IReadOnlyCollection<long> roomIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The bookings the patron is in (organiser or companion, any answer): live ones and those that started since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<RoomBooking>> BookingsOfAsync(long patronId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Live bookings waiting for staff, oldest first.</summary>
    Task<IReadOnlyList<RoomBooking>> AwaitingApprovalAsync(CancellationToken cancellationToken);

    Task<IRoomWork> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One room transaction. Locks are taken in one order: the room (by a booking or a block), then people (<c>for no key
/// update</c>, by id), then bookings, so two changes never wait on each other in a circle. Changes, their audit rows and
/// notices commit together.
/// </summary>
public interface IRoomWork : IAsyncDisposable
{
    /// <summary>
    /// The room, held for booking it (<c>for key share</c>): bookings of one room do not wait on each other, but a block
    /// of it waits for them, and they for the block, so none is made inside a block it did not see.
    /// </summary>
    Task<Room?> HoldRoomAsync(long roomId, CancellationToken cancellationToken);

    /// <summary>The room, locked against bookings being made (<c>for update</c>) until the work ends: a block.</summary>
    Task<Room?> LockRoomAsync(long roomId, CancellationToken cancellationToken);

    /// <summary>The reader, locked: a person's room changes take turns here, so no two pass a limit or an overlap check together.</summary>
    Task<Patron?> LockReaderAsync(ReaderRef reader, CancellationToken cancellationToken);

    /// <summary>Locks the patrons in id order.</summary>
    Task LockPatronsAsync(IEnumerable<long> patronIds, CancellationToken cancellationToken);

    Task<Room?> RoomAsync(long roomId, CancellationToken cancellationToken);

    Task<RoomLimits> LimitsAsync(CancellationToken cancellationToken);

    Task<LibraryCalendar> CalendarAsync(short branchId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoomBlock>> BlocksAsync(long roomId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The rooms the patron holds (or held to their end) within <paramref name="day"/>, and any seat booking suspension in force at <paramref name="now"/>.</summary>
    Task<PersonRoomDay> PersonDayAsync(long patronId, (DateTimeOffset From, DateTimeOffset To) day, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The readers the card numbers name, in the order given, each with whether bound and their rooms within <paramref name="day"/>.</summary>
    Task<IReadOnlyList<RoomCompanion>> CompanionsAsync(IReadOnlyList<string> cards, (DateTimeOffset From, DateTimeOffset To) day,
        CancellationToken cancellationToken);

    /// <summary>Adds the booking and its group; the database's constraints answer a lost race as a value.</summary>
    Task<RoomBookingInsert> AddBookingAsync(NewRoomBooking booking, CancellationToken cancellationToken);

    /// <summary>
    /// The booking the patron was last invited to and has not answered, still open to confirm at <paramref name="now"/>;
    /// when none is, the one they were last invited to of the last day, however it stands (answered, lapsed, closed), for
    /// the rules to say why; null when neither.
    /// </summary>
    Task<long?> LatestInvitationAsync(long patronId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The live bookings the patron is in, by start.</summary>
    Task<IReadOnlyList<RoomBooking>> LiveBookingsOfAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>The people in the booking (every member), for locking them before the booking; empty when no such booking.</summary>
    Task<IReadOnlyList<long>> MemberIdsAsync(long bookingId, CancellationToken cancellationToken);

    /// <summary>The booking with its group, locked; null when none.</summary>
    Task<RoomBooking?> LockBookingAsync(long bookingId, CancellationToken cancellationToken);

    /// <summary>
    /// The companion confirms: they hold the room from now. The person-overlap constraint may refuse it (they hold
    /// another room meanwhile), answered as a value with the work still usable.
    /// </summary>
    Task<MemberConfirmation> ConfirmMemberAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken);

    Task DeclineMemberAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves a live booking on (pending to confirmed or awaiting approval).</summary>
    Task SetStatusAsync(long bookingId, string status, CancellationToken cancellationToken);

    /// <summary>Staff approve a booking awaiting approval: confirmed, with who decided and when.</summary>
    Task ApproveAsync(long bookingId, string actor, DateTimeOffset at, string? note, CancellationToken cancellationToken);

    /// <summary>Staff reject it: ended, with the reason as the decision's note.</summary>
    Task RejectAsync(long bookingId, string actor, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    Task CheckInAsync(long bookingId, long patronId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends a live booking; no member holds the room any more.</summary>
    Task EndBookingAsync(long bookingId, string status, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken);

    Task<short?> BranchIdAsync(string branchCode, CancellationToken cancellationToken);

    /// <summary>Saved, or a conflict the database found (a code in use, fields that do not fit together).</summary>
    Task<RoomSetup> AddRoomAsync(short branchId, RoomFields fields, CancellationToken cancellationToken);

    /// <summary>Changes the fields given; not found when no room has the id.</summary>
    Task<RoomSetup> UpdateRoomAsync(long roomId, RoomFields fields, CancellationToken cancellationToken);

    Task<long> AddBlockAsync(long roomId, DateTimeOffset from, DateTimeOffset to, string reason, string actor, CancellationToken cancellationToken);

    /// <summary>The room's live bookings meeting the interval, each with the people in it.</summary>
    Task<IReadOnlyList<(long BookingId, IReadOnlyList<long> PatronIds)>> LiveBookingsMeetingAsync(long roomId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken);

    Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken);

    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <param name="CompanionIds">The companions, invited.</param>
/// <param name="Status">What the booking starts as (<see cref="RoomRules.StatusOnBooking"/>).</param>
public sealed record NewRoomBooking(long RoomId, long OrganiserId, IReadOnlyList<long> CompanionIds, DateTimeOffset Starts, DateTimeOffset Ends,
    string Topic, string Status, DateTimeOffset ConfirmBy);

public abstract record RoomBookingInsert
{
    private RoomBookingInsert()
    {
    }

    public sealed record Added(long BookingId) : RoomBookingInsert;

    /// <summary>Another live booking of the room overlaps (the room's exclusion constraint fired).</summary>
    public sealed record RoomTaken : RoomBookingInsert;

    /// <summary>The organiser holds another room for part of the time (the person-overlap constraint fired).</summary>
    public sealed record OrganiserBusy : RoomBookingInsert;
}

public abstract record MemberConfirmation
{
    private MemberConfirmation()
    {
    }

    public sealed record Confirmed : MemberConfirmation;

    /// <summary>The person holds another room for part of the time (the person-overlap constraint fired).</summary>
    public sealed record Busy : MemberConfirmation;
}
