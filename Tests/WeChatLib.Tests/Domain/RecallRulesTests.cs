using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using static WeChatLib.Tests.Domain.LoanCalendarTests;

namespace WeChatLib.Tests.Domain;

internal sealed class RecallRulesTests
{
    // A week to bring a recalled copy back, two weeks' loan guaranteed.
    private static readonly RecallPolicy Policy = new(ReturnDays: 7, GuaranteedDays: 14);

    private static RecallCandidate Loan(long id, string loanedOn, string dueOn = "2026-12-31", bool recalled = false, RecallPolicy? policy = null) =>
        new(id, 100 + id, $"B{id:0000}", D(loanedOn), D(dueOn), recalled, policy ?? Policy, MainLibrary);

    [Test]
    public void The_loan_furthest_past_its_guaranteed_period_is_recalled()
    {
        RecallCandidate[] loans = [Loan(1, "2026-11-20"), Loan(2, "2026-11-01"), Loan(3, "2026-11-10")];
        RecallRules.Pick(loans)!.LoanId.ShouldBe(2);
    }

    [Test]
    public void A_shorter_guarantee_can_put_a_later_loan_further_past_it()
    {
        // Loan 1 is older, but loan 2's guarantee of 3 days ended on 8 November, before loan 1's on 15 November.
        RecallCandidate[] loans = [Loan(1, "2026-11-01"), Loan(2, "2026-11-05", policy: new RecallPolicy(7, 3))];
        RecallRules.Pick(loans)!.LoanId.ShouldBe(2);
    }

    [Test]
    public void Loans_whose_guarantees_end_the_same_day_go_by_the_earlier_checkout_then_the_lower_id()
    {
        RecallCandidate[] sameDay = [Loan(5, "2026-11-01"), Loan(4, "2026-11-01")];
        RecallRules.Pick(sameDay)!.LoanId.ShouldBe(4);
        RecallCandidate[] sameEnd = [Loan(6, "2026-11-08", policy: new RecallPolicy(7, 7)), Loan(7, "2026-11-01")];
        RecallRules.Pick(sameEnd)!.LoanId.ShouldBe(7);
    }

    [Test]
    public void A_loan_recalled_already_is_skipped_for_the_next()
    {
        RecallCandidate[] loans = [Loan(1, "2026-11-01", recalled: true), Loan(2, "2026-11-10")];
        RecallRules.Pick(loans)!.LoanId.ShouldBe(2);
    }

    [Test]
    public void With_every_loan_recalled_there_is_none_to_pick() =>
        RecallRules.Pick([Loan(1, "2026-11-01", recalled: true)]).ShouldBeNull();

    [TestCase(1, 0, true)]
    [TestCase(1, 1, false)]
    [TestCase(2, 1, true)]
    [TestCase(2, 2, false)]
    [TestCase(0, 0, false)]
    public void Another_recall_is_needed_only_while_more_readers_wait_than_recalled_copies_are_due_back(int waiting, int recalled, bool needed)
    {
        var loans = Enumerable.Range(1, 3).Select(i => Loan(i, "2026-11-01", recalled: i <= recalled));
        RecallRules.NeedsAnotherRecall(new RecallDemand(waiting, 0), loans).ShouldBe(needed);
    }

    [TestCase(1, 1, false)]
    [TestCase(2, 1, true)]
    public void A_copy_already_travelling_with_no_hold_counts_as_coming_back(int waiting, int travelling, bool needed) =>
        RecallRules.NeedsAnotherRecall(new RecallDemand(waiting, travelling), [Loan(1, "2026-11-01")]).ShouldBe(needed);

    [Test]
    public void Within_the_guaranteed_period_the_checkout_plus_the_guarantee_wins() =>
        // Guaranteed until Wednesday 9 December; a week from the recall would be Tuesday 8 December.
        RecallRules.RecalledDueDate(Loan(1, "2026-11-25"), D("2026-12-01")).ShouldBe(D("2026-12-09"));

    [Test]
    public void Past_the_guaranteed_period_the_recall_date_plus_the_return_interval_wins() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-01"), D("2026-12-01")).ShouldBe(D("2026-12-08"));

    [Test]
    public void When_both_intervals_end_the_same_day_that_day_is_the_new_due_date() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-24"), D("2026-12-01")).ShouldBe(D("2026-12-08"));

    [Test]
    public void A_recall_never_makes_a_loan_due_later_than_it_was() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-01", dueOn: "2026-12-05"), D("2026-12-01")).ShouldBe(D("2026-12-05"));

    [Test]
    public void An_overdue_loan_keeps_its_due_date() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-10-01", dueOn: "2026-11-28"), D("2026-12-01")).ShouldBe(D("2026-11-28"));

    [Test]
    public void A_recalled_due_date_on_a_sunday_moves_to_the_monday() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-01"), D("2026-11-29")).ShouldBe(D("2026-12-07"));

    [Test]
    public void A_guarantee_ending_on_a_sunday_moves_to_the_monday() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-22"), D("2026-11-28")).ShouldBe(D("2026-12-07"));

    [Test]
    public void A_recalled_due_date_on_new_year_moves_past_the_holiday_and_the_closed_sunday() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-01", dueOn: "2027-01-20"), D("2026-12-25")).ShouldBe(D("2027-01-04"));

    [Test]
    public void A_recalled_due_date_moved_off_a_holiday_never_passes_the_current_due_date() =>
        RecallRules.RecalledDueDate(Loan(1, "2026-11-01", dueOn: "2026-12-31"), D("2026-12-25")).ShouldBe(D("2026-12-31"));

    [Test]
    public void A_calendar_with_no_open_day_keeps_the_plain_recalled_date()
    {
        var loan = Loan(1, "2026-11-01") with { Calendar = new LibraryCalendar([], []) };
        RecallRules.RecalledDueDate(loan, D("2026-11-29")).ShouldBe(D("2026-12-06"));
    }
}
