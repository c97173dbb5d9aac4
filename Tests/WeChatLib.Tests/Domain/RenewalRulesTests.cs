using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using static WeChatLib.Tests.Domain.LoanCalendarTests;

namespace WeChatLib.Tests.Domain;

internal sealed class RenewalRulesTests
{
    private const long ReaderId = 42;

    // Renewals of 30 days from today, two at most, from 7 days before due, none once overdue.
    private static readonly LoanPolicy Policy = new(LoanPeriodDays: 30, RenewalPeriodDays: 30, MaxRenewals: 2,
        RenewableDaysBeforeDue: 7, OverdueRenewable: false, MaxOpenLoans: 20);

    private static readonly DateOnly Today = D("2026-12-01"); // a Tuesday

    private static readonly RenewingReader Reader = new(ReaderId, Standing.Good, null, D("2030-06-30"));

    private static RenewableLoan Loan(string due = "2026-12-05", int used = 0) =>
        new(LoanId: 7, BorrowerId: ReaderId, ItemType: "book", DueDate: D(due), RenewalsUsed: used, Returned: false, Recalled: false);

    private static RenewalDecision Decide(
        RenewableLoan? loan = null, RenewingReader? reader = null, LoanPolicy? policy = null, bool held = false,
        string today = "2026-12-01", RenewalOverride? staffOverride = null) =>
        RenewalRules.Decide(loan ?? Loan(), reader ?? Reader, policy ?? Policy, held, D(today), MainLibrary, staffOverride);

    private static IReadOnlyList<RenewalRefusal> ReasonsOf(RenewalDecision decision) =>
        decision.ShouldBeOfType<RenewalDecision.Refused>().Reasons;

    private static DateOnly NewDueOf(RenewalDecision decision) =>
        decision.ShouldBeOfType<RenewalDecision.Renewable>().NewDueDate;

    [Test]
    public void A_loan_within_the_rules_is_renewed_for_the_renewal_period_from_today()
    {
        var decision = Decide().ShouldBeOfType<RenewalDecision.Renewable>();
        decision.NewDueDate.ShouldBe(D("2026-12-31"));
        decision.Overridden.ShouldBeEmpty();
    }

    [Test]
    public void The_last_allowed_renewal_is_granted() =>
        NewDueOf(Decide(Loan(used: 1))).ShouldBe(D("2026-12-31"));

    [Test]
    public void A_renewal_beyond_the_maximum_is_refused_as_too_many_with_the_count_and_the_limit()
    {
        var reasons = ReasonsOf(Decide(Loan(used: 2)));
        reasons.ShouldBe([new RenewalRefusal.TooMany(2, 2)]);
        reasons[0].Parameters.ShouldBe(new Dictionary<string, string> { ["used"] = "2", ["max"] = "2" });
    }

    [Test]
    public void A_renewal_the_day_before_the_window_opens_is_refused_as_too_soon_with_the_first_allowed_date()
    {
        var reasons = ReasonsOf(Decide(Loan(due: "2026-12-10"), today: "2026-12-02"));
        reasons.ShouldBe([new RenewalRefusal.TooSoon(D("2026-12-03"))]);
        reasons[0].Parameters["first_allowed"].ShouldBe("2026-12-03");
    }

    [Test]
    public void A_renewal_on_the_first_allowed_day_is_granted_and_its_due_date_moved_off_the_holiday() =>
        NewDueOf(Decide(Loan(due: "2026-12-10"), today: "2026-12-03")).ShouldBe(D("2027-01-04"));

    [Test]
    public void A_policy_without_a_window_allows_renewal_at_any_time_before_due() =>
        NewDueOf(Decide(Loan(due: "2026-12-20"), policy: Policy with { RenewableDaysBeforeDue = null }))
            .ShouldBe(D("2026-12-31"));

    [Test]
    public void A_renewal_is_refused_when_another_reader_holds_the_title() =>
        ReasonsOf(Decide(held: true)).ShouldBe([new RenewalRefusal.OnHold()]);

    [Test]
    public void A_recalled_loan_is_refused() =>
        ReasonsOf(Decide(Loan() with { Recalled = true })).ShouldBe([new RenewalRefusal.Recalled()]);

    [Test]
    public void A_restricted_reader_is_refused_with_the_restriction_reason() =>
        ReasonsOf(Decide(reader: Reader with { Standing = Standing.Restricted, RestrictionReason = "逾期未还" }))
            .ShouldBe([new RenewalRefusal.PatronRestricted("逾期未还")]);

