using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Tests.Domain;

internal sealed class LoanPolicyTableTests
{
    private static readonly string[] ItemTypes = ["book", "reference"];

    // Every group borrows both types, each pair with a policy of its own, so a wrong lookup cannot pass unnoticed.
    private static readonly LoanPolicyTable Table = new(
        from g in Enum.GetValues<PatronGroup>()
        from t in ItemTypes
        select new LoanPolicyEntry(g, t, PolicyFor(g, t)));

    private static LoanPolicy PolicyFor(PatronGroup group, string itemType) =>
        new(LoanPeriodDays: 10 + (int)group, RenewalPeriodDays: 7, MaxRenewals: itemType == "book" ? 2 : 0,
            RenewableDaysBeforeDue: 7, OverdueRenewable: false, MaxOpenLoans: 5 + (int)group, Renewable: itemType == "book");

    private static IEnumerable<TestCaseData> Pairs() =>
        from g in Enum.GetValues<PatronGroup>()
        from t in ItemTypes
        select new TestCaseData(g, t);

    [TestCaseSource(nameof(Pairs))]
    public void Each_patron_group_and_item_type_resolves_to_its_own_policy(PatronGroup group, string itemType) =>
        Table.Resolve(group, itemType).ShouldBe(new PolicyResolution.Found(PolicyFor(group, itemType)));

    [Test]
    public void An_item_type_without_a_policy_for_the_group_resolves_to_no_policy_naming_the_pair() =>
        Table.Resolve(PatronGroup.Alumni, "periodical").ShouldBe(new PolicyResolution.NoPolicy(PatronGroup.Alumni, "periodical"));

    [Test]
    public void A_group_without_any_policy_resolves_to_no_policy()
    {
        var table = new LoanPolicyTable([new LoanPolicyEntry(PatronGroup.Faculty, "book", PolicyFor(PatronGroup.Faculty, "book"))]);
        table.Resolve(PatronGroup.Undergraduate, "book").ShouldBeOfType<PolicyResolution.NoPolicy>();
    }

    [Test]
    public void A_policy_renews_from_today_unless_it_says_otherwise() =>
        PolicyFor(PatronGroup.Graduate, "book").RenewFrom.ShouldBe(RenewFrom.Today);

    [Test]
    public void The_first_renewal_date_is_the_set_number_of_days_before_due_or_none_without_a_limit()
    {
        var due = new DateOnly(2026, 12, 31);
        PolicyFor(PatronGroup.Graduate, "book").FirstRenewalDate(due).ShouldBe(new DateOnly(2026, 12, 24));
        (PolicyFor(PatronGroup.Graduate, "book") with { RenewableDaysBeforeDue = null }).FirstRenewalDate(due).ShouldBeNull();
    }
}
