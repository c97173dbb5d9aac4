using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Api.Endpoints;

/// <summary>
/// Seat standing: the violations a reader's released bookings recorded and the suspensions they brought. The reader
/// reads their own (the token's patron); staff read any reader's by card number and lift a suspension.
/// </summary>
public static class SeatStandingEndpoints
{
    public static IEndpointRouteBuilder MapSeatStandingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/me").WithTags("Me: seats").RequireAuthorization(AuthSetup.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/seat-standing", GetMySeatStanding).WithName(nameof(GetMySeatStanding));

        var staff = app.MapGroup("/api/v1/staff").WithTags("Staff: seat standing").RequireStaff(StaffCapability.SeatStanding)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        staff.MapGet("/patrons/{cardNumber}/seat-standing", GetPatronSeatStanding).WithName(nameof(GetPatronSeatStanding))
            .ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("/seat-suspensions/{suspensionId:long}/lift", LiftSeatSuspension).WithName(nameof(LiftSeatSuspension))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Whether the reader may book seats: suspended until when and why, the violations within the window (each with
    /// when its seat was released and why, e.g. "Released 12-02 07:31: no check-in") and how many more would suspend.
    /// </summary>
    private static async Task<Results<Ok<MySeatStandingView>, ProblemHttpResult>> GetMySeatStanding(
        HttpContext context, GetSeatStanding get, LibraryClock clock, CancellationToken cancellationToken)
    {
        if (context.User.PatronId() is not { } patronId)
            return ProblemTypes.Problem("invalid-token");
        return TypedResults.Ok(MySeatStandingView.From(await get.ForReaderAsync(patronId, cancellationToken), clock));
    }

    /// <summary>A reader's whole seat record: every violation with its booking, every suspension (lifted ones with the note), the rules.</summary>
    private static async Task<Results<Ok<StaffSeatStandingView>, ProblemHttpResult>> GetPatronSeatStanding(
        string cardNumber, GetSeatStanding get, LibraryClock clock, CancellationToken cancellationToken) =>
        await get.ForStaffAsync(cardNumber, cancellationToken) is { } standing
            ? TypedResults.Ok(StaffSeatStandingView.From(cardNumber, standing, clock))
            : ProblemTypes.NotFound($"No patron has card number {cardNumber}.");

    /// <summary>
    /// Lifts a suspension in force, with a note saying why (required, up to 500 characters): the reader may book again at
    /// once. Audited with the note. 404 for an unknown suspension; 409 <c>conflict</c> for one already lifted or over.
    /// </summary>
    private static async Task<Results<Ok<SeatSuspensionView>, ProblemHttpResult>> LiftSeatSuspension(
        long suspensionId, LiftSuspensionBody body, HttpContext context, LiftSeatSuspension lift, CancellationToken cancellationToken) =>
        await lift.HandleAsync(suspensionId, body.Note, AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            SuspensionLift.Lifted lifted => TypedResults.Ok(SeatSuspensionView.From(lifted.Suspension)),
            SuspensionLift.NotInForce over => ProblemTypes.Problem("conflict", over.Suspension.LiftedAt is null
                ? "The suspension is over." : "The suspension was lifted already."),
            SuspensionLift.Invalid invalid => ProblemTypes.Problem("validation", "The note is required.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => ProblemTypes.NotFound("No such suspension."),
        };
}

/// <summary>Why staff lift a suspension.</summary>
/// <param name="Note">Required, up to 500 characters; kept with the suspension and in the audit log.</param>
public sealed record LiftSuspensionBody(string? Note);
