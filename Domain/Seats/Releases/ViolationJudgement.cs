using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// Judges violations just recorded (seat no-shows and overruns, room no-shows) against the fairness rules in the same
/// transaction: each may tip a suspension, which is recorded once, told to the reader and audited.
/// </summary>
public static class ViolationJudgement
{
    public static async Task<JudgedViolations> JudgeAsync(ISeatFairnessWork work, IReadOnlyList<SeatViolation> violations, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rules = await work.RulesAsync(cancellationToken);
        if (violations.Count == 0)
            return new JudgedViolations(rules, new Dictionary<long, SeatStandingRecord>(), [], now);
        var standings = await work.StandingsAsync([.. violations.Select(v => v.PatronId).Distinct().Order()], cancellationToken);
        var toSuspend = new List<NewSeatSuspension>();
        foreach (var mine in violations.GroupBy(v => v.PatronId))
        {
            // From the earliest new violation on, each of the reader's violations may tip, a later one recorded by another
            // release (a seat and a room at once) included; the first that does answers the rest.
            var standing = standings.GetValueOrDefault(mine.Key) ?? new SeatStandingRecord([.. mine], []);
            var earliest = mine.Min(v => v.OccurredAt);
            foreach (var tipping in standing.Violations.Where(v => v.OccurredAt >= earliest).OrderBy(v => v.OccurredAt).ThenBy(v => v.Id))
            {
                if (FairnessRules.SuspensionFor(rules, tipping, standing.Violations, standing.Suspensions, now) is not { } suspension)
                    continue;
                toSuspend.Add(suspension);
                break;
            }
        }
        return new JudgedViolations(rules, standings, await work.SuspendAsync(toSuspend, cancellationToken), now);
    }

    /// <summary>The <c>seat-suspended</c> notice: why, and from when the reader may book again.</summary>
    public static Notice SuspendedNotice(SeatSuspension suspension, Readers.Language language, LibraryClock clock)
    {
        var until = TimeZoneInfo.ConvertTime(suspension.EndsAt, clock.Zone).DateTime;
        return Notice.ForPatron($"{NoticeKind.SeatSuspended}:{suspension.Id}", NoticeKind.SeatSuspended, suspension.PatronId, new Dictionary<string, string>
        {
            ["reasonText"] = suspension.Reason,
            ["until"] = SeatNoticeWording.Date(until),
            ["untilTime"] = SeatNoticeWording.Time(until),
            ["hint"] = SeatNoticeWording.SuspendedHint(language, SeatNoticeWording.Moment(until)),
        });
    }

    public static AuditEntry SuspendedAudit(SeatSuspension suspension) =>
        new(AuditEntry.System, "seat-suspension.started", $"seat-suspension:{suspension.Id}", new Dictionary<string, string?>
        {
            ["patron"] = suspension.PatronId.ToString(CultureInfo.InvariantCulture),
            ["reason"] = suspension.Reason,
            ["endsAt"] = suspension.EndsAt.ToString("O", CultureInfo.InvariantCulture),
            ["violation"] = suspension.ViolationId?.ToString(CultureInfo.InvariantCulture),
        });
}

/// <summary>New violations judged at <see cref="Now"/>: the rules applied, the readers' record, and the suspensions begun.</summary>
public sealed record JudgedViolations(SeatFairnessPolicy Rules, IReadOnlyDictionary<long, SeatStandingRecord> Standings,
    IReadOnlyList<SeatSuspension> Suspended, DateTimeOffset Now)
{
    /// <summary>The reader's violations that count towards the next suspension, the new ones included.</summary>
    public int Counting(long patronId) => Standings.GetValueOrDefault(patronId) is { } standing
        ? FairnessRules.Counting(Rules, standing.Violations, standing.Suspensions, Now)
        : 1;

    public bool Suspends(long patronId) => Suspended.Any(s => s.PatronId == patronId);
}
