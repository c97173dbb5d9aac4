using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Api.Endpoints;

/// <summary>Seats as staff run them (roles: admin, circulation): zones and their rules, seats, closures, who sits where, releasing a seat with a reason.</summary>
public static class StaffSeatEndpoints
{
    public static IEndpointRouteBuilder MapStaffSeatEndpoints(this IEndpointRouteBuilder app)
    {
        var desk = app.MapGroup("/api/v1/staff").WithTags("Staff: seats").RequireStaff(StaffCapability.Seats)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        desk.MapGet("/seat-zones", ListStaffSeatZones).WithName(nameof(ListStaffSeatZones));
        desk.MapPost("/seat-zones", CreateSeatZone).WithName(nameof(CreateSeatZone))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPatch("/seat-zones/{zoneId:long}", UpdateSeatZone).WithName(nameof(UpdateSeatZone))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPost("/seat-zones/{zoneId:long}/seats", CreateSeat).WithName(nameof(CreateSeat))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPatch("/seats/{seatId:long}", UpdateSeat).WithName(nameof(UpdateSeat))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPost("/seat-zones/{zoneId:long}/closures", CloseZone).WithName(nameof(CloseZone))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapGet("/seat-occupancy", ListSeatOccupancy).WithName(nameof(ListSeatOccupancy));
        desk.MapPost("/seat-bookings/{bookingId:long}/release", ReleaseSeatByStaff).WithName(nameof(ReleaseSeatByStaff))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every zone (switched off ones too), of the branch <c>branch</c> names or all, with its rules and seats free now.</summary>
    private static async Task<Ok<SeatZoneView[]>> ListStaffSeatZones(string? branch, ListSeatZones list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(branch, enabledOnly: false, cancellationToken)).Select(z => SeatZoneView.From(z)).ToArray());

    /// <summary>Creates a zone in a branch; rules left out take the defaults (booking opens 07:00, 30–240 minutes, check-in 15 before to 30 after).</summary>
    private static async Task<Results<Created<SavedSeatThing>, ProblemHttpResult>> CreateSeatZone(SeatZoneRequest request, HttpContext context,
        ManageSeats manage, CancellationToken cancellationToken)
    {
        if (request.Fields() is not { } fields)
            return Invalid(new Dictionary<string, string> { ["bookingOpensAt"] = "must be a time as HH:mm" });
        var result = await manage.CreateZoneAsync(request.Branch ?? "", fields, StaffId(context), cancellationToken);
        return Saved(result, id => $"/api/v1/seat-zones/{id}/seats");
    }

    /// <summary>Changes only the fields sent: names, floor, kind, <c>enabled</c>, and any of the rules.</summary>
    private static async Task<Results<Created<SavedSeatThing>, ProblemHttpResult>> UpdateSeatZone(long zoneId, SeatZoneRequest request, HttpContext context,
        ManageSeats manage, CancellationToken cancellationToken)
    {
        if (request.Fields() is not { } fields)
            return Invalid(new Dictionary<string, string> { ["bookingOpensAt"] = "must be a time as HH:mm" });
        return Saved(await manage.UpdateZoneAsync(zoneId, fields, StaffId(context), cancellationToken), id => $"/api/v1/seat-zones/{id}/seats");
    }

    /// <summary>Adds a seat to the zone: its code (printed in its QR code, unique in the library), attributes and grid place.</summary>
    private static async Task<Results<Created<SavedSeatThing>, ProblemHttpResult>> CreateSeat(long zoneId, SeatRequestBody request, HttpContext context,
        ManageSeats manage, CancellationToken cancellationToken) =>
        Saved(await manage.CreateSeatAsync(zoneId, request.Fields(), StaffId(context), cancellationToken), _ => $"/api/v1/seat-zones/{zoneId}/seats");

    /// <summary>Changes only the fields sent; <c>enabled: false</c> takes the seat out of use for new bookings.</summary>
    private static async Task<Results<Created<SavedSeatThing>, ProblemHttpResult>> UpdateSeat(long seatId, SeatRequestBody request, HttpContext context,
        ManageSeats manage, CancellationToken cancellationToken) =>
        Saved(await manage.UpdateSeatAsync(seatId, request.Fields(), StaffId(context), cancellationToken), _ => "/api/v1/staff/seat-occupancy");

    /// <summary>
    /// Closes the zone from <c>from</c> until <c>until</c> (exam, maintenance): no booking may meet the period, and every
    /// live booking it meets is cancelled now, each reader told by a <c>seat-cancelled</c> notice. Audited.
    /// </summary>
    private static async Task<Results<Ok<ZoneClosureView>, ProblemHttpResult>> CloseZone(long zoneId, ZoneClosureRequest request, HttpContext context,
        CloseSeatZone close, CancellationToken cancellationToken) =>
        await close.HandleAsync(zoneId, request.From, request.Until, request.Reason ?? "", StaffId(context), cancellationToken) switch
        {
            ZoneClosing.Closed closed => TypedResults.Ok(new ZoneClosureView(closed.ClosureId, [.. closed.Cancelled.Select(b => b.Id)])),
            ZoneClosing.Invalid invalid => Invalid(new Dictionary<string, string> { ["closure"] = invalid.Problem }),
            _ => ProblemTypes.NotFound("No such zone."),
        };

