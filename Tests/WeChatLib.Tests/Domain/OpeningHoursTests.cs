using WeChatLib.Domain.Branches;

namespace WeChatLib.Tests.Domain;

internal sealed class OpeningHoursTests
{
    private static readonly Branch MainLibrary = new("main", "图书馆总馆", "Main Library", "",
        [.. Enum.GetValues<DayOfWeek>().Where(d => d != DayOfWeek.Sunday).Select(d => new OpeningHours(d, new TimeOnly(7, 0), new TimeOnly(23, 0)))]);

    // 2026-11-24 is a Tuesday.
    [TestCase("2026-11-24 07:00", true)]
    [TestCase("2026-11-24 22:59", true)]
    [TestCase("2026-11-24 06:59", false)]
    [TestCase("2026-11-24 23:00", false)]
    [TestCase("2026-11-29 12:00", false)] // a Sunday, with no hours recorded
    public void A_branch_is_open_from_opening_time_until_just_before_closing_time(string localTime, bool open) =>
        MainLibrary.IsOpenAt(DateTime.Parse(localTime, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(open);
}