    [Test]
    public void An_expired_reader_is_refused_for_the_expiry_alone()
    {
        // The capped date would not move either; the expiry is the one reason worth telling.
        var expired = Reader with { Standing = Standing.Expired, CardExpiry = D("2026-11-30") };
        ReasonsOf(Decide(reader: expired)).ShouldBe([new RenewalRefusal.PatronExpired(D("2026-11-30"))]);
    }

    [Test]
    public void An_overdue_loan_is_refused_when_the_policy_forbids_renewing_overdue_loans() =>
        ReasonsOf(Decide(Loan(due: "2026-11-28"))).ShouldBe([new RenewalRefusal.OverdueNotRenewable(D("2026-11-28"))]);

    [Test]
    public void An_overdue_loan_is_renewed_when_the_policy_allows_it() =>
        NewDueOf(Decide(Loan(due: "2026-11-28"), policy: Policy with { OverdueRenewable = true })).ShouldBe(D("2026-12-31"));

    [Test]
    public void A_loan_due_today_is_not_overdue() =>
        NewDueOf(Decide(Loan(due: "2026-12-01"))).ShouldBe(D("2026-12-31"));

    [Test]
    public void An_item_type_the_policy_does_not_renew_is_refused_naming_the_type() =>
        ReasonsOf(Decide(policy: Policy with { Renewable = false }))
            .ShouldBe([new RenewalRefusal.ItemTypeNotRenewable("book")]);

    [Test]
    public void A_type_that_is_never_renewed_is_not_also_refused_for_its_count_but_other_reasons_still_show()
    {
        var reader = Reader with { Standing = Standing.Restricted, RestrictionReason = "欠款未缴" };
        ReasonsOf(Decide(Loan(), reader, Policy with { Renewable = false, MaxRenewals = 0 }, held: true)).ShouldBe(
        [
            new RenewalRefusal.ItemTypeNotRenewable("book"),
            new RenewalRefusal.OnHold(),
            new RenewalRefusal.PatronRestricted("欠款未缴"),
        ]);
    }

