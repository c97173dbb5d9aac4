using Microsoft.AspNetCore.Http.HttpResults;
using WeChatLib.Api.Auth;
using WeChatLib.Api.Errors;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.Endpoints;

/// <summary>Loan policies by patron group × item type (role: admin).</summary>
public static class LoanPolicyEndpoints
{
    public static IEndpointRouteBuilder MapLoanPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/staff/loan-policies").WithTags("Staff: loan policies").RequireStaff(StaffCapability.LoanPolicies)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        policies.MapGet("/", ListLoanPolicies).WithName(nameof(ListLoanPolicies));
        policies.MapPut("/{group}/{itemType}", SetLoanPolicy).WithName(nameof(SetLoanPolicy))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Every loan policy, by patron group then item type. A pair without one cannot be checked out or renewed.</summary>
    private static async Task<Ok<LoanPolicyView[]>> ListLoanPolicies(ListLoanPolicies list, CancellationToken cancellationToken) =>
        TypedResults.Ok((await list.HandleAsync(cancellationToken)).Select(LoanPolicyView.From).ToArray());

    /// <summary>
    /// Sets how a patron group (<c>undergraduate</c>, <c>graduate</c>, <c>faculty</c>, <c>staff</c>, <c>alumni</c>,
    /// <c>family_member</c>, <c>admitted</c>) borrows an item type (<c>book</c>, …), replacing any policy the pair had.
    /// It applies from the next checkout, preflight and renewal on: loans keep their due dates and past renewals stay as
    /// recorded. <c>recallReturnDays</c> and <c>guaranteedLoanDays</c> may be left out: they keep their current values (7
    /// and 14 for a new policy). Audited with the values before and after. Every bad field is listed in one answer.
    /// </summary>
    private static async Task<Results<Ok<LoanPolicyView>, ProblemHttpResult>> SetLoanPolicy(
        string group, string itemType, LoanPolicyBody body, HttpContext context, SetLoanPolicy set, CancellationToken cancellationToken) =>
        await set.HandleAsync(group, itemType, new LoanPolicyRequest(body.LoanPeriodDays, body.RenewalPeriodDays, body.MaxRenewals,
                body.RenewableDaysBeforeDue, body.OverdueRenewable, body.MaxOpenLoans, body.Renewable, body.RenewFrom, body.RecallReturnDays,
                body.GuaranteedLoanDays),
            AuditEntry.Staff(context.User.StaffId()!.Value), cancellationToken) switch
        {
            LoanPolicyChange.Saved saved => TypedResults.Ok(LoanPolicyView.From(saved.Entry)),
            LoanPolicyChange.Invalid invalid => ProblemTypes.Problem("validation", "Some fields are invalid; nothing was changed.",
                new Dictionary<string, object?> { ["errors"] = invalid.Problems }),
            _ => throw new InvalidOperationException("Unknown loan policy change."),
        };
}

/// <summary>A loan policy as an admin sends it.</summary>
/// <param name="LoanPeriodDays">Days from checkout to the due date, 1 to 730.</param>
/// <param name="RenewalPeriodDays">Days a renewal adds, 1 to 730, counted as <c>renewFrom</c> says.</param>
/// <param name="MaxRenewals">Renewals allowed per loan, 0 to 99.</param>
/// <param name="RenewableDaysBeforeDue">No renewal earlier than this many days before the due date (0 to 730); null: any time.</param>
/// <param name="OverdueRenewable">Whether an overdue loan may be renewed.</param>
/// <param name="MaxOpenLoans">Open loans of this item type a reader of the group may have, 0 to 1000.</param>
/// <param name="Renewable">False: this item type is never renewed for this group.</param>
/// <param name="RenewFrom"><c>today</c> (a second renewal on the same day moves nothing) or <c>due_date</c>.</param>
/// <param name="RecallReturnDays">A recalled loan is due this many days after the recall (0 to 365); left out: unchanged.</param>
/// <param name="GuaranteedLoanDays">But never earlier than this many days after checkout (0 to 730); left out: unchanged.</param>
public sealed record LoanPolicyBody(
    int? LoanPeriodDays, int? RenewalPeriodDays, int? MaxRenewals, int? RenewableDaysBeforeDue, bool? OverdueRenewable,
    int? MaxOpenLoans, bool? Renewable, string? RenewFrom, int? RecallReturnDays = null, int? GuaranteedLoanDays = null);

/// <summary>How one patron group borrows one item type.</summary>
/// <param name="Group">Patron group code, e.g. <c>undergraduate</c>.</param>
/// <param name="ItemType">Item type code, e.g. <c>book</c>.</param>
/// <param name="LoanPeriodDays">Days from checkout to the due date.</param>
/// <param name="RenewalPeriodDays">Days a renewal adds.</param>
/// <param name="MaxRenewals">Renewals allowed per loan.</param>
/// <param name="RenewableDaysBeforeDue">No renewal earlier than this many days before the due date; null: any time.</param>
/// <param name="OverdueRenewable">Whether an overdue loan may be renewed.</param>
/// <param name="MaxOpenLoans">Open loans of this item type a reader of the group may have.</param>
/// <param name="Renewable">Whether this item type may be renewed at all.</param>
/// <param name="RenewFrom"><c>today</c> or <c>due_date</c>.</param>
/// <param name="RecallReturnDays">A recalled loan is due this many days after the recall.</param>
/// <param name="GuaranteedLoanDays">But never earlier than this many days after checkout.</param>
public sealed record LoanPolicyView(
    string Group, string ItemType, int LoanPeriodDays, int RenewalPeriodDays, int MaxRenewals, int? RenewableDaysBeforeDue,
    bool OverdueRenewable, int MaxOpenLoans, bool Renewable, string RenewFrom, int RecallReturnDays, int GuaranteedLoanDays)
{
    public static LoanPolicyView From(LoanPolicyEntry entry) => new(entry.Group.Code(), entry.ItemType, entry.Policy.LoanPeriodDays,
        entry.Policy.RenewalPeriodDays, entry.Policy.MaxRenewals, entry.Policy.RenewableDaysBeforeDue, entry.Policy.OverdueRenewable,
        entry.Policy.MaxOpenLoans, entry.Policy.Renewable, entry.Policy.RenewFrom.Code(), entry.Policy.RecallReturnDays,
        entry.Policy.GuaranteedLoanDays);
}
