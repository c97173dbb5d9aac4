using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// An admin sets how one patron group borrows one item type. The change applies from the next checkout, preflight,
/// renewal or recall on; loans keep the due dates they have and past renewals stay as recorded. The recall intervals
/// may be left out: they keep the value the policy had (the database's default for a new policy).
/// </summary>
public sealed class SetLoanPolicy(ILoanPolicies policies)
{
    public const int MaxPeriodDays = 730;
    public const int MaxRenewalsLimit = 99;
    public const int MaxOpenLoansLimit = 1000;
    public const int MaxRecallReturnDays = 365;

    public async Task<LoanPolicyChange> HandleAsync(string? group, string? itemType, LoanPolicyRequest request, string actor, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (!PatronCodes.TryParseGroup(group, out var patronGroup))
            problems["group"] = [$"one of {string.Join(", ", PatronCodes.GroupCodes)}"];
        var type = itemType?.Trim().ToLowerInvariant() ?? "";
        if (type.Length == 0)
            problems["itemType"] = ["required"];
        var loanPeriod = Within(request.LoanPeriodDays, "loanPeriodDays", 1, MaxPeriodDays, problems);
        var renewalPeriod = Within(request.RenewalPeriodDays, "renewalPeriodDays", 1, MaxPeriodDays, problems);
        var maxRenewals = Within(request.MaxRenewals, "maxRenewals", 0, MaxRenewalsLimit, problems);
        // Null is a policy too: renewable at any time before the due date.
        if (request.RenewableDaysBeforeDue is < 0 or > MaxPeriodDays)
            problems["renewableDaysBeforeDue"] = [$"null (any time) or from 0 to {MaxPeriodDays}"];
        var maxOpenLoans = Within(request.MaxOpenLoans, "maxOpenLoans", 0, MaxOpenLoansLimit, problems);
        if (request.OverdueRenewable is null)
            problems["overdueRenewable"] = ["required: true or false"];
        if (request.Renewable is null)
            problems["renewable"] = ["required: true or false"];
        if (!LoanPolicyCodes.TryParseRenewFrom(request.RenewFrom, out var renewFrom))
            problems["renewFrom"] = ["today or due_date"];
        if (request.RecallReturnDays is < 0 or > MaxRecallReturnDays)
            problems["recallReturnDays"] = [$"from 0 to {MaxRecallReturnDays}, or left out to keep the current value"];
        if (request.GuaranteedLoanDays is < 0 or > MaxPeriodDays)
            problems["guaranteedLoanDays"] = [$"from 0 to {MaxPeriodDays}, or left out to keep the current value"];
        if (problems.Count > 0)
            return new LoanPolicyChange.Invalid(problems);

        var policy = new LoanPolicy(loanPeriod, renewalPeriod, maxRenewals, request.RenewableDaysBeforeDue, request.OverdueRenewable!.Value,
            maxOpenLoans, request.Renewable!.Value, renewFrom);
        var saved = await policies.SaveAsync(patronGroup, type,
            before => policy with
            {
                RecallReturnDays = request.RecallReturnDays ?? before?.RecallReturnDays ?? LoanPolicy.DefaultRecallReturnDays,
                GuaranteedLoanDays = request.GuaranteedLoanDays ?? before?.GuaranteedLoanDays ?? LoanPolicy.DefaultGuaranteedLoanDays,
            },
            (before, after) => new AuditEntry(actor, "loan-policy.set", $"loan-policy:{patronGroup.Code()}/{type}",
                new Dictionary<string, string?> { ["before"] = before is null ? null : Describe(before), ["after"] = Describe(after) }), cancellationToken);
        return saved switch
        {
            LoanPolicySave.Saved done => new LoanPolicyChange.Saved(new LoanPolicyEntry(patronGroup, type, done.After), done.Before),
            _ => new LoanPolicyChange.Invalid(new Dictionary<string, string[]> { ["itemType"] = [$"no item type has the code {type}"] }),
        };
    }

    /// <summary>The policy in one line, as the audit log keeps it.</summary>
    public static string Describe(LoanPolicy policy) => string.Create(CultureInfo.InvariantCulture,
        $"loanPeriodDays={policy.LoanPeriodDays}; renewalPeriodDays={policy.RenewalPeriodDays}; maxRenewals={policy.MaxRenewals}; "
        + $"renewableDaysBeforeDue={(policy.RenewableDaysBeforeDue is { } days ? days.ToString(CultureInfo.InvariantCulture) : "any")}; "
        + $"overdueRenewable={(policy.OverdueRenewable ? "true" : "false")}; maxOpenLoans={policy.MaxOpenLoans}; "
        + $"renewable={(policy.Renewable ? "true" : "false")}; renewFrom={policy.RenewFrom.Code()}; "
        + $"recallReturnDays={policy.RecallReturnDays}; guaranteedLoanDays={policy.GuaranteedLoanDays}");

    private static int Within(int? value, string field, int min, int max, Dictionary<string, string[]> problems)
    {
        if (value is { } number && number >= min && number <= max)
            return number;
        problems[field] = [$"required, from {min} to {max}"];
        return 0;
    }
}

/// <summary>
/// A loan policy as staff send it; every member but <see cref="RenewableDaysBeforeDue"/> and the recall intervals is
/// required. A recall interval left out keeps its current value.
/// </summary>
public sealed record LoanPolicyRequest(
    int? LoanPeriodDays,
    int? RenewalPeriodDays,
    int? MaxRenewals,
    int? RenewableDaysBeforeDue,
    bool? OverdueRenewable,
    int? MaxOpenLoans,
    bool? Renewable,
    string? RenewFrom,
    int? RecallReturnDays = null,
    int? GuaranteedLoanDays = null);

public abstract record LoanPolicyChange
{
    private LoanPolicyChange()
    {
    }

    /// <param name="Before">The policy replaced; null when the pair had none.</param>
    public sealed record Saved(LoanPolicyEntry Entry, LoanPolicy? Before) : LoanPolicyChange;

    /// <summary>Each bad field with what is wrong with it.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : LoanPolicyChange;
}
