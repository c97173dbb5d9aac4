using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using static WeChatLib.Tests.Domain.LoanCalendarTests;

namespace WeChatLib.Tests.Domain;

internal sealed class HoldRulesTests
{
    private static readonly DateOnly Today = D("2026-12-01");

    private static readonly BranchRef Main = new(1, "main", "总馆", "Main Library");
    private static readonly BranchRef East = new(2, "east", "东区分馆", "East Branch");

    private static readonly HoldPolicy Undergraduate = new(MaxOpenHolds: 5, PickupOpenDays: 3);

    private static Patron Reader(PatronStatus status = PatronStatus.Active, string? reason = null, string expires = "2030-06-30") =>
        new(42, "2024001234", "张三", PatronGroup.Undergraduate, "计算机学院", "主校区", status, reason, D(expires), Language.Zh, null);

    private static HoldRequestCase Title(
        IReadOnlyList<CopyState>? copies = null, bool onLoan = false, bool held = false, int openHolds = 0, HoldPolicy? policy = null) =>
        new(7, "三体", copies ?? [new CopyState("main", DeskItem.OnLoan), new CopyState("east", DeskItem.OnLoan)],
            onLoan, held, openHolds, policy ?? Undergraduate, [Main, East]);

    private static HoldDecision Decide(HoldRequestCase? title, Patron? reader = null, string? pickup = "main", DateOnly? notNeededAfter = null) =>
        HoldRules.Decide(reader ?? Reader(), title, pickup, notNeededAfter, Today);

    private static List<string> CodesOf(HoldDecision decision) =>
        decision.ShouldBeOfType<HoldDecision.Refused>().Reasons.Select(r => r.Code).ToList();

    [Test]
    public void A_title_with_every_copy_out_may_be_held_for_pickup_at_the_chosen_branch() =>
        Decide(Title(), pickup: "EAST").ShouldBeOfType<HoldDecision.Allowed>().PickupBranch.ShouldBe(East);

    [Test]
    public void Without_a_chosen_branch_the_pickup_is_the_home_of_the_first_circulating_copy() =>
        Decide(Title([new CopyState("main", DeskItem.Lost), new CopyState("east", DeskItem.OnLoan)]), pickup: null)
            .ShouldBeOfType<HoldDecision.Allowed>().PickupBranch.ShouldBe(East);

    [Test]
    public void Copies_in_transit_or_on_the_hold_shelf_do_not_count_as_available() =>
        Decide(Title([new CopyState("main", DeskItem.InTransit), new CopyState("east", DeskItem.OnHoldShelf)]))
            .ShouldBeOfType<HoldDecision.Allowed>();

    [Test]
    public void An_unknown_title_is_refused_as_no_such_title() =>
        CodesOf(Decide(null)).ShouldBe(["no_such_title"]);

    [Test]
    public void An_unknown_title_for_a_restricted_reader_names_both_reasons() =>
        CodesOf(Decide(null, Reader(PatronStatus.Restricted, "欠费"))).ShouldBe(["no_such_title", "patron_restricted"]);

    [Test]
    public void A_title_whose_copies_are_all_lost_or_withdrawn_is_not_holdable() =>
        CodesOf(Decide(Title([new CopyState("main", DeskItem.Lost), new CopyState("east", DeskItem.Withdrawn)]), pickup: "main"))
            .ShouldBe(["not_holdable"]);

    [Test]
    public void A_title_with_a_copy_on_the_shelf_is_refused_naming_the_branches_where_it_stands()
    {
        var reasons = Decide(Title([
            new CopyState("main", DeskItem.OnLoan), new CopyState("east", DeskItem.Available), new CopyState("east", DeskItem.Available),
            new CopyState("main", DeskItem.Available)])).ShouldBeOfType<HoldDecision.Refused>().Reasons;
        reasons.Single().ShouldBeOfType<HoldRefusal.CopyAvailable>().BranchCodes.ShouldBe(["east", "main"]);
        reasons[0].Parameters["branches"].ShouldBe("east,main");
    }

    [Test]
    public void A_reader_with_the_title_on_loan_is_refused_as_already_on_loan() =>
        CodesOf(Decide(Title(onLoan: true))).ShouldBe(["already_on_loan"]);

    [Test]
    public void A_reader_who_holds_the_title_already_is_refused_as_already_held_and_not_also_as_over_the_limit() =>
        CodesOf(Decide(Title(held: true, openHolds: 5))).ShouldBe(["already_held"]);

