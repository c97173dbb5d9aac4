using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Api.Endpoints;

/// <summary>Study and discussion rooms for the H5 booking page: the open rooms, and a day's availability grid.</summary>
public static class RoomEndpoints
{
    public static IEndpointRouteBuilder MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/v1/rooms").WithTags("Rooms").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        rooms.MapGet("/", ListOpenRooms).WithName(nameof(ListOpenRooms));
        rooms.MapGet("/availability", GetRoomAvailabilityGrid).WithName(nameof(GetRoomAvailabilityGrid))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The open rooms, of the branch <c>branch</c> names or all: capacity, minimum group, equipment, photo, approval, who may book.</summary>
    private static async Task<Ok<RoomView[]>> ListOpenRooms(string? branch, ListRooms list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(branch, enabledOnly: true, cancellationToken)).Select(RoomView.From).ToArray());

    /// <summary>
    /// The availability grid for <c>date</c> (<c>YYYY-MM-DD</c>, library time; today when left out): each open room of the
    /// branch <c>branch</c> names (or all) with its 30-minute slots within the branch's opening hours, each <c>free</c>,
    /// <c>taken</c>, <c>blocked</c> or <c>closed</c>, and the last day the library's room rules let one book (a later day has every
    /// slot closed).
    /// </summary>
    private static async Task<Results<Ok<RoomAvailabilityView>, ProblemHttpResult>> GetRoomAvailabilityGrid(string? date, string? branch,
        GetRoomAvailability availability, CancellationToken cancellationToken) =>
        !RoomDate.TryParse(date, out var day)
            ? StaffRoomEndpoints.Invalid(new Dictionary<string, string> { ["date"] = "must be a date as YYYY-MM-DD" })
            : TypedResults.Ok(RoomAvailabilityView.From(await availability.HandleAsync(day, branch, cancellationToken)));
}
