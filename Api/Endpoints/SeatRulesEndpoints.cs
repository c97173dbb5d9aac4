using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Api.Endpoints;

/// <summary>The seat fairness rules (role: admin): violations that suspend, their window, the suspension's length, daily cancellations.</summary>
public static class SeatRulesEndpoints
{
    public static IEndpointRouteBuilder MapSeatRulesEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/staff/seat-rules").WithTags("Staff: seat rules").RequireStaff(StaffCapability.SeatRules)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        rules.MapGet("/", GetSeatRules).WithName(nameof(GetSeatRules));
        rules.MapPatch("/", UpdateSeatRules).WithName(nameof(UpdateSeatRules)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The fairness rules now in force.</summary>
    private static async Task<Ok<SeatRulesView>> GetSeatRules(GetSeatRules get, CancellationToken cancellationToken) =>
        TypedResults.Ok(SeatRulesView.From(await get.HandleAsync(cancellationToken)));

    /// <summary>
    /// Changes the fields sent and keeps the others. The next violation is judged by the new rules; suspensions already
    /// begun keep their end. Audited with the rules before and after. Every bad field is listed in one answer.
    /// </summary>
    private static async Task<Results<Ok<SeatRulesView>, ProblemHttpResult>> UpdateSeatRules(
        SeatRulesBody body, HttpContext context, UpdateSeatRules update, CancellationToken cancellationToken) =>
        await update.HandleAsync(new SeatRulesRequest(body.ViolationsToSuspend, body.ViolationWindowDays, body.SuspensionDays, body.DailyCancellations),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            SeatRulesChange.Saved saved => TypedResults.Ok(SeatRulesView.From(saved.After)),
            SeatRulesChange.Invalid invalid => ProblemTypes.Problem("validation", "Some fields are invalid; nothing was changed.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => throw new InvalidOperationException("Unknown seat rules change."),
        };
}

/// <summary>The fields to change; those left out keep their value.</summary>
/// <param name="ViolationsToSuspend">Violations within the window that suspend seat booking, 1 to 100.</param>
/// <param name="ViolationWindowDays">Days violations are counted in, 1 to 365.</param>
/// <param name="SuspensionDays">Days a suspension lasts, 1 to 365.</param>
/// <param name="DailyCancellations">Bookings a reader may cancel a day, 0 to 100.</param>
public sealed record SeatRulesBody(int? ViolationsToSuspend, int? ViolationWindowDays, int? SuspensionDays, int? DailyCancellations);
