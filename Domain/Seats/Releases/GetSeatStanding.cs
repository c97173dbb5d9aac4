using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// Where a reader stands for seat booking: the violations that count towards a suspension, the suspension in force (why
/// and until when), and for staff the whole record. The reader reads their own; staff find a reader by card number.
/// </summary>
public sealed class GetSeatStanding(ISeatStanding standing, LibraryClock clock)
{
    public async Task<SeatStandingView> ForReaderAsync(long patronId, CancellationToken cancellationToken)
    {
        var facts = await standing.StandingAsync(patronId, cancellationToken);
        return View(patronId, facts);
    }

    public async Task<SeatStandingView?> ForStaffAsync(string cardNumber, CancellationToken cancellationToken) =>
        await standing.PatronOfCardAsync(cardNumber, cancellationToken) is { } patronId
            ? View(patronId, await standing.StandingAsync(patronId, cancellationToken))
            : null;

    private SeatStandingView View(long patronId, SeatStandingFacts facts)
    {
        var now = clock.UtcNow;
        var violations = facts.Violations.Select(v => v.Violation).ToList();
        var counting = FairnessRules.Counting(facts.Rules, violations, facts.Suspensions, now);
        var answeredUpTo = facts.Suspensions.Count == 0 ? DateTimeOffset.MinValue : facts.Suspensions.Max(s => s.StartsAt);
        var inWindow = facts.Violations
            .Where(v => v.Violation.OccurredAt > now - facts.Rules.ViolationWindow && v.Violation.OccurredAt <= now)
            .Select(v => new CountedViolation(v, v.Violation.OccurredAt > answeredUpTo))
            .ToList();
        var inForce = facts.Suspensions.Where(s => s.InForceAt(now)).OrderByDescending(s => s.EndsAt).FirstOrDefault();
        return new SeatStandingView(patronId, facts.Language, facts.Rules, counting, inForce, inWindow, facts.Violations, facts.Suspensions);
    }
}

/// <param name="Counting">Violations that count towards the next suspension.</param>
/// <param name="Suspension">The suspension in force now, if any.</param>
/// <param name="InWindow">Violations within the rules' window, each saying whether it still counts (one answered by a suspension does not).</param>
/// <param name="AllViolations">Every violation on record, newest first (staff see them all).</param>
/// <param name="AllSuspensions">Every suspension, newest first, lifted ones too.</param>
public sealed record SeatStandingView(long PatronId, Readers.Language Language, SeatFairnessPolicy Rules, int Counting, SeatSuspension? Suspension,
    IReadOnlyList<CountedViolation> InWindow, IReadOnlyList<SeatViolationOnRecord> AllViolations, IReadOnlyList<SeatSuspension> AllSuspensions);

public sealed record CountedViolation(SeatViolationOnRecord Record, bool Counts);
