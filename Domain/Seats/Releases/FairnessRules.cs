namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// When violations suspend a reader's seat booking. <see cref="SeatFairnessPolicy.ViolationsToSuspend"/> violations within the
/// window suspend booking from now for <see cref="SeatFairnessPolicy.SuspensionDays"/>; never a second suspension while one is
/// in force, and violations already answered by a suspension (even a lifted one) do not count towards the next.
/// </summary>
public static class FairnessRules
{
    /// <summary>
    /// The suspension <paramref name="tipping"/> brings about at <paramref name="now"/>, or null. <paramref name="violations"/>
    /// and <paramref name="suspensions"/> are the reader's, the new violation among them.
    /// </summary>
    public static NewSeatSuspension? SuspensionFor(SeatFairnessPolicy rules, SeatViolation tipping, IReadOnlyCollection<SeatViolation> violations,
        IReadOnlyCollection<SeatSuspension> suspensions, DateTimeOffset now)
    {
        if (suspensions.Any(s => s.InForceAt(now)))
            return null;
        var answeredUpTo = suspensions.Count == 0 ? DateTimeOffset.MinValue : suspensions.Max(s => s.StartsAt);
        var windowStart = tipping.OccurredAt - rules.ViolationWindow;
        var counted = violations.Count(v => v.OccurredAt > windowStart && v.OccurredAt <= tipping.OccurredAt && v.OccurredAt > answeredUpTo);
        if (counted < rules.ViolationsToSuspend)
            return null;
        return new NewSeatSuspension(tipping, now, now + rules.Suspension, Reason(counted, rules));
    }

    /// <summary>Violations that count towards the next suspension at <paramref name="now"/>: in the window and not yet answered by one.</summary>
    public static int Counting(SeatFairnessPolicy rules, IReadOnlyCollection<SeatViolation> violations, IReadOnlyCollection<SeatSuspension> suspensions, DateTimeOffset now)
    {
        var answeredUpTo = suspensions.Count == 0 ? DateTimeOffset.MinValue : suspensions.Max(s => s.StartsAt);
        return violations.Count(v => v.OccurredAt > now - rules.ViolationWindow && v.OccurredAt <= now && v.OccurredAt > answeredUpTo);
    }

    /// <summary>The reason a suspension keeps, as staff and the reader read it.</summary>
    public static string Reason(int violations, SeatFairnessPolicy rules) => $"{rules.ViolationWindowDays}天内违约{violations}次";
}

/// <summary>A suspension to record, tipped by <paramref name="Tipping"/>.</summary>
public sealed record NewSeatSuspension(SeatViolation Tipping, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason);