    /// <summary>Who holds a seat now, in the zone <c>zoneId</c> or branch <c>branch</c> names (or everywhere): seat, reader's name and card, status since when.</summary>
    private static async Task<Ok<SeatOccupantView[]>> ListSeatOccupancy(long? zoneId, string? branch, SeatOccupancy occupancy, CancellationToken cancellationToken) =>
        TypedResults.Ok((await occupancy.HandleAsync(zoneId, branch, cancellationToken)).Select(SeatOccupantView.From).ToArray());

    /// <summary>
    /// Releases the seat for the reason given (<c>reason</c>, required, 1–200 characters once trimmed): the live booking ends
    /// <c>released_by_staff</c> now with the reason kept beside it, the reader is told it in a <c>seat-cancelled</c> notice, and
    /// it is audited. 422 <c>validation</c> without a reason (a missing body included); 409 <c>conflict</c> when it had already ended.
    /// </summary>
    private static async Task<Results<Ok<SeatOccupantBookingView>, ProblemHttpResult>> ReleaseSeatByStaff(long bookingId, SeatReleaseRequest? request,
        HttpContext context, ReleaseSeat release, CancellationToken cancellationToken) =>
        await release.HandleAsync(bookingId, StaffId(context), request?.Reason, cancellationToken) switch
        {
            StaffSeatRelease.Released released => TypedResults.Ok(SeatOccupantBookingView.From(released.Booking)),
            StaffSeatRelease.AlreadyEnded ended => ProblemTypes.Problem("conflict", $"The booking has already ended ({ended.Booking.Status}).",
                new Dictionary<string, object?> { ["bookingStatus"] = ended.Booking.Status }),
            StaffSeatRelease.Invalid invalid => Invalid(new Dictionary<string, string> { ["reason"] = invalid.Problem }),
            _ => ProblemTypes.NotFound("No such seat booking."),
        };

    private static Results<Created<SavedSeatThing>, ProblemHttpResult> Saved(SeatSetup result, Func<long, string> location) => result switch
    {
        SeatSetup.Saved saved => TypedResults.Created(location(saved.Id), new SavedSeatThing(saved.Id)),
        SeatSetup.Invalid invalid => Invalid(invalid.Problems),
        SeatSetup.Conflict conflict => ProblemTypes.Problem("conflict", conflict.Detail),
        _ => ProblemTypes.NotFound("No such zone or seat."),
    };

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string> problems) =>
        ProblemTypes.Problem("validation", string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")),
            new Dictionary<string, object?> { ["errors"] = problems.ToDictionary(p => p.Key, p => new[] { p.Value }) });

    private static long StaffId(HttpContext context) => context.User.StaffId()!.Value;
}

/// <param name="Id">The zone's or seat's id.</param>
public sealed record SavedSeatThing(long Id);

