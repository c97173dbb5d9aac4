using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>Hold policies by patron group (role: admin, as loan policies).</summary>
public static class HoldPolicyEndpoints
{
    public static IEndpointRouteBuilder MapHoldPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/staff/hold-policies").WithTags("Staff: hold policies").RequireStaff(StaffCapability.LoanPolicies)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        policies.MapGet("/", ListHoldPolicies).WithName(nameof(ListHoldPolicies));
        policies.MapPut("/{group}", SetHoldPolicy).WithName(nameof(SetHoldPolicy)).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every patron group's hold policy. A group without one may not place holds.</summary>
    private static async Task<Ok<HoldPolicyView[]>> ListHoldPolicies(ListHoldPolicies list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(cancellationToken)).Select(HoldPolicyView.From).ToArray());

    /// <summary>
    /// Sets how a patron group (<c>undergraduate</c>, <c>graduate</c>, <c>faculty</c>, <c>staff</c>, <c>alumni</c>,
    /// <c>family_member</c>, <c>admitted</c>) may hold, replacing its policy. Holds already placed stay: the limit applies
    /// to the next hold, the pickup days to the next copy put on the hold shelf. Audited with the values before and after.
    /// Every bad field is listed in one answer.
    /// </summary>
    private static async Task<Results<Ok<HoldPolicyView>, ProblemHttpResult>> SetHoldPolicy(
        string group, HoldPolicyBody body, HttpContext context, SetHoldPolicy set, CancellationToken cancellationToken) =>
        await set.HandleAsync(group, new HoldPolicyRequest(body.MaxOpenHolds, body.PickupOpenDays),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            HoldPolicyChange.Saved saved => TypedResults.Ok(HoldPolicyView.From(saved.Entry)),
            HoldPolicyChange.Invalid invalid => ProblemTypes.Problem("validation", "Some fields are invalid; nothing was changed.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => throw new InvalidOperationException("Unknown hold policy change."),
        };
}

/// <summary>A hold policy as an admin sends it.</summary>
/// <param name="MaxOpenHolds">Open holds (waiting, in transit or ready) a reader of the group may have at once, 0 to 100; 0: no holds.</param>
/// <param name="PickupOpenDays">Open days of the pickup branch a copy waits on the hold shelf, 1 to 60.</param>
public sealed record HoldPolicyBody(int? MaxOpenHolds, int? PickupOpenDays);

/// <summary>How one patron group may hold.</summary>
/// <param name="Group">Patron group code, e.g. <c>undergraduate</c>.</param>
/// <param name="MaxOpenHolds">Open holds a reader of the group may have at once.</param>
/// <param name="PickupOpenDays">Open days a copy waits on the hold shelf.</param>
public sealed record HoldPolicyView(string Group, int MaxOpenHolds, int PickupOpenDays)
{
    public static HoldPolicyView From(HoldPolicyEntry entry) => new(entry.Group.Code(), entry.Policy.MaxOpenHolds, entry.Policy.PickupOpenDays);
}
