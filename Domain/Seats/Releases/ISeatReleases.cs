using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>The release job's port: its units of work, and the bookings whose reminder is due.</summary>
public interface ISeatReleases
{
    Task<ISeatReleaseWork> BeginAsync(CancellationToken cancellationToken);

    /// <summary>Live bookings in a reminder's window whose reminder is not queued yet; no lock: a notice's key keeps it single.</summary>
    Task<IReadOnlyList<DueSeatBooking>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Queues the notices in one statement.</summary>
    Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken);
}

/// <summary>
/// One release transaction. Bookings are locked (<c>for no key update</c>, in id order) and read again under their lock,
/// so a booking another run or a check-in changed meanwhile comes back as it now is, or not at all once it has ended.
/// </summary>
public interface ISeatReleaseWork : ISeatFairnessWork, IAsyncDisposable
{
    /// <summary>Live bookings whose end by rule has come at <paramref name="now"/>, at most <paramref name="limit"/>, locked.</summary>
    Task<IReadOnlyList<DueSeatBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Ends the bookings at <paramref name="endedAt"/> by the system, each with its reason.</summary>
    Task EndAsync(IReadOnlyList<ScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken);

    /// <summary>Records a violation per release; returns those new (a booking's violation is recorded once).</summary>
    Task<IReadOnlyList<SeatViolation>> RecordViolationsAsync(IReadOnlyList<ScheduledEnd> releases, CancellationToken cancellationToken);

    Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken);

    Task AuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A live booking with what its notices name: the seat, its zone, and the reader's language.</summary>
public sealed record DueSeatBooking(LiveSeatBooking Booking, string SeatCode, string ZoneName, string ZoneNameEn, Readers.Language Language);

/// <summary>A reader's violations and suspensions, all of them.</summary>
public sealed record SeatStandingRecord(IReadOnlyList<SeatViolation> Violations, IReadOnlyList<SeatSuspension> Suspensions);
