using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Seat booking for the H5 floor view: zones with live free counts, seat maps, and the signed-in reader's bookings
/// (book, cancel, check in, temporary leave, return, leave the seat). The use cases are the chat's; another reader's
/// booking answers 404.
/// </summary>
public static class MySeatEndpoints
{
    public static IEndpointRouteBuilder MapMySeatEndpoints(this IEndpointRouteBuilder app)
    {
        var zones = app.MapGroup("/api/v1/seat-zones").WithTags("Seats").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        zones.MapGet("/", ListSeatZonesNow).WithName(nameof(ListSeatZonesNow));
        zones.MapGet("/{zoneId:long}/seats", GetZoneSeatMap).WithName(nameof(GetZoneSeatMap)).ProducesProblem(StatusCodes.Status404NotFound);

        var mine = app.MapGroup("/api/v1/me/seat-bookings").WithTags("Me: seat bookings").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        mine.MapGet("/", GetMySeatBookings).WithName(nameof(GetMySeatBookings));
        mine.MapPost("/", BookMySeat).WithName(nameof(BookMySeat)).Idempotent()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        mine.MapDelete("/{bookingId:long}", CancelMySeatBooking).WithName(nameof(CancelMySeatBooking))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{bookingId:long}/check-in", CheckInMySeat).WithName(nameof(CheckInMySeat)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{bookingId:long}/leave", StartMySeatLeave).WithName(nameof(StartMySeatLeave)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{bookingId:long}/return", ReturnToMySeat).WithName(nameof(ReturnToMySeat)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{bookingId:long}/finish", FinishMySeatBooking).WithName(nameof(FinishMySeatBooking)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Zones (of the branch <c>branch</c> names, or all) with their seats and how many are free now; switched-off zones are left out.</summary>
    // Asked over and over during the morning rush: answered from Redis and one small read of the zones, no reader lookup.
    private static async Task<Ok<SeatZoneView[]>> ListSeatZonesNow(string? branch, ListSeatZones list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(branch, enabledOnly: true, cancellationToken)).Select(SeatZoneView.From).ToArray());

    /// <summary>The zone's seats for the floor view: attributes, grid row and column, and whether each is taken now.</summary>
    private static async Task<Results<Ok<SeatMapView>, ProblemHttpResult>> GetZoneSeatMap(long zoneId, GetSeatMap map, CancellationToken cancellationToken) =>
        await map.HandleAsync(zoneId, cancellationToken) is not { } found
            ? ProblemTypes.NotFound("No such zone.")
            : TypedResults.Ok(new SeatMapView(found.Zone.Id, found.Zone.Name, found.Zone.NameEn, found.Zone.Floor,
                [.. found.Seats.Select(s => SeatView.From(s.Seat, s.Taken))]));