/// <summary>A zone's fields; on update, those left out stay as they are.</summary>
/// <param name="Branch">Branch code (on creation).</param>
/// <param name="Code">Zone code, 1–32 of a-z, 0-9 and -, unique in the branch.</param>
/// <param name="Name">Name in Chinese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Floor">The floor it is on, e.g. <c>3F</c>.</param>
/// <param name="Kind"><c>quiet</c>, <c>computers</c> or <c>reading</c>.</param>
/// <param name="Enabled">False switches the zone off: no new bookings.</param>
/// <param name="BookingOpensAt">When booking for a day opens, <c>HH:mm</c> (default 07:00).</param>
/// <param name="OpensDayBefore">Booking opens the evening before the day (default false).</param>
/// <param name="MinMinutes">Shortest booking, 15–960 (default 30).</param>
/// <param name="MaxMinutes">Longest booking, 15–960 (default 240).</param>
/// <param name="DailyMaxMinutes">Most minutes a reader may book a day, 15–1440 (default 480).</param>
/// <param name="DefaultMinutes">Length of a booking that does not ask, between the shortest and the longest (default 240).</param>
/// <param name="CheckinOpensMinutes">Check-in opens this many minutes before the start, 0–120 (default 15).</param>
/// <param name="CheckinClosesMinutes">Check-in closes this many minutes after the start, 5–120 (default 30).</param>
/// <param name="LeaveMinutes">Longest temporary leave, 5–240 (default 30).</param>
/// <param name="MealLeaveMinutes">Longest temporary leave over meals (11–13, 17–19), 5–240 (default 60).</param>
public sealed record SeatZoneRequest(string? Branch, string? Code, string? Name, string? NameEn, string? Floor, string? Kind, bool? Enabled,
    string? BookingOpensAt, bool? OpensDayBefore, int? MinMinutes, int? MaxMinutes, int? DailyMaxMinutes, int? DefaultMinutes,
    int? CheckinOpensMinutes, int? CheckinClosesMinutes, int? LeaveMinutes, int? MealLeaveMinutes)
{
    /// <summary>The fields, or null when <see cref="BookingOpensAt"/> is not a time.</summary>
    public SeatZoneFields? Fields()
    {
        TimeOnly? opens = null;
        if (BookingOpensAt is { } text)
        {
            if (!TimeOnly.TryParseExact(text.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
                return null;
            opens = time;
        }
        return new SeatZoneFields(Code?.Trim(), Name?.Trim(), NameEn?.Trim(), Floor?.Trim(), Kind?.Trim(), Enabled, opens, OpensDayBefore, MinMinutes,
            MaxMinutes, DailyMaxMinutes, DefaultMinutes, CheckinOpensMinutes, CheckinClosesMinutes, LeaveMinutes, MealLeaveMinutes);
    }
}

/// <summary>A seat's fields; on update, those left out stay as they are.</summary>
/// <param name="Code">What its QR code carries: 1–32 of A-Z, a-z, 0-9 and -, stored upper-case; unique in the library whatever the case.</param>
/// <param name="HasPower">A power socket at the desk.</param>
/// <param name="HasLamp">A desk lamp.</param>
/// <param name="ByWindow">By a window.</param>
/// <param name="Enabled">False takes it out of use for new bookings.</param>
/// <param name="Row">Row on the zone's grid.</param>
/// <param name="Column">Column on the zone's grid.</param>
/// <param name="ZoneId">On update: move the seat to this zone.</param>
public sealed record SeatRequestBody(string? Code, bool? HasPower, bool? HasLamp, bool? ByWindow, bool? Enabled, int? Row, int? Column, long? ZoneId)
{
    public SeatFields Fields() => new(Code?.Trim(), HasPower, HasLamp, ByWindow, Enabled, Row, Column, ZoneId);
}

/// <param name="From">Start of the closure.</param>
/// <param name="Until">End of the closure.</param>
/// <param name="Reason">Why, told to the readers whose bookings it cancels.</param>
public sealed record ZoneClosureRequest(DateTimeOffset From, DateTimeOffset Until, string? Reason);

/// <param name="ClosureId">The closure's id.</param>
/// <param name="CancelledBookings">The live bookings it met, now cancelled with a notice each.</param>
public sealed record ZoneClosureView(long ClosureId, long[] CancelledBookings);

/// <param name="Reason">Why staff release the seat, told to the reader: 1–200 characters once trimmed.</param>
public sealed record SeatReleaseRequest(string? Reason);

/// <summary>A booking as staff see it.</summary>
/// <param name="Id">Booking id.</param>
/// <param name="Seat">The seat's code.</param>
/// <param name="ZoneId">Its zone.</param>
/// <param name="Starts">Start.</param>
/// <param name="Ends">End.</param>
/// <param name="Status">Its status, e.g. <c>released</c>.</param>
/// <param name="EndedAt">When it ended; null while live.</param>
/// <param name="EndReason">Why it ended, e.g. <c>released_by_staff</c>; null while live.</param>
/// <param name="EndNote">What staff said when they ended it (the reason of a release); null otherwise.</param>
public sealed record SeatOccupantBookingView(long Id, string Seat, long ZoneId, DateTimeOffset Starts, DateTimeOffset Ends, string Status,
    DateTimeOffset? EndedAt, string? EndReason, string? EndNote)
{
    public static SeatOccupantBookingView From(SeatBooking b) => new(b.Id, b.SeatCode, b.ZoneId, b.Starts, b.Ends, b.Status, b.EndedAt, b.EndReason,
        b.EndNote);
}

/// <summary>A seat held now.</summary>
/// <param name="BookingId">The booking holding it, to release it.</param>
/// <param name="Branch">Branch code.</param>
/// <param name="Zone">Zone code.</param>
/// <param name="Seat">Seat code.</param>
/// <param name="CardNumber">The reader's card number.</param>
/// <param name="ReaderName">The reader's name.</param>
/// <param name="Status"><c>booked</c> (not yet seated), <c>checked_in</c> or <c>on_leave</c>.</param>
/// <param name="StatusSince">Since when: booked at, checked in at, or leave started at.</param>
/// <param name="Starts">The booking's start.</param>
/// <param name="Ends">The booking's end.</param>
/// <param name="LeaveUntil">While on leave: when it runs out.</param>
public sealed record SeatOccupantView(long BookingId, string Branch, string Zone, string Seat, string CardNumber, string ReaderName, string Status,
    DateTimeOffset StatusSince, DateTimeOffset Starts, DateTimeOffset Ends, DateTimeOffset? LeaveUntil)
{
    public static SeatOccupantView From(SeatOccupant o) => new(o.Booking.Id, o.Booking.BranchCode, o.ZoneCode, o.Booking.SeatCode, o.CardNumber, o.ReaderName,
        o.Booking.Status, o.StatusSince, o.Booking.Starts, o.Booking.Ends, o.Booking.LeaveUntil);
}
