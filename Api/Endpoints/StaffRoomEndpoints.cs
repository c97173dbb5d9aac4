using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Api.Endpoints;

/// <summary>Rooms as staff run them (roles: admin, circulation): rooms, blocks, the day's calendar of every room, and the approvals queue.</summary>
public static class StaffRoomEndpoints
{
    public static IEndpointRouteBuilder MapStaffRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var desk = app.MapGroup("/api/v1/staff").WithTags("Staff: rooms").RequireStaff(StaffCapability.Rooms)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        desk.MapGet("/rooms", ListStaffRooms).WithName(nameof(ListStaffRooms));
        desk.MapPost("/rooms", CreateRoom).WithName(nameof(CreateRoom))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPatch("/rooms/{roomId:long}", UpdateRoom).WithName(nameof(UpdateRoom))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapPost("/rooms/{roomId:long}/blocks", BlockRoomForPeriod).WithName(nameof(BlockRoomForPeriod))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapGet("/room-calendar", GetStaffRoomCalendar).WithName(nameof(GetStaffRoomCalendar)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        desk.MapGet("/room-approvals", ListRoomApprovalQueue).WithName(nameof(ListRoomApprovalQueue));
        desk.MapPost("/room-approvals/{roomBookingId:long}/approve", ApproveRoomBooking).WithName(nameof(ApproveRoomBooking))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        desk.MapPost("/room-approvals/{roomBookingId:long}/reject", RejectRoomBooking).WithName(nameof(RejectRoomBooking))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every room (switched-off ones too), of the branch <c>branch</c> names or all.</summary>
    private static async Task<Ok<RoomView[]>> ListStaffRooms(string? branch, ListRooms list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(branch, enabledOnly: false, cancellationToken)).Select(RoomView.From).ToArray());

    /// <summary>Creates a room in a branch; left out: floor empty, kind <c>discussion</c>, minimum group 1, no equipment, no approval, every patron group, enabled.</summary>
    private static async Task<Results<Created<SavedRoom>, ProblemHttpResult>> CreateRoom(RoomRequestBody request, HttpContext context, ManageRooms manage,
        CancellationToken cancellationToken) =>
        await manage.CreateAsync(request.Branch ?? "", request.Fields(), StaffId(context), cancellationToken) switch
        {
            RoomSetup.Saved saved => TypedResults.Created($"/api/v1/staff/rooms/{saved.Id}", new SavedRoom(saved.Id)),
            var other => Problem(other),
        };

    /// <summary>Changes only the fields sent; <c>enabled: false</c> switches the room off for new bookings (those it has stay).</summary>
    private static async Task<Results<Ok<SavedRoom>, ProblemHttpResult>> UpdateRoom(long roomId, RoomRequestBody request, HttpContext context,
        ManageRooms manage, CancellationToken cancellationToken) =>
        await manage.UpdateAsync(roomId, request.Fields(), StaffId(context), cancellationToken) switch
        {
            RoomSetup.Saved saved => TypedResults.Ok(new SavedRoom(saved.Id)),
            var other => Problem(other),
        };

    /// <summary>
    /// Blocks the room from <c>from</c> until <c>until</c> (an event, maintenance): no booking may meet the period, and
    /// every live booking it meets is cancelled now (<c>room_blocked</c>), each member told by a <c>room-cancelled</c>
    /// notice. Audited.
    /// </summary>
    private static async Task<Results<Ok<RoomBlockResultView>, ProblemHttpResult>> BlockRoomForPeriod(long roomId, RoomBlockRequest request,
        HttpContext context, BlockRoom block, CancellationToken cancellationToken) =>
        await block.HandleAsync(roomId, request.From, request.Until, request.Reason ?? "", StaffId(context), cancellationToken) switch
        {
            RoomBlocking.Blocked blocked => TypedResults.Ok(new RoomBlockResultView(blocked.BlockId, [.. blocked.Cancelled.Select(b => b.Id)])),
            RoomBlocking.Invalid invalid => Invalid(new Dictionary<string, string> { ["block"] = invalid.Problem }),
            _ => ProblemTypes.NotFound("No such room."),
        };

    /// <summary>The calendar of every room (of the branch <c>branch</c> names, or all) for <c>date</c> (today when left out): bookings in any state with their group, and blocks.</summary>
    private static async Task<Results<Ok<RoomCalendarView>, ProblemHttpResult>> GetStaffRoomCalendar(string? date, string? branch,
        GetRoomCalendar calendar, CancellationToken cancellationToken) =>
        !RoomDate.TryParse(date, out var day)
            ? Invalid(new Dictionary<string, string> { ["date"] = "must be a date as YYYY-MM-DD" })
            : TypedResults.Ok(RoomCalendarView.From(await calendar.HandleAsync(day, branch, cancellationToken)));

    /// <summary>Bookings whose group has confirmed and that wait for a decision, oldest first, each with its deadline (<c>confirmBy</c>).</summary>
    private static async Task<Ok<StaffRoomBookingView[]>> ListRoomApprovalQueue(ListRoomApprovals approvals, CancellationToken cancellationToken) =>
        TypedResults.Ok((await approvals.HandleAsync(cancellationToken)).Select(StaffRoomBookingView.From).ToArray());

