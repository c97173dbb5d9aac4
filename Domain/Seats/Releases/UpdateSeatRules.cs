using System.Globalization;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// An admin changes the fairness rules: only the fields sent change. The next violation is judged by the new rules;
/// suspensions already begun keep their end. Audited with the rules before and after; every bad field listed at once.
/// </summary>
public sealed class UpdateSeatRules(ISeatStanding standing)
{
    public async Task<SeatRulesChange> HandleAsync(SeatRulesRequest request, string actor, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        Check(problems, "violationsToSuspend", request.ViolationsToSuspend, 1, 100);
        Check(problems, "violationWindowDays", request.ViolationWindowDays, 1, 365);
        Check(problems, "suspensionDays", request.SuspensionDays, 1, 365);
        Check(problems, "dailyCancellations", request.DailyCancellations, 0, 100);
        if (request is { ViolationsToSuspend: null, ViolationWindowDays: null, SuspensionDays: null, DailyCancellations: null })
            problems["body"] = ["send at least one of violationsToSuspend, violationWindowDays, suspensionDays, dailyCancellations"];
        if (problems.Count > 0)
            return new SeatRulesChange.Invalid(problems);

        var (before, after) = await standing.UpdateRulesAsync(
            rules => new SeatFairnessPolicy(
                request.ViolationsToSuspend ?? rules.ViolationsToSuspend,
                request.ViolationWindowDays ?? rules.ViolationWindowDays,
                request.SuspensionDays ?? rules.SuspensionDays,
                request.DailyCancellations ?? rules.DailyCancellations),
            (old, @new) => new AuditEntry(actor, "seat-rules.set", "seat-rules", new Dictionary<string, string?>
            {
                ["before"] = Describe(old),
                ["after"] = Describe(@new),
            }), cancellationToken);
        return new SeatRulesChange.Saved(before, after);
    }

    /// <summary>The rules in one line, as the audit log keeps them.</summary>
    public static string Describe(SeatFairnessPolicy rules) => string.Create(CultureInfo.InvariantCulture,
        $"violationsToSuspend={rules.ViolationsToSuspend}; violationWindowDays={rules.ViolationWindowDays}; suspensionDays={rules.SuspensionDays}; dailyCancellations={rules.DailyCancellations}");

    private static void Check(Dictionary<string, string[]> problems, string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
            problems[field] = [$"from {min} to {max}"];
    }
}

/// <summary>The fields an admin sends; a missing one keeps its value.</summary>
public sealed record SeatRulesRequest(int? ViolationsToSuspend, int? ViolationWindowDays, int? SuspensionDays, int? DailyCancellations);

public abstract record SeatRulesChange
{
    private SeatRulesChange()
    {
    }

    public sealed record Saved(SeatFairnessPolicy Before, SeatFairnessPolicy After) : SeatRulesChange;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : SeatRulesChange;
}
