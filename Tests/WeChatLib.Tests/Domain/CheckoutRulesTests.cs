using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using static WeChatLib.Tests.Domain.LoanCalendarTests;

namespace WeChatLib.Tests.Domain;

internal sealed class CheckoutRulesTests
{
    private const string Barcode = "C0000001";

    // Loans of 30 days, at most 5 books out at once.
    private static readonly LoanPolicy Policy = new(LoanPeriodDays: 30, RenewalPeriodDays: 30, MaxRenewals: 2,
        RenewableDaysBeforeDue: 7, OverdueRenewable: false, MaxOpenLoans: 5);

    private static readonly DateOnly Today = D("2026-12-01"); // a Tuesday

    private static Patron Reader(PatronStatus status = PatronStatus.Active, string? reason = null, string expires = "2030-06-30") =>
        new(42, "S0001", "张三", PatronGroup.Undergraduate, "", "", status, reason, D(expires), Language.Zh, null);

    private static CheckoutCase Item(
        string status = DeskItem.Available, int open = 0, bool readyForAnother = false, long? ownHold = null, PolicyResolution? policy = null) =>
        new(new DeskItem(7, Barcode, "三体", "刘慈欣", "I247.5/123", "main", "book", status),
            policy ?? new PolicyResolution.Found(Policy), open, readyForAnother, ownHold, MainLibrary);

    private static CheckoutDecision Decide(CheckoutCase? item, Patron? reader = null, string today = "2026-12-01") =>
        CheckoutRules.Decide(reader ?? Reader(), Barcode, item, D(today));

    private static IReadOnlyList<CheckoutRefusal> ReasonsOf(CheckoutDecision decision) =>
        decision.ShouldBeOfType<CheckoutDecision.Refused>().Reasons;

    [Test]
    public void An_available_item_goes_out_for_the_loan_period() =>
        Decide(Item()).ShouldBe(new CheckoutDecision.Allowed(D("2026-12-31")));

    [Test]
    public void A_due_date_on_a_closed_day_moves_to_the_next_open_day() =>
        // 2 December + 30 days is New Year's Day; the library reopens on Monday 4 January.
        Decide(Item(), today: "2026-12-02").ShouldBe(new CheckoutDecision.Allowed(D("2027-01-04")));

    [Test]
    public void A_due_date_after_the_card_expires_is_capped_at_the_last_open_day_before_it() =>
        // The card expires on a Sunday, when the library is closed.
        Decide(Item(), Reader(expires: "2026-12-13")).ShouldBe(new CheckoutDecision.Allowed(D("2026-12-12")));

    [Test]
    public void An_unknown_barcode_is_refused_as_no_such_item_with_the_barcode()
    {
        var reasons = ReasonsOf(Decide(null));
        reasons.ShouldBe([new CheckoutRefusal.NoSuchItem(Barcode)]);
        reasons[0].Parameters["barcode"].ShouldBe(Barcode);
    }

    [TestCase(DeskItem.OnLoan)]
    [TestCase("in_transit")]
    [TestCase("lost")]
    [TestCase("withdrawn")]
    public void An_item_that_is_not_on_the_shelf_is_refused_as_not_available_with_its_status(string status)
    {
        var reasons = ReasonsOf(Decide(Item(status)));
        reasons.ShouldBe([new CheckoutRefusal.ItemNotAvailable(status)]);
        reasons[0].Parameters["status"].ShouldBe(status);
    }

    [Test]
    public void An_item_on_the_hold_shelf_for_another_reader_is_refused() =>
        ReasonsOf(Decide(Item(DeskItem.OnHoldShelf, readyForAnother: true))).ShouldBe([new CheckoutRefusal.OnHoldForAnotherReader()]);

    [Test]
    public void An_item_on_the_hold_shelf_goes_out_to_the_reader_whose_hold_is_ready() =>
        Decide(Item(DeskItem.OnHoldShelf, ownHold: 9)).ShouldBeOfType<CheckoutDecision.Allowed>();

    [Test]
    public void An_item_on_the_hold_shelf_with_no_ready_hold_is_not_available() =>
        ReasonsOf(Decide(Item(DeskItem.OnHoldShelf))).ShouldBe([new CheckoutRefusal.ItemNotAvailable(DeskItem.OnHoldShelf)]);

    [Test]
    public void A_restricted_reader_is_refused_with_the_reason()
    {
        var reasons = ReasonsOf(Decide(Item(), Reader(PatronStatus.Restricted, "超期未还")));
        reasons.ShouldBe([new CheckoutRefusal.PatronRestricted("超期未还")]);
        reasons[0].Parameters["reason"].ShouldBe("超期未还");
    }

    [Test]
    public void A_reader_whose_card_expired_is_refused_with_the_expiry_date()
    {
        var reasons = ReasonsOf(Decide(Item(), Reader(expires: "2026-11-30")));
        reasons.ShouldBe([new CheckoutRefusal.PatronExpired(D("2026-11-30"))]);
        reasons[0].Parameters["expires_on"].ShouldBe("2026-11-30");
    }

    [Test]
    public void A_card_that_expires_today_may_still_borrow_until_today() =>
        Decide(Item(), Reader(expires: "2026-12-01")).ShouldBe(new CheckoutDecision.Allowed(D("2026-12-01")));

    [Test]
    public void A_group_and_item_type_without_a_policy_are_refused_as_no_policy_naming_both()
    {
        var reasons = ReasonsOf(Decide(Item(policy: new PolicyResolution.NoPolicy(PatronGroup.Undergraduate, "book"))));
        reasons.ShouldBe([new CheckoutRefusal.NoPolicy(PatronGroup.Undergraduate, "book")]);
        reasons[0].Parameters.ShouldBe(new Dictionary<string, string> { ["patron_group"] = "undergraduate", ["item_type"] = "book" });
    }

    [Test]
    public void The_last_loan_the_policy_allows_goes_out() =>
        Decide(Item(open: 4)).ShouldBeOfType<CheckoutDecision.Allowed>();

    [Test]
    public void A_loan_beyond_the_open_loan_limit_is_refused_with_the_count_and_the_limit()
    {
        var reasons = ReasonsOf(Decide(Item(open: 5)));
        reasons.ShouldBe([new CheckoutRefusal.TooManyLoans("book", 5, 5)]);
        reasons[0].Parameters.ShouldBe(new Dictionary<string, string> { ["item_type"] = "book", ["open"] = "5", ["max"] = "5" });
    }

    [Test]
    public void Every_reason_that_applies_is_given_at_once() =>
        ReasonsOf(Decide(Item(DeskItem.OnLoan, open: 5), Reader(PatronStatus.Restricted, "欠费"))).Select(r => r.Code)
            .ShouldBe(["patron_restricted", "item_not_available", "too_many_loans"], ignoreOrder: true);
}
