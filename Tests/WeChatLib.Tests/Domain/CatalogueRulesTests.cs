using WeChatLib.Domain.Catalogue;

namespace WeChatLib.Tests.Domain;

internal sealed class CatalogueRulesTests
{
    [TestCase("9787020024803", "9787020024803")]
    [TestCase("978-7-02-002480-3", "9787020024803")]
    [TestCase(" 978 7 02 002480 3 ", "9787020024803")]
    [TestCase("7-02-002480-7", "9787020024803")]
    [TestCase("702000007X", "9787020000074")]
    [TestCase("7-02-000007-x", "9787020000074")]
    [TestCase("9791000000008", "9791000000008")]
    public void A_valid_isbn_is_kept_as_its_isbn_13(string given, string kept) =>
        Isbn.Normalize(given).ShouldBe(kept);

    [TestCase("9787020024804")] // check digit off by one
    [TestCase("7020024806")] // ISBN-10 check digit wrong
    [TestCase("70200248X7")] // X only as the last character
    [TestCase("9771234567003")] // 977 is an ISSN prefix
    [TestCase("978702002480")] // twelve digits
    [TestCase("ISBN 9787020024803")]
    [TestCase("")]
    [TestCase(null)]
    public void An_isbn_with_a_wrong_check_digit_or_shape_is_refused(string? given) =>
        Isbn.Normalize(given).ShouldBeNull();

    [TestCase("I247.5", "I247.5")]
    [TestCase("TP311.13", "TP311.13")]
    [TestCase("tp312", "TP312")]
    [TestCase("K825.6=76", "K825.6=76")]
    [TestCase("D923.4-44", "D923.4-44")]
    [TestCase("O4", "O4")]
    [TestCase("T", "T")]
    [TestCase("Z", "Z")]
    public void A_clc_class_number_is_accepted_in_upper_case(string given, string kept) =>
        ClcClass.Normalize(given).ShouldBe(kept);

    [TestCase("L123")] // L, M, W and Y are not CLC main classes
    [TestCase("M1")]
    [TestCase("W2")]
    [TestCase("TA12")] // TA is not a subclass of T
    [TestCase("247.5")]
    [TestCase("I 247")]
    [TestCase("文学")]
    [TestCase("I247.5555555555555555555555555555555")]
    public void A_text_without_the_shape_of_a_clc_class_number_is_refused(string given) =>
        ClcClass.Normalize(given).ShouldBeNull();

    [TestCase(null, true)]
    [TestCase(ItemStatus.OnLoan, true)]
    [TestCase(null, false)]
    [TestCase(ItemStatus.Available, false)]
    [TestCase(ItemStatus.Withdrawn, false)]
    [TestCase(ItemStatus.Lost, false)]
    public void An_import_may_state_the_status_circulation_agrees_with(ItemStatus? stated, bool hasOpenLoan) =>
        ImportItems.StatusRefusal(stated, hasOpenLoan).ShouldBeNull();

    [TestCase(ItemStatus.Available, true)]
    [TestCase(ItemStatus.Withdrawn, true)]
    [TestCase(ItemStatus.Lost, true)]
    [TestCase(ItemStatus.InTransit, true)]
    [TestCase(ItemStatus.OnLoan, false)]
    public void An_import_may_not_take_an_item_out_of_or_put_it_into_a_loan(ItemStatus stated, bool hasOpenLoan) =>
        ImportItems.StatusRefusal(stated, hasOpenLoan).ShouldNotBeNull();

    [TestCase(ItemStatus.InTransit, null)]
    [TestCase(ItemStatus.OnHoldShelf, ItemStatus.Available)]
    [TestCase(ItemStatus.Available, ItemStatus.InTransit)]
    [TestCase(ItemStatus.Lost, ItemStatus.OnHoldShelf)]
    public void An_import_may_neither_route_an_item_nor_take_one_off_its_way_to_a_reader(ItemStatus stated, ItemStatus? current) =>
        ImportItems.StatusRefusal(stated, false, current).ShouldNotBeNull();

    [TestCase(ItemStatus.OnHoldShelf)]
    [TestCase(ItemStatus.InTransit)]
    public void An_import_stating_the_status_an_item_has_changes_nothing_and_is_accepted(ItemStatus status) =>
        ImportItems.StatusRefusal(status, false, status).ShouldBeNull();
}
