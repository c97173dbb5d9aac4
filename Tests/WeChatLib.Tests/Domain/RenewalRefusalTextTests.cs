using System.Text.RegularExpressions;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Tests.Domain;

internal sealed partial class RenewalRefusalTextTests
{
    private static readonly RenewalRefusal[] EveryReason =
    [
        new RenewalRefusal.TooMany(2, 2),
        new RenewalRefusal.TooSoon(new DateOnly(2026, 12, 3)),
        new RenewalRefusal.OnHold(),
        new RenewalRefusal.Recalled(),
        new RenewalRefusal.PatronRestricted("逾期未还"),
        new RenewalRefusal.PatronExpired(new DateOnly(2026, 11, 30)),
        new RenewalRefusal.OverdueNotRenewable(new DateOnly(2026, 11, 28)),
        new RenewalRefusal.ItemTypeNotRenewable("reference"),
        new RenewalRefusal.WouldNotChangeDueDate(new DateOnly(2026, 12, 31)),
        new RenewalRefusal.NotYourLoan(),
        new RenewalRefusal.AlreadyReturned(),
    ];

    [Test]
    public void Every_reason_has_its_stable_snake_case_code()
    {
        EveryReason.Select(r => r.Code).ShouldBe(
        [
            "too_many", "too_soon", "on_hold", "recalled", "patron_restricted", "patron_expired",
            "overdue_not_renewable", "item_type_not_renewable", "would_not_change_due_date", "not_your_loan",
            "already_returned",
        ]);
        EveryReason.ShouldAllBe(r => SnakeCase().IsMatch(r.Code));
    }

    [Test]
    public void Only_the_count_too_soon_and_overdue_reasons_may_be_overridden_by_staff() =>
        EveryReason.Where(r => r.StaffMayOverride).Select(r => r.Code)
            .ShouldBe(["too_many", "too_soon", "overdue_not_renewable"]);

    [TestCaseSource(nameof(EveryReason))]
    public void Every_reason_has_a_short_chinese_and_a_short_english_explanation(RenewalRefusal reason)
    {
        var zh = RenewalRefusalText.For(reason, Language.Zh);
        var en = RenewalRefusalText.For(reason, Language.En);
        zh.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        zh.Length.ShouldBeLessThanOrEqualTo(30);
        en.ShouldNotBe(zh);
        en.ShouldNotBe(reason.Code);
        en.ShouldMatch("^[a-z]");
        en.Length.ShouldBeLessThanOrEqualTo(70);
    }

    [Test]
    public void Explanations_carry_their_parameters()
    {
        RenewalRefusalText.For(new RenewalRefusal.TooMany(2, 3), Language.Zh).ShouldBe("已续借2次，达到上限3次");
        RenewalRefusalText.For(new RenewalRefusal.TooSoon(new DateOnly(2026, 12, 3)), Language.Zh).ShouldContain("12月3日");
        RenewalRefusalText.For(new RenewalRefusal.TooSoon(new DateOnly(2026, 12, 3)), Language.En).ShouldContain("3 Dec 2026");
        RenewalRefusalText.For(new RenewalRefusal.PatronRestricted("逾期未还"), Language.Zh).ShouldContain("逾期未还");
    }

    [Test]
    public void Parameters_are_plain_strings_with_iso_dates()
    {
        new RenewalRefusal.PatronExpired(new DateOnly(2026, 11, 30)).Parameters["expires_on"].ShouldBe("2026-11-30");
        new RenewalRefusal.ItemTypeNotRenewable("reference").Parameters["item_type"].ShouldBe("reference");
        new RenewalRefusal.OnHold().Parameters.ShouldBeEmpty();
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
