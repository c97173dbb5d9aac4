namespace WeChatLib.Domain.Notices;

/// <summary>
/// On which scan dates a notice rule fires for a due date: the offset, then each repeat, and which occurrence each is
/// (0 the first). A scan fires a rule only on its exact dates, so a day's scan run twice finds the same notices.
/// </summary>
public static class NoticeSchedule
{
    /// <summary>Every scan date the rule fires on for a loan due <paramref name="dueOn"/>, in order.</summary>
    public static IEnumerable<DateOnly> ScanDates(NoticeRule rule, DateOnly dueOn)
    {
        for (var k = 0; k <= (rule.Repeats ? rule.MaxRepeats : 0); k++)
            yield return dueOn.AddDays(rule.OffsetDays + k * (rule.RepeatEveryDays ?? 0));
    }

    /// <summary>The occurrence the rule fires on <paramref name="scanDate"/> for a loan due <paramref name="dueOn"/>, or null when it does not.</summary>
    public static int? Occurrence(NoticeRule rule, DateOnly dueOn, DateOnly scanDate)
    {
        var since = scanDate.DayNumber - dueOn.DayNumber - rule.OffsetDays;
        if (since < 0)
            return null;
        if (rule.RepeatEveryDays is not { } every)
            return since == 0 ? 0 : null;
        return since % every == 0 && since / every <= rule.MaxRepeats ? since / every : null;
    }

    /// <summary>
    /// The due dates whose loans the rule fires for on <paramref name="scanDate"/>, each with its occurrence: what the
    /// daily scan looks up, one indexed date at a time.
    /// </summary>
    public static IEnumerable<(DateOnly DueOn, int Occurrence)> DueDatesFiringOn(NoticeRule rule, DateOnly scanDate)
    {
        for (var k = 0; k <= (rule.Repeats ? rule.MaxRepeats : 0); k++)
            yield return (scanDate.AddDays(-rule.OffsetDays - k * (rule.RepeatEveryDays ?? 0)), k);
    }
}