    [Test]
    public void One_hold_below_the_limit_is_allowed() =>
        Decide(Title(openHolds: 4)).ShouldBeOfType<HoldDecision.Allowed>();

    [Test]
    public void A_hold_at_the_limit_is_refused_with_the_count_and_the_limit()
    {
        var reasons = Decide(Title(openHolds: 5)).ShouldBeOfType<HoldDecision.Refused>().Reasons;
        reasons.Single().ShouldBe(new HoldRefusal.TooManyHolds(5, 5));
        reasons[0].Parameters.ShouldBe(new Dictionary<string, string> { ["open"] = "5", ["max"] = "5" });
    }

    [Test]
    public void A_group_without_a_hold_policy_may_not_hold_at_all() =>
        Decide(Title(policy: HoldPolicy.None)).ShouldBeOfType<HoldDecision.Refused>().Reasons
            .Single().ShouldBe(new HoldRefusal.TooManyHolds(0, 0));

    [Test]
    public void A_date_no_longer_needed_that_has_passed_is_refused_but_today_is_allowed()
    {
        CodesOf(Decide(Title(), notNeededAfter: Today.AddDays(-1))).ShouldBe(["not_needed_after_past"]);
        Decide(Title(), notNeededAfter: Today).ShouldBeOfType<HoldDecision.Allowed>();
    }

    [Test]
    public void An_unknown_pickup_branch_is_refused_with_the_code_asked_for()
    {
        var reasons = Decide(Title(), pickup: "west").ShouldBeOfType<HoldDecision.Refused>().Reasons;
        reasons.Single().ShouldBe(new HoldRefusal.UnknownPickupBranch("west"));
        reasons[0].Parameters["branch"].ShouldBe("west");
    }

    [Test]
    public void A_restricted_reader_is_refused_with_the_reason() =>
        Decide(Title(), Reader(PatronStatus.Restricted, "逾期未还")).ShouldBeOfType<HoldDecision.Refused>().Reasons
            .Single().ShouldBe(new HoldRefusal.PatronRestricted("逾期未还"));

    [Test]
    public void A_reader_whose_card_expired_yesterday_is_refused_with_the_expiry_date()
    {
        var reasons = Decide(Title(), Reader(expires: "2026-11-30")).ShouldBeOfType<HoldDecision.Refused>().Reasons;
        reasons.Single().ShouldBe(new HoldRefusal.PatronExpired(D("2026-11-30")));
        reasons[0].Parameters["expires_on"].ShouldBe("2026-11-30");
    }

    [Test]
    public void A_card_expiring_today_may_still_hold() =>
        Decide(Title(), Reader(expires: "2026-12-01")).ShouldBeOfType<HoldDecision.Allowed>();

    [Test]
    public void Every_reason_that_applies_is_given_at_once()
    {
        var title = Title([new CopyState("east", DeskItem.Available)], onLoan: true, openHolds: 5);
        CodesOf(Decide(title, Reader(PatronStatus.Restricted, "欠费"), pickup: "west", notNeededAfter: Today.AddDays(-3)))
            .ShouldBe(["patron_restricted", "copy_available", "already_on_loan", "too_many_holds", "not_needed_after_past", "unknown_pickup_branch"]);
    }

    [Test]
    public void Every_refusal_has_a_sentence_in_both_languages()
    {
        HoldRefusal[] all =
        [
            new HoldRefusal.NoSuchTitle(), new HoldRefusal.NotHoldable(), new HoldRefusal.CopyAvailable([new BranchRef(1, "main", "总馆", "Main Library")]),
            new HoldRefusal.AlreadyOnLoan(), new HoldRefusal.AlreadyHeld(), new HoldRefusal.TooManyHolds(5, 5),
            new HoldRefusal.UnknownPickupBranch("west"), new HoldRefusal.NotNeededAfterPast(Today),
            new HoldRefusal.PatronRestricted("欠费"), new HoldRefusal.PatronExpired(Today),
        ];
        all.Select(r => r.Code).Distinct().Count().ShouldBe(all.Length);
        foreach (var reason in all)
        {
            HoldRefusalText.For(reason, Language.Zh).ShouldNotBeNullOrWhiteSpace();
            HoldRefusalText.For(reason, Language.En).ShouldNotBe(HoldRefusalText.For(reason, Language.Zh));
        }
        HoldRefusalText.For(new HoldRefusal.TooManyHolds(5, 5), Language.Zh).ShouldBe("您已有5个预约，达到上限5个");
    }
}
