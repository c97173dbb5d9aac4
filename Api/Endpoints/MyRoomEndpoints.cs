using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// The signed-in reader's room bookings, as organiser or companion: book for a group, answer an invitation, cancel,
/// check in. The use cases are the chat's; a booking the reader is not in answers 404.
/// </summary>
public static class MyRoomEndpoints
{
    public static IEndpointRouteBuilder MapMyRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me/room-bookings").WithTags("Me: room bookings").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        mine.MapGet("/", GetMyRoomBookings).WithName(nameof(GetMyRoomBookings));
        mine.MapPost("/", BookRoomForGroup).WithName(nameof(BookRoomForGroup)).Idempotent()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapDelete("/{roomBookingId:long}", CancelMyRoomBooking).WithName(nameof(CancelMyRoomBooking))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{roomBookingId:long}/confirm", ConfirmMyRoomInvitation).WithName(nameof(ConfirmMyRoomInvitation)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{roomBookingId:long}/decline", DeclineMyRoomInvitation).WithName(nameof(DeclineMyRoomInvitation)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPost("/{roomBookingId:long}/check-in", CheckInMyRoom).WithName(nameof(CheckInMyRoom)).Idempotent()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The bookings the reader is in, live ones first, then those of the last seven days; each with its group and their answers.</summary>
    private static async Task<Results<Ok<MyRoomBookingsView>, ProblemHttpResult>> GetMyRoomBookings(HttpContext context, ListMyRoomBookings list,
        CancellationToken cancellationToken)
    {
        if (Reader(context) is not { } reader || await list.HandleAsync(reader, cancellationToken) is not { } mine)
            return ProblemTypes.Problem("invalid-token");
        return TypedResults.Ok(new MyRoomBookingsView(
            [.. mine.Bookings.Select(b => RoomBookingView.From(b, mine.Reader.Id, mine.Limits, mine.Reader.PreferredLanguage))]));
    }

    /// <summary>
    /// Books a room for a group: the reader organises, each companion (by card number) is invited to confirm by a
    /// notice. 201 with the booking: <c>pending</c> until enough confirm, or at once <c>confirmed</c> (or
    /// <c>awaiting_approval</c>) when the room's minimum group is one. 422 <c>room-refused</c> with every reason; 409
    /// <c>room-taken</c> when another group took the room first, with up to three later free slots of the same length that
    /// day (<c>nextFree</c>); 422 <c>validation</c> for a missing room or start.
    /// </summary>
    private static async Task<Results<Created<RoomBookingView>, ProblemHttpResult>> BookRoomForGroup(BookRoomRequest request, HttpContext context,
        BookRoom book, LibraryClock clock, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string>();
        if (request.RoomId is null)
            problems["roomId"] = "is required";
        if (request.Starts is null)
            problems["starts"] = "is required";
        if (request.Minutes is < 1 or > 1440)
            problems["minutes"] = "must be between 1 and 1440";
        if (request.Companions is { Length: > 200 })
            problems["companions"] = "at most 200";
        else if (request.Companions?.Any(string.IsNullOrWhiteSpace) == true)
            problems["companions"] = "each must be a card number";
        if (request.Topic is { Length: > 100 })
            problems["topic"] = "at most 100 characters";
        if (problems.Count > 0)
            return StaffRoomEndpoints.Invalid(problems);
        if (Reader(context) is not { } reader)
            return ProblemTypes.Problem("invalid-token");
        var asked = new RoomRequest(request.RoomId!.Value, request.Starts!.Value, request.Minutes ?? 60, request.Companions ?? [], request.Topic);
        return await book.HandleAsync(reader, asked, cancellationToken) switch
        {
            RoomBookingResult.Booked booked => TypedResults.Created($"/api/v1/me/room-bookings/{booked.Booking.Id}",
                RoomBookingView.From(booked.Booking, reader.PatronId, booked.Limits, booked.Language)),
            RoomBookingResult.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
            RoomBookingResult.Taken taken => ProblemTypes.Problem("room-taken",
                taken.Language == Language.En ? $"Room {taken.Room.Code} was taken first for that time." : $"研讨室{taken.Room.Code}该时段已被抢先预约。",
                new Dictionary<string, object?>
                {
                    ["roomId"] = taken.Room.Id,
                    ["room"] = taken.Room.Code,
                    ["starts"] = taken.Starts,
                    ["ends"] = taken.Ends,
                    ["nextFree"] = taken.NextFree.Select(RoomSlotView.From).ToArray(),
                }),
            _ => ProblemTypes.Problem("invalid-token"),
        };
    }

    /// <summary>The organiser cancels the booking before it starts (204); each companion is told. 422 <c>room-refused</c> for a companion, after the start or once ended.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CancelMyRoomBooking(long roomBookingId, HttpContext context, CancelRoomBooking cancel,
        LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : await cancel.HandleAsync(reader, roomBookingId, cancellationToken) switch
        {
            RoomChange.Done => TypedResults.NoContent(),
            RoomChange.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
            _ => ProblemTypes.NotFound("No such room booking."),
        };

    /// <summary>
    /// A companion confirms the invitation: from now they hold the room, and once enough have confirmed the booking holds
    /// (or goes to staff). 422 <c>already_in_room</c> when they hold another room for part of the time.
    /// </summary>
    private static async Task<Results<Ok<RoomBookingView>, ProblemHttpResult>> ConfirmMyRoomInvitation(long roomBookingId, HttpContext context,
        ConfirmRoomInvitation confirm, LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await confirm.HandleAsync(reader, roomBookingId, cancellationToken), reader, clock);

    /// <summary>A companion declines the invitation; the group sees the answer.</summary>
    private static async Task<Results<Ok<RoomBookingView>, ProblemHttpResult>> DeclineMyRoomInvitation(long roomBookingId, HttpContext context,
        DeclineRoomInvitation decline, LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await decline.HandleAsync(reader, roomBookingId, cancellationToken), reader, clock);

    /// <summary>
    /// A member who holds the booking checks the group in with what the room door's QR code carries (its code, or a URL or
    /// text naming it), from shortly before the start to shortly after; a confirmed booking only.
    /// </summary>
    private static async Task<Results<Ok<RoomBookingView>, ProblemHttpResult>> CheckInMyRoom(long roomBookingId, RoomCheckInRequest request,
        HttpContext context, CheckInRoom checkIn, LibraryClock clock, CancellationToken cancellationToken) =>
        Reader(context) is not { } reader ? ProblemTypes.Problem("invalid-token")
        : Answer(await checkIn.HandleAsync(reader, roomBookingId, request.Room, cancellationToken), reader, clock);

    private static Results<Ok<RoomBookingView>, ProblemHttpResult> Answer(RoomChange change, ReaderRef.Patron reader, LibraryClock clock) => change switch
    {
        RoomChange.Done done => TypedResults.Ok(RoomBookingView.From(done.Booking, reader.PatronId, done.Limits, done.Language)),
        RoomChange.Refused refused => Refused(refused.Reasons, refused.Language, clock.Zone),
        _ => ProblemTypes.NotFound("No such room booking."),
    };

    private static ProblemHttpResult Refused(IReadOnlyList<RoomRefusal> reasons, Language language, TimeZoneInfo zone)
    {
        var views = RoomRefusalView.All(reasons, language, zone);
        return ProblemTypes.Problem("room-refused", string.Join(language == Language.En ? "; " : "；", views.Select(r => r.Message)),
            new Dictionary<string, object?> { ["reasons"] = views });
    }

    private static ReaderRef.Patron? Reader(HttpContext context) => context.User.PatronId() is { } id ? new ReaderRef.Patron(id) : null;
}
