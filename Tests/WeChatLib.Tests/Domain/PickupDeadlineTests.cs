using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using static WeChatLib.Tests.Domain.LoanCalendarTests;

namespace WeChatLib.Tests.Domain;

internal sealed class PickupDeadlineTests
{
    [Test]
    public void The_deadline_is_the_nth_open_day_after_the_copy_is_shelved() =>
        // Shelved on Tuesday 1 December: Wednesday, Thursday, Friday.
        PickupDeadline.For(D("2026-12-01"), 3, MainLibrary).ShouldBe(D("2026-12-04"));

    [Test]
    public void A_closed_sunday_is_not_counted() =>
        // Shelved on Friday 4 December: Saturday, (Sunday closed), Monday, Tuesday.
        PickupDeadline.For(D("2026-12-04"), 3, MainLibrary).ShouldBe(D("2026-12-08"));

    [Test]
    public void A_sunday_opened_for_exams_is_counted() =>
        // Shelved on Friday 25 December: Saturday 26, Sunday 27 (open for exams), Monday 28.
        PickupDeadline.For(D("2026-12-25"), 3, MainLibrary).ShouldBe(D("2026-12-28"));

    [Test]
    public void The_new_year_closure_and_the_sunday_after_it_are_skipped() =>
        // Shelved on Wednesday 30 December: Thursday 31, (1, 2, 3 January closed), Monday 4, Tuesday 5.
        PickupDeadline.For(D("2026-12-30"), 3, MainLibrary).ShouldBe(D("2027-01-05"));

    [Test]
    public void A_holiday_week_does_not_eat_the_readers_time()
    {
        // Spring Festival closes Monday 8 to Sunday 14 February 2027.
        var springFestival = new LibraryCalendar(
            [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(22, 0)))],
            [.. Enumerable.Range(0, 7).Select(i => CalendarDate.Closure(D("2027-02-08").AddDays(i), "春节"))]);
        PickupDeadline.For(D("2027-02-06"), 3, springFestival).ShouldBe(D("2027-02-16"));
    }

    [Test]
    public void A_calendar_with_no_open_day_in_reach_counts_plain_days() =>
        PickupDeadline.For(D("2026-12-01"), 3, new LibraryCalendar([], [])).ShouldBe(D("2026-12-04"));

    [Test]
    public void One_open_day_on_an_open_next_day_is_the_next_day() =>
        PickupDeadline.For(D("2026-12-01"), 1, MainLibrary).ShouldBe(D("2026-12-02"));
}
