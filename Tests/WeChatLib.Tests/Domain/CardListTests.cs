using WeChatLib.Domain.Announcements;

namespace WeChatLib.Tests.Domain;

internal sealed class CardListTests
{
    [Test]
    public void One_card_a_line_is_read_in_capitals_once_each_in_the_list_s_order()
    {
        var read = CardList.Read("\uFEFF20250101\r\n t2008105 \r\n\r\n20250101\nC-0003");

        read.Accepted.ShouldBeTrue();
        read.Cards.ShouldBe(["20250101", "T2008105", "C-0003"]);
        read.Duplicates.ShouldBe(1);
    }

    [TestCase("name,card\n张三,20250101\n\"李, 四\",T2008105\n")]
    [TestCase("name;card_number\n张三;20250101\n李四;T2008105\n")]
    [TestCase("name\tCard\tcollege\n张三\t20250101\t法学院\n李四\tT2008105\t\n")]
    [TestCase("card\n20250101\nt2008105\n")]
    public void A_table_is_read_by_its_card_column_whatever_the_separator(string table)
    {
        var read = CardList.Read(table);

        read.Accepted.ShouldBeTrue(read.Problem);
        read.Cards.ShouldBe(["20250101", "T2008105"]);
    }

    [Test]
    public void A_table_without_a_card_column_is_refused_whole()
    {
        var read = CardList.Read("name,college\n张三,法学院\n");

        read.Accepted.ShouldBeFalse();
        read.Problem.ShouldNotBeNull().ShouldContain("card");
    }

    [Test]
    public void Every_line_that_is_no_card_number_is_named_and_nothing_is_kept()
    {
        var read = CardList.Read("name,card\n张三,20250101\n李四,\n王五,2025 0103\n赵六,20250104\n");

        read.Accepted.ShouldBeFalse();
        read.Cards.ShouldBeEmpty();
        read.Rejected.Select(r => r.Line).ShouldBe([3, 4]);
    }

    [TestCase("")]
    [TestCase("\r\n \r\n")]
    public void An_empty_list_is_refused(string list) => CardList.Read(list).Problem.ShouldNotBeNull();
}
