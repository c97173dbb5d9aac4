using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Tests.Domain;

internal sealed class RenewalCaseTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static readonly LibraryCalendar EveryDay =
        new(Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(7, 0), new TimeOnly(23, 0))), []);

    private static readonly Loan Loan = new(7, 1, "C0000007", "活着", "余华", "I247.57/Y71", "main", "book",
        Today.AddDays(-20), Today.AddDays(3), 1, false, null);

    private static readonly RenewingReader Reader = new(1, Standing.Good, null, new DateOnly(2030, 7, 1));

    [Test]
    public void A_loan_whose_group_and_item_type_have_no_policy_is_refused_as_not_renewable_for_its_type()
    {
        var decision = new RenewalCase(Loan, new PolicyResolution.NoPolicy(PatronGroup.Alumni, "book"), false, EveryDay).Decide(Reader, Today);

        decision.ShouldBeOfType<RenewalDecision.Refused>().Reasons.ShouldBe([new RenewalRefusal.ItemTypeNotRenewable("book")]);
    }

    [Test]
    public void Without_a_policy_someone_elses_loan_is_still_only_not_yours_and_a_restricted_reader_still_hears_why()
    {
        var noPolicy = new RenewalCase(Loan, new PolicyResolution.NoPolicy(PatronGroup.Alumni, "book"), false, EveryDay);

        noPolicy.Decide(Reader with { ReaderId = 99 }, Today).ShouldBeOfType<RenewalDecision.Refused>().Reasons
            .ShouldBe([new RenewalRefusal.NotYourLoan()]);
        noPolicy.Decide(Reader with { Standing = Standing.Restricted, RestrictionReason = "欠款未缴" }, Today)
            .ShouldBeOfType<RenewalDecision.Refused>().Reasons
            .ShouldBe([new RenewalRefusal.ItemTypeNotRenewable("book"), new RenewalRefusal.PatronRestricted("欠款未缴")]);
    }

    [Test]
    public void The_renewals_left_are_the_policys_maximum_less_those_used_or_none_without_a_policy()
    {
        var policy = new LoanPolicy(30, 30, 3, null, false, 20);

        new RenewalCase(Loan, new PolicyResolution.Found(policy), false, EveryDay).RenewalsLeft.ShouldBe(2);
        new RenewalCase(Loan with { RenewalCount = 5 }, new PolicyResolution.Found(policy), false, EveryDay).RenewalsLeft.ShouldBe(0);
        new RenewalCase(Loan, new PolicyResolution.NoPolicy(PatronGroup.Alumni, "book"), false, EveryDay).RenewalsLeft.ShouldBeNull();
    }

    [Test]
    public void Days_left_count_in_library_dates_and_are_negative_when_overdue()
    {
        Loan.DaysLeft(Today).ShouldBe(3);
        Loan.DaysLeft(Today.AddDays(5)).ShouldBe(-2);
    }
}
