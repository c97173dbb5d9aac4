using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Notices;

/// <summary>
/// An admin changes one notice rule of a patron group: only the fields the request names. A courtesy reminder stays
/// before or on the due date at level 0, an overdue notice after it at level 1 to 3, as the database also insists.
/// Audited with the rule before and after. Takes effect from the next scan.
/// </summary>
public sealed class UpdateNoticeRule(INoticeRules rules)
{
    public async Task<NoticeRuleChange> HandleAsync(string? group, string? code, NoticeRuleRequest request, string actor, CancellationToken cancellationToken)
    {
        if (!PatronCodes.TryParseGroup(group, out var patronGroup))
            return new NoticeRuleChange.Invalid(new Dictionary<string, string[]> { ["group"] = [$"one of {string.Join(", ", PatronCodes.GroupCodes)}"] });
        var updated = await rules.UpdateAsync(patronGroup.Code(), code?.Trim().ToLowerInvariant() ?? "", before =>
        {
            var after = Apply(before, request);
            var problems = Check(after, request);
            return problems.Count > 0
                ? new NoticeRuleUpdate(null, null, problems)
                : new NoticeRuleUpdate(after, new AuditEntry(actor, "notice-rule.set", $"notice-rule:{before.PatronGroup}:{before.Code}",
                    new Dictionary<string, string?> { ["before"] = Describe(before), ["after"] = Describe(after) }), problems);
        }, cancellationToken);
        return updated switch
        {
            null => new NoticeRuleChange.NotFound(),
            { After: { } after } => new NoticeRuleChange.Saved(after),
            _ => new NoticeRuleChange.Invalid(updated.Problems),
        };
    }

    // repeatEveryDays 0 stops repeating: a JSON null cannot be told from a field left out.
    private static NoticeRule Apply(NoticeRule rule, NoticeRuleRequest request) => rule with
    {
        OffsetDays = request.OffsetDays ?? rule.OffsetDays,
        RepeatEveryDays = request.RepeatEveryDays is { } every ? (every == 0 ? null : every) : rule.RepeatEveryDays,
        MaxRepeats = request.MaxRepeats ?? (request.RepeatEveryDays == 0 ? 0 : rule.MaxRepeats),
        Level = request.Level ?? rule.Level,
        Enabled = request.Enabled ?? rule.Enabled,
    };

    private static Dictionary<string, string[]> Check(NoticeRule rule, NoticeRuleRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        var courtesy = rule.Kind == NoticeKind.DueReminder;
        if (courtesy && rule.OffsetDays is not (>= -30 and <= 0))
            problems["offsetDays"] = ["a due reminder comes before or on the due date: from -30 to 0"];
        if (!courtesy && rule.OffsetDays is not (>= 1 and <= 365))
            problems["offsetDays"] = ["an overdue notice comes after the due date: from 1 to 365"];
        if (request.RepeatEveryDays is { } every && every is not (>= 0 and <= 365))
            problems["repeatEveryDays"] = ["from 1 to 365 days, or 0 for no repeats"];
        if (rule.MaxRepeats is not (>= 0 and <= 52))
            problems["maxRepeats"] = ["from 0 to 52"];
        else if (rule.MaxRepeats > 0 && !rule.Repeats)
            problems["maxRepeats"] = ["repeats need repeatEveryDays"];
        if (courtesy && rule.Level != 0)
            problems["level"] = ["a due reminder is a courtesy: level 0"];
        if (!courtesy && rule.Level is not (>= 1 and <= 3))
            problems["level"] = ["an overdue notice is level 1 to 3"];
        return problems;
    }

    /// <summary>The rule in one line, as the audit log keeps it.</summary>
    public static string Describe(NoticeRule rule) => string.Create(CultureInfo.InvariantCulture,
        $"offsetDays={rule.OffsetDays}; repeatEveryDays={rule.RepeatEveryDays?.ToString(CultureInfo.InvariantCulture) ?? "none"}; maxRepeats={rule.MaxRepeats}; level={rule.Level}; enabled={rule.Enabled}");
}

/// <summary>The fields of a rule to change; those left null stay as they are.</summary>
public sealed record NoticeRuleRequest(int? OffsetDays, int? RepeatEveryDays, int? MaxRepeats, int? Level, bool? Enabled);

public abstract record NoticeRuleChange
{
    private NoticeRuleChange()
    {
    }

    public sealed record Saved(NoticeRule Rule) : NoticeRuleChange;

    public sealed record NotFound : NoticeRuleChange;

    /// <summary>Each bad field with what is wrong with it; nothing was changed.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Problems) : NoticeRuleChange;
}
