using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>What a reader asks for: a seat by code, or the best free seat in a zone; from a start (now by default) for some minutes (the zone's default by default).</summary>
public sealed record SeatRequest(string? SeatCode, long? ZoneId, DateTimeOffset? Starts = null, int? Minutes = null, SeatPreference? Preference = null);

/// <summary>
/// A reader books a seat (预约座位). The reader's row is locked first, so their limits hold under parallel requests; the
/// rules are decided on what is read under it. The seat itself is settled by the database: two overlapping live
/// bookings of a seat cannot both commit, and a lost race is answered "taken" with the nearest free seats. For "the
/// best free seat" candidates are locked with <c>skip locked</c>, so a rush spreads over the free seats; once a zone is
/// found full, those who come after are told so from a mark in Redis until a booking of the zone ends or two seconds pass.
/// </summary>
public sealed class BookSeat(ISeats seats, LibraryClock clock, IFreeSeatCounts counts, ISeatRequestLimit requestLimit)
{
    /// <summary>Candidates locked per round, and rounds tried, before "the best free seat" answers that none is left.</summary>
    private const int Candidates = 4;
    private const int Rounds = 3;

    public async Task<SeatBookingResult> HandleAsync(ReaderRef reader, SeatRequest request, CancellationToken cancellationToken)
    {
        if (await requestLimit.TakeAsync(reader, cancellationToken) is { } retryAfter)
            return new SeatBookingResult.TooManyRequests(retryAfter);
        var now = clock.UtcNow;
        SeatZone zone;
        Seat? seat = null;
        DateTimeOffset starts, ends;
        Language language;
        var zoneFull = false;
        await using (var work = await seats.BeginAsync(cancellationToken))
        {
            if (await work.LockReaderAsync(reader, cancellationToken) is not { } patron)
                return new SeatBookingResult.NoSuchReader();
            language = patron.PreferredLanguage;
            if (request.SeatCode is { } code)
            {
                if (await work.SeatAsync(code.Trim(), cancellationToken) is not { } found)
                    return new SeatBookingResult.Refused([new SeatRefusal.NoSuchSeat(code.Trim())], language);
                (seat, zone) = found;
            }
            else if (request.ZoneId is { } zoneId && await work.ZoneAsync(zoneId, cancellationToken) is { } named)
                zone = named;
            else
                return new SeatBookingResult.Refused([new SeatRefusal.NoSuchZone()], language);

            if (SeatRules.DecideStart(request.Starts, now) is { } outOfRange)
                return new SeatBookingResult.Refused([outOfRange], language);
            await work.ShareZoneAsync(zone.Id, cancellationToken);
            var calendar = await work.CalendarAsync(zone.BranchId, cancellationToken);
            (starts, ends) = SeatRules.Interval(zone.Rules, calendar, now, request.Starts, request.Minutes, clock.Zone);
            var day = await work.ReaderDayAsync(patron.Id, SeatRules.Day(SeatRules.LocalDate(starts, clock.Zone), clock.Zone),
                SeatRules.Day(clock.Today, clock.Zone), now, cancellationToken);
            var closures = await work.ClosuresAsync(zone.Id, starts, ends, cancellationToken);
            var cap = await work.DailyCancellationsAsync(cancellationToken);
            var decision = SeatRules.DecideBooking(new SeatBookingCase(patron, zone, seat, closures, calendar, day, cap), starts, ends, now, clock.Zone);
            if (decision is SeatDecision.Refused refused)
                return new SeatBookingResult.Refused(refused.Reasons, language);

            if (seat is null && await counts.KnownFullAsync(zone.Id, starts, ends, cancellationToken))
                return new SeatBookingResult.Taken(null, zone, [], language);
            var (bookingId, bookedSeat) = seat is not null
                ? await AddAsync(work, seat, patron.Id, starts, ends, cancellationToken)
                : await BestFreeSeatAsync(work, zone.Id, patron.Id, starts, ends, request.Preference ?? SeatPreference.None, cancellationToken);
            zoneFull = seat is null && bookingId is null && bookedSeat is null;
            if (bookingId == SeatTakenMark && await work.LiveBookingOfAsync(patron.Id, cancellationToken) is { } live)
                return new SeatBookingResult.Refused([new SeatRefusal.AlreadyBooked(live.Id, live.SeatCode)], language);
            if (bookingId is { } id && bookedSeat is not null)
            {
                var booking = new SeatBooking(id, patron.Id, bookedSeat.Id, bookedSeat.Code, zone.Id, zone.Name, zone.NameEn, zone.BranchCode,
                    starts, ends, SeatBookingStatus.Booked, null, null, null, null, null, null);
                await work.EnqueueAsync(SeatNotices.Booked(booking, zone.Rules, clock), cancellationToken);
                await work.AuditAsync(new AuditEntry(AuditEntry.Patron(patron.Id), "seat.booked", $"seat-booking:{id}", new Dictionary<string, string?>
                {
                    ["seat"] = bookedSeat.Code,
                    ["starts"] = starts.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["ends"] = ends.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                }), cancellationToken);
                await work.CommitAsync(cancellationToken);
                return new SeatBookingResult.Booked(booking, zone.Rules, language);
            }
        }
        // Lost the race, or found no seat: the nearest seats still free are read afresh, without locks (seats another
        // booking only holds locked count as free). None at all: noted for those who come next.
        var nearest = await seats.FreeSeatsAsync(zone.Id, seat?.Id, starts, ends, 3, cancellationToken);
        if (zoneFull && nearest.Count == 0)
            await counts.NoteFullAsync(zone.Id, starts, ends, cancellationToken);
        return new SeatBookingResult.Taken(seat?.Code, zone, nearest, language);
    }

    /// <summary>Marks a booking refused by the one-live-per-reader index: the reader's lock makes it rare, the database makes it certain.</summary>
    private const long SeatTakenMark = -1;

    private static async Task<(long? Id, Seat? Seat)> AddAsync(ISeatWork work, Seat seat, long patronId, DateTimeOffset starts, DateTimeOffset ends,
        CancellationToken cancellationToken) =>
        await work.AddBookingAsync(new NewSeatBooking(seat.Id, patronId, starts, ends), cancellationToken) switch
        {
            SeatBookingInsert.Added added => (added.BookingId, seat),
            SeatBookingInsert.ReaderHasLive => (SeatTakenMark, null),
            _ => (null, null),
        };

    /// <summary>(id, seat) when booked; (null, null) when no free seat was found; (null, a seat) when every one found was taken first.</summary>
    private static async Task<(long? Id, Seat? Seat)> BestFreeSeatAsync(ISeatWork work, long zoneId, long patronId, DateTimeOffset starts,
        DateTimeOffset ends, SeatPreference preference, CancellationToken cancellationToken)
    {
        Seat? lastTried = null;
        for (var round = 0; round < Rounds; round++)
        {
            var candidates = await work.LockFreeSeatsAsync(zoneId, starts, ends, preference, Candidates, cancellationToken);
            if (candidates.Count == 0)
                return (null, lastTried);
            foreach (var candidate in candidates)
            {
                // A candidate read free may have been booked by a transaction that committed meanwhile: try the next.
                var (id, seat) = await AddAsync(work, candidate, patronId, starts, ends, cancellationToken);
                if (id is not null)
                    return (id, seat);
                lastTried = candidate;
            }
        }
        return (null, lastTried);
    }
}

public abstract record SeatBookingResult
{
    private SeatBookingResult()
    {
    }

    public sealed record Booked(SeatBooking Booking, SeatZoneRules Rules, Language Language) : SeatBookingResult;

    /// <summary>Every reason that applies, in the reader's <paramref name="Language"/>; nothing changed.</summary>
    public sealed record Refused(IReadOnlyList<SeatRefusal> Reasons, Language Language) : SeatBookingResult;

    /// <summary>
    /// The seat asked for (<paramref name="Seat"/>; null: any seat of the zone) was taken first; <paramref name="Nearest"/>
    /// are up to three seats of the zone still free for the time asked.
    /// </summary>
    public sealed record Taken(string? Seat, SeatZone Zone, IReadOnlyList<Seat> Nearest, Language Language) : SeatBookingResult;

    public sealed record NoSuchReader : SeatBookingResult;

    /// <summary>The reader asked too often (<see cref="ISeatRequestLimit"/>); nothing was looked at.</summary>
    public sealed record TooManyRequests(TimeSpan RetryAfter) : SeatBookingResult;
}