    [Test]
    public void A_second_renewal_the_same_day_counted_from_today_would_not_change_the_due_date_and_is_refused()
    {
        var policy = Policy with { RenewableDaysBeforeDue = null };
        var first = NewDueOf(Decide(policy: policy));
        ReasonsOf(Decide(Loan(due: first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), used: 1), policy: policy))
            .ShouldBe([new RenewalRefusal.WouldNotChangeDueDate(first)]);
    }

    [Test]
    public void A_second_renewal_the_same_day_counted_from_the_due_date_adds_a_full_period()
    {
        var policy = Policy with { RenewableDaysBeforeDue = null, RenewFrom = RenewFrom.DueDate };
        var first = NewDueOf(Decide(policy: policy));
        first.ShouldBe(D("2027-01-04")); // 5 December + 30 days is New Year's Day, closed until Monday 4 January
        NewDueOf(Decide(Loan(due: "2027-01-04", used: 1), policy: policy)).ShouldBe(D("2027-02-03"));
    }

    [Test]
    public void An_overdue_loan_renewed_from_its_due_date_counts_from_today_so_that_it_is_not_overdue_still()
    {
        var policy = Policy with { RenewableDaysBeforeDue = null, RenewFrom = RenewFrom.DueDate, OverdueRenewable = true };
        // Due 1 November, renewed on 1 December: 1 December + 30 days is 31 December, not 1 December.
        NewDueOf(Decide(Loan(due: "2026-11-01"), policy: policy)).ShouldBe(D("2026-12-31"));
    }

    [Test]
    public void A_renewal_capped_by_a_card_expiring_before_the_current_due_date_would_not_change_it()
    {
        var reader = Reader with { CardExpiry = D("2026-12-04") };
        ReasonsOf(Decide(reader: reader)).ShouldBe([new RenewalRefusal.WouldNotChangeDueDate(D("2026-12-05"))]);
    }

    [Test]
    public void A_renewal_capped_at_the_card_expiry_is_moved_back_to_the_open_day_before_it() =>
        NewDueOf(Decide(reader: Reader with { CardExpiry = D("2026-12-13") })).ShouldBe(D("2026-12-12"));

    [Test]
    public void Someone_elses_loan_is_refused_as_not_yours_and_nothing_more_is_said_about_it()
    {
        var loan = Loan(used: 2) with { BorrowerId = 99, Recalled = true };
        ReasonsOf(Decide(loan, held: true)).ShouldBe([new RenewalRefusal.NotYourLoan()]);
    }

    [Test]
    public void A_returned_loan_is_refused_as_already_returned_and_nothing_more()
    {
        var loan = Loan(due: "2026-11-01", used: 2) with { Returned = true };
        ReasonsOf(Decide(loan)).ShouldBe([new RenewalRefusal.AlreadyReturned()]);
    }

    [Test]
    public void A_returned_loan_of_someone_else_gives_both_reasons() =>
        ReasonsOf(Decide(Loan() with { BorrowerId = 99, Returned = true }))
            .ShouldBe([new RenewalRefusal.NotYourLoan(), new RenewalRefusal.AlreadyReturned()]);

    [Test]
    public void Every_reason_that_applies_is_given_at_once()
    {
        var loan = Loan(due: "2026-12-20", used: 2) with { Recalled = true };
        var reader = Reader with { Standing = Standing.Restricted, RestrictionReason = "欠款未缴" };
        ReasonsOf(Decide(loan, reader, Policy, held: true)).ShouldBe(
        [
            new RenewalRefusal.TooMany(2, 2),
            new RenewalRefusal.TooSoon(D("2026-12-13")),
            new RenewalRefusal.OnHold(),
            new RenewalRefusal.Recalled(),
            new RenewalRefusal.PatronRestricted("欠款未缴"),
        ]);
    }

    [Test]
    public void Staff_override_lifts_the_count_and_overdue_checks_and_says_what_it_lifted()
    {
        var decision = Decide(Loan(due: "2026-11-28", used: 2), staffOverride: RenewalOverride.From("读者出差，延期归还"))
            .ShouldBeOfType<RenewalDecision.Renewable>();
        decision.NewDueDate.ShouldBe(D("2026-12-31"));
        decision.Overridden.ShouldBe([new RenewalRefusal.TooMany(2, 2), new RenewalRefusal.OverdueNotRenewable(D("2026-11-28"))]);
    }

    [Test]
    public void Staff_override_lifts_the_too_soon_check() =>
        NewDueOf(Decide(Loan(due: "2026-12-20"), staffOverride: RenewalOverride.From("毕业离校前续借"))).ShouldBe(D("2026-12-31"));

    [Test]
    public void Staff_override_never_lifts_a_hold_or_a_recall_and_the_remaining_reasons_are_given()
    {
        var loan = Loan(used: 2) with { Recalled = true };
        ReasonsOf(Decide(loan, held: true, staffOverride: RenewalOverride.From("馆长批准")))
            .ShouldBe([new RenewalRefusal.OnHold(), new RenewalRefusal.Recalled()]);
    }

    [Test]
    public void Staff_override_does_not_lift_a_restriction_an_expiry_or_an_unchanged_due_date()
    {
        var staff = RenewalOverride.From("馆长批准");
        ReasonsOf(Decide(reader: Reader with { Standing = Standing.Restricted, RestrictionReason = "违规" }, staffOverride: staff))
            .ShouldBe([new RenewalRefusal.PatronRestricted("违规")]);
        ReasonsOf(Decide(reader: Reader with { Standing = Standing.Expired, CardExpiry = D("2026-11-30") }, staffOverride: staff))
            .ShouldBe([new RenewalRefusal.PatronExpired(D("2026-11-30"))]);
        ReasonsOf(Decide(Loan(due: "2026-12-31", used: 1), staffOverride: staff))
            .ShouldBe([new RenewalRefusal.WouldNotChangeDueDate(D("2026-12-31"))]);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void An_override_needs_a_comment(string? comment) =>
        RenewalOverride.From(comment).ShouldBeNull();

    [Test]
    public void An_override_keeps_its_comment_trimmed() =>
        RenewalOverride.From("  读者出差  ")!.Comment.ShouldBe("读者出差");

    [Test]
    public void A_reader_built_from_a_patron_carries_the_standing_on_the_library_date()
    {
        var patron = new Patron(ReaderId, "2024001234", "张三", PatronGroup.Undergraduate, "计算机学院", "主校区",
            PatronStatus.Active, null, D("2026-11-30"), Language.Zh, null);
        RenewingReader.Of(patron, Today).ShouldBe(new RenewingReader(ReaderId, Standing.Expired, null, D("2026-11-30")));
    }
}