    /// <summary>
    /// Approves the booking: it is confirmed, and the group told (<c>room-approval</c>). 409 <c>conflict</c> when it is not
    /// awaiting approval (decided already, lapsed), or its deadline (<c>confirmBy</c>) has passed and it lapses.
    /// </summary>
    private static async Task<Results<Ok<StaffRoomBookingView>, ProblemHttpResult>> ApproveRoomBooking(long roomBookingId, RoomDecisionRequest? request,
        HttpContext context, DecideRoomApproval decide, CancellationToken cancellationToken) =>
        Decided(await decide.ApproveAsync(roomBookingId, StaffId(context), request?.Note, cancellationToken));

    /// <summary>Rejects the booking with a reason (<c>reason</c>, required): it ends, and the group is told why. 409 <c>conflict</c> when it is not awaiting approval.</summary>
    private static async Task<Results<Ok<StaffRoomBookingView>, ProblemHttpResult>> RejectRoomBooking(long roomBookingId, RoomRejectionRequest request,
        HttpContext context, DecideRoomApproval decide, CancellationToken cancellationToken) =>
        Decided(await decide.RejectAsync(roomBookingId, StaffId(context), request.Reason ?? "", cancellationToken));

    private static Results<Ok<StaffRoomBookingView>, ProblemHttpResult> Decided(RoomApprovalResult result) => result switch
    {
        RoomApprovalResult.Decided decided => TypedResults.Ok(StaffRoomBookingView.From(decided.Booking)),
        RoomApprovalResult.NotAwaiting not => ProblemTypes.Problem("conflict", $"The booking is not awaiting approval ({not.Booking.Status}).",
            new Dictionary<string, object?> { ["bookingStatus"] = not.Booking.Status }),
        RoomApprovalResult.DeadlinePassed late => ProblemTypes.Problem("conflict",
            $"The deadline for a decision passed at {late.Booking.ConfirmBy.ToString("O", CultureInfo.InvariantCulture)}; the booking lapses.",
            new Dictionary<string, object?> { ["bookingStatus"] = late.Booking.Status, ["confirmBy"] = late.Booking.ConfirmBy }),
        RoomApprovalResult.Invalid invalid => Invalid(new Dictionary<string, string> { ["reason"] = invalid.Problem }),
        _ => ProblemTypes.NotFound("No such room booking."),
    };

    private static ProblemHttpResult Problem(RoomSetup result) => result switch
    {
        RoomSetup.Invalid invalid => Invalid(invalid.Problems),
        RoomSetup.Conflict conflict => ProblemTypes.Problem("conflict", conflict.Detail),
        _ => ProblemTypes.NotFound("No such room."),
    };

    internal static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string> problems) =>
        ProblemTypes.Problem("validation", string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")),
            new Dictionary<string, object?> { ["errors"] = problems.ToDictionary(p => p.Key, p => new[] { p.Value }) });

    private static long StaffId(HttpContext context) => context.User.StaffId()!.Value;
}

/// <param name="Id">The room's id.</param>
public sealed record SavedRoom(long Id);

/// <summary>A room's fields; on update, those left out stay as they are.</summary>
/// <param name="Branch">Branch code (on creation).</param>
/// <param name="Code">What the QR code on its door carries: 1–32 of A-Z, a-z, 0-9 and -, unique in the library.</param>
/// <param name="Name">Name in Chinese.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="Floor">The floor it is on, e.g. <c>4F</c>.</param>
/// <param name="Kind"><c>study</c>, <c>discussion</c>, <c>seminar</c> or <c>media</c>.</param>
/// <param name="Capacity">Most people in a booking, 1–200 (required on creation).</param>
/// <param name="MinGroup">People (the organiser included) who must confirm before a booking holds, 1 to the capacity.</param>
/// <param name="HasScreen">A screen or projector.</param>
/// <param name="HasWhiteboard">A whiteboard.</param>
/// <param name="HasVideo">Video conferencing.</param>
/// <param name="PhotoUrl">An http(s) link to a photo; empty removes it.</param>
/// <param name="NeedsApproval">Bookings go to staff for approval once the group has confirmed.</param>
/// <param name="PatronGroups">The patron groups that may book it (e.g. <c>["faculty"]</c>); empty opens it to every group.</param>
/// <param name="Enabled">False switches it off: no new bookings.</param>
public sealed record RoomRequestBody(string? Branch, string? Code, string? Name, string? NameEn, string? Floor, string? Kind, int? Capacity, int? MinGroup,
    bool? HasScreen, bool? HasWhiteboard, bool? HasVideo, string? PhotoUrl, bool? NeedsApproval, string[]? PatronGroups, bool? Enabled)
{
    public RoomFields Fields() => new(Code?.Trim(), Name?.Trim(), NameEn?.Trim(), Floor?.Trim(), Kind?.Trim(), Capacity, MinGroup, HasScreen, HasWhiteboard,
        HasVideo, PhotoUrl?.Trim(), NeedsApproval, PatronGroups?.Select(g => g.Trim()).ToArray(), Enabled);
}

/// <param name="From">Start of the block.</param>
/// <param name="Until">End of the block.</param>
/// <param name="Reason">Why, told to the groups whose bookings it cancels.</param>
public sealed record RoomBlockRequest(DateTimeOffset From, DateTimeOffset Until, string? Reason);

/// <param name="BlockId">The block's id.</param>
/// <param name="CancelledBookings">The live bookings it met, now cancelled with a notice to each member.</param>
public sealed record RoomBlockResultView(long BlockId, long[] CancelledBookings);

/// <param name="Note">A note to the group (optional).</param>
public sealed record RoomDecisionRequest(string? Note);

/// <param name="Reason">Why the booking is rejected, told to the group.</param>
public sealed record RoomRejectionRequest(string? Reason);
