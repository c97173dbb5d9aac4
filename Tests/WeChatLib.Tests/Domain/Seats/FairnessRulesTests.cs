using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Tests.Domain.Seats;

/// <summary>The suspension rule at its boundaries: 3 violations within 30 days suspend seat booking for 7 days.</summary>
internal sealed class FairnessRulesTests
{
    private static readonly SeatFairnessPolicy Rules = SeatFairnessPolicy.Default;
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.FromHours(8));

    private static SeatViolation V(long id, DateTimeOffset at) => new(id, 7, 100 + id, SeatEndReason.NoShow, at);

    private static NewSeatSuspension? Decide(IReadOnlyList<SeatViolation> violations, IReadOnlyList<SeatSuspension>? suspensions = null, SeatFairnessPolicy? rules = null) =>
        FairnessRules.SuspensionFor(rules ?? Rules, violations[^1], violations, suspensions ?? [], Now);

    [Test]
    public void Two_violations_do_not_suspend() =>
        Decide([V(1, Now.AddDays(-3)), V(2, Now)]).ShouldBeNull();

    [Test]
    public void The_third_violation_within_thirty_days_suspends_for_seven_days_from_now()
    {
        var suspension = Decide([V(1, Now.AddDays(-20)), V(2, Now.AddDays(-3)), V(3, Now)]).ShouldNotBeNull();
        suspension.Tipping.Id.ShouldBe(3);
        suspension.StartsAt.ShouldBe(Now);
        suspension.EndsAt.ShouldBe(Now.AddDays(7));
        suspension.Reason.ShouldBe("30天内违约3次");
    }

    [Test]
    public void A_violation_just_inside_the_window_counts() =>
        Decide([V(1, Now.AddDays(-30).AddTicks(1)), V(2, Now.AddDays(-3)), V(3, Now)]).ShouldNotBeNull();

    [Test]
    public void A_violation_exactly_thirty_days_old_has_left_the_window() =>
        Decide([V(1, Now.AddDays(-30)), V(2, Now.AddDays(-3)), V(3, Now)]).ShouldBeNull();

    [Test]
    public void The_window_is_measured_back_from_the_tipping_violation_not_from_the_run()
    {
        // A late run: the third no-show fell due two days ago; the first was 29 days before that.
        var tipping = V(3, Now.AddDays(-2));
        FairnessRules.SuspensionFor(Rules, tipping, [V(1, Now.AddDays(-31)), V(2, Now.AddDays(-10)), tipping], [], Now).ShouldNotBeNull();
    }

    [Test]
    public void No_second_suspension_while_one_is_in_force()
    {
        var inForce = new SeatSuspension(1, 7, Now.AddDays(-1), Now.AddDays(6), "30天内违约3次", 3);
        Decide([V(1, Now.AddDays(-5)), V(2, Now.AddDays(-4)), V(3, Now.AddDays(-1).AddMinutes(-1)), V(4, Now)], [inForce]).ShouldBeNull();
    }

    [Test]
    public void Violations_answered_by_an_earlier_suspension_do_not_count_again()
    {
        var over = new SeatSuspension(1, 7, Now.AddDays(-9), Now.AddDays(-2), "30天内违约3次", 3);
        var history = new[] { V(1, Now.AddDays(-12)), V(2, Now.AddDays(-10)), V(3, Now.AddDays(-9).AddMinutes(-1)) };
        Decide([.. history, V(4, Now)], [over]).ShouldBeNull();
        Decide([.. history, V(4, Now.AddDays(-1)), V(5, Now.AddHours(-1)), V(6, Now)], [over]).ShouldNotBeNull().Tipping.Id.ShouldBe(6);
    }

    [Test]
    public void A_lifted_suspension_no_longer_blocks_but_its_violations_stay_answered()
    {
        var lifted = new SeatSuspension(1, 7, Now.AddDays(-2), Now.AddDays(5), "30天内违约3次", 3, Now.AddDays(-1), "staff:1", "误判");
        lifted.InForceAt(Now).ShouldBeFalse();
        Decide([V(1, Now.AddDays(-5)), V(2, Now.AddDays(-4)), V(3, Now.AddDays(-2).AddMinutes(-1)), V(4, Now)], [lifted]).ShouldBeNull();
    }

    [Test]
    public void A_suspension_is_in_force_from_its_start_until_just_before_its_end()
    {
        var suspension = new SeatSuspension(1, 7, Now, Now.AddDays(7), "30天内违约3次", 3);
        suspension.InForceAt(Now.AddTicks(-1)).ShouldBeFalse();
        suspension.InForceAt(Now).ShouldBeTrue();
        suspension.InForceAt(Now.AddDays(7).AddTicks(-1)).ShouldBeTrue();
        suspension.InForceAt(Now.AddDays(7)).ShouldBeFalse();
    }

    [Test]
    public void The_rules_row_decides_the_count_the_window_and_the_length()
    {
        var strict = new SeatFairnessPolicy(2, 7, 14, 3);
        var suspension = Decide([V(1, Now.AddDays(-6)), V(2, Now)], rules: strict).ShouldNotBeNull();
        suspension.EndsAt.ShouldBe(Now.AddDays(14));
        suspension.Reason.ShouldBe("7天内违约2次");
        Decide([V(1, Now.AddDays(-7)), V(2, Now)], rules: strict).ShouldBeNull();
    }

    [Test]
    public void The_count_a_reader_sees_is_the_violations_still_counting()
    {
        var over = new SeatSuspension(1, 7, Now.AddDays(-9), Now.AddDays(-2), "30天内违约3次", 3);
        FairnessRules.Counting(Rules, [V(1, Now.AddDays(-40)), V(2, Now.AddDays(-10)), V(3, Now.AddDays(-1))], [], Now).ShouldBe(2);
        FairnessRules.Counting(Rules, [V(2, Now.AddDays(-10)), V(3, Now.AddDays(-1))], [over], Now).ShouldBe(1);
    }
}