    /// <summary>
    /// The reader's live booking first, then those of the last seven days, each ended one with how and when it ended;
    /// <c>lastEnded</c> is the one that ended last, as the chat's 我的座位 tells it.
    /// </summary>
    private static async Task<Results<Ok<MySeatBookingsView>, ProblemHttpResult>> GetMySeatBookings(HttpContext context, ListMySeatBookings list,
        LibraryClock clock, CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await list.HandleAsync(reader, cancellationToken) is not { } mine)
            return ProblemTypes.Problem("invalid-token");
        // The live booking carries its zone's rules, so that it shows until when it may be checked in.
        SeatBookingView View(SeatBooking b) => SeatBookingView.From(b, b.Live ? mine.LiveZone?.Rules : null, mine.Reader.PreferredLanguage, clock.Zone);
        return TypedResults.Ok(new MySeatBookingsView([.. mine.Bookings.Select(View)], mine.LastEnded is { } last ? View(last) : null));
    }

    /// <summary>
    /// Books a seat by code, or the best free seat of a zone. 201 with the booking and its check-in window; 422
    /// <c>seat-refused</c> with every reason; 409 <c>seat-taken</c> when another reader took it first, with up to three
    /// free seats of the zone (<c>nearest</c>); 422 <c>validation</c> unless exactly one of <c>seat</c> and <c>zoneId</c> is given;
    /// 429 <c>too-many-requests</c> with <c>Retry-After</c> past <c>RateLimits:SeatRequests:PerMinute</c> for the reader.
    /// </summary>
    private static async Task<Results<Created<SeatBookingView>, ProblemHttpResult>> BookMySeat(BookSeatRequest request, HttpContext context,
        BookSeat book, LibraryClock clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Seat) == request.ZoneId is null)
            return ProblemTypes.Problem("validation", "seat: give exactly one of seat and zoneId",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["seat"] = ["give exactly one of seat and zoneId"] } });
        if (request.Minutes is < 1 or > 1440)
            return ProblemTypes.Problem("validation", "minutes: must be between 1 and 1440",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["minutes"] = ["must be between 1 and 1440"] } });
        if (Reader(context) is not { } reader)
            return ProblemTypes.Problem("invalid-token");
        var asked = new SeatRequest(string.IsNullOrWhiteSpace(request.Seat) ? null : request.Seat.Trim(), request.ZoneId, request.Starts, request.Minutes,
            new SeatPreference(request.PreferPower ?? false, request.PreferLamp ?? false, request.PreferWindow ?? false));
        return await book.HandleAsync(reader, asked, cancellationToken) switch
        {
            SeatBookingResult.Booked booked => TypedResults.Created($"/api/v1/me/seat-bookings/{booked.Booking.Id}",
                SeatBookingView.From(booked.Booking, booked.Rules, booked.Language, clock.Zone)),
            SeatBookingResult.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
            SeatBookingResult.Taken taken => ProblemTypes.Problem("seat-taken",
                taken.Seat is { } seat ? $"Seat {seat} was taken first." : "No seat of the zone is free for that time.",
                new Dictionary<string, object?>
                {
                    ["seat"] = taken.Seat,
                    ["zoneId"] = taken.Zone.Id,
                    ["nearest"] = taken.Nearest.Select(FreeSeatView.From).ToArray(),
                }),
            SeatBookingResult.TooManyRequests tooMany => TooManyRequests(context, tooMany.RetryAfter),
            _ => ProblemTypes.Problem("invalid-token"),
        };
    }

    /// <summary>Cancels a booking not yet checked in (204); counts towards the daily cancellation cap. 422 <c>seat-refused</c> once checked in or ended.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CancelMySeatBooking(long bookingId, HttpContext context, CancelSeatBooking cancel,
        LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : await cancel.HandleAsync(reader, bookingId, cancellationToken) switch
        {
            SeatChange.Done => TypedResults.NoContent(),
            SeatChange.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
            _ => ProblemTypes.NotFound("No such seat booking."),
        };

    /// <summary>
    /// Checks in with what the seat's QR code carries (its code, or a URL or text naming it), from the window's opening to
    /// its close; a wrong seat answers <c>wrong_seat</c> naming the booked one.
    /// </summary>
    private static async Task<Results<Ok<SeatBookingView>, ProblemHttpResult>> CheckInMySeat(long bookingId, CheckInRequest request, HttpContext context,
        CheckInSeat checkIn, LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await checkIn.HandleAsync(reader, bookingId, request.Seat, cancellationToken), clock);

    /// <summary>Starts temporary leave (暂离) from a checked-in seat; <c>leaveUntil</c> says when the seat is released unless the reader returns.</summary>
    private static async Task<Results<Ok<SeatBookingView>, ProblemHttpResult>> StartMySeatLeave(long bookingId, HttpContext context, StartSeatLeave leave,
        LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await leave.HandleAsync(reader, bookingId, cancellationToken), clock);

    /// <summary>Back at the seat from temporary leave, before it runs out.</summary>
    private static async Task<Results<Ok<SeatBookingView>, ProblemHttpResult>> ReturnToMySeat(long bookingId, HttpContext context, ReturnFromSeatLeave back,
        LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await back.HandleAsync(reader, bookingId, cancellationToken), clock);

    /// <summary>Leaves the seat (签退): the booking finishes now and the rest of its time is free for others.</summary>
    private static async Task<Results<Ok<SeatBookingView>, ProblemHttpResult>> FinishMySeatBooking(long bookingId, HttpContext context, LeaveSeat leave,
        LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await leave.HandleAsync(reader, bookingId, cancellationToken), clock);

    private static Results<Ok<SeatBookingView>, ProblemHttpResult> Answer(SeatChange change, LibraryClock clock) => change switch
    {
        SeatChange.Done done => TypedResults.Ok(SeatBookingView.From(done.Booking, null, done.Language, clock.Zone)),
        SeatChange.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
        _ => ProblemTypes.NotFound("No such seat booking."),
    };

    private static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemTypes.Problem("too-many-requests", "Too many seat requests; try again in a minute.");
    }

    private static ProblemHttpResult Refused(IReadOnlyList<SeatRefusal> reasons, Language language, TimeZoneInfo zone)
    {
        var views = SeatRefusalView.All(reasons, language, zone);
        return ProblemTypes.Problem("seat-refused", string.Join(language == Language.En ? "; " : "；", views.Select(r => r.Message)),
            new Dictionary<string, object?> { ["reasons"] = views });
    }

    private static ReaderRef.Patron? Reader(HttpContext context) => context.User.PatronId() is { } id ? new ReaderRef.Patron(id) : null;
}
