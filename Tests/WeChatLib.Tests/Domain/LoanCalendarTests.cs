using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Tests.Domain;

internal sealed class LoanCalendarTests
{
    // Open Monday to Saturday 07:00–23:00, closed on Sundays; New Year closes 1–2 January 2027 (Friday, Saturday);
    // exam season opens Sunday 27 December 2026.
    internal static readonly LibraryCalendar MainLibrary = new(
        [.. Enum.GetValues<DayOfWeek>().Where(d => d != DayOfWeek.Sunday).Select(d => new OpeningHours(d, new TimeOnly(7, 0), new TimeOnly(23, 0)))],
        [
            CalendarDate.Closure(D("2027-01-01"), "元旦"),
            CalendarDate.Closure(D("2027-01-02"), "元旦"),
            CalendarDate.SpecialHours(D("2026-12-27"), "考试周延长开放", new TimeOnly(8, 0), new TimeOnly(22, 0)),
        ]);

    private static readonly DateOnly FarExpiry = D("2030-06-30");

    internal static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [TestCase("2026-12-01", true)] // a Tuesday
    [TestCase("2026-12-06", false)] // a Sunday
    [TestCase("2027-01-01", false)] // New Year, a Friday
    [TestCase("2026-12-27", true)] // a Sunday opened for exams
    public void A_day_is_open_by_its_weekday_unless_a_dated_entry_says_otherwise(string date, bool open) =>
        MainLibrary.IsOpenOn(D(date)).ShouldBe(open);

    [Test]
    public void A_closure_keeps_its_reason_and_has_no_hours()
    {
        MainLibrary.EntryOn(D("2027-01-01"))!.Reason.ShouldBe("元旦");
        MainLibrary.HoursOn(D("2027-01-01")).ShouldBeNull();
    }

    [Test]
    public void Special_hours_replace_the_weekly_hours_for_that_date()
    {
        MainLibrary.HoursOn(D("2026-12-27")).ShouldBe((new TimeOnly(8, 0), new TimeOnly(22, 0)));
        MainLibrary.HoursOn(D("2026-12-28")).ShouldBe((new TimeOnly(7, 0), new TimeOnly(23, 0)));
    }

    [Test]
    public void A_calendar_with_no_open_day_finds_none_and_keeps_the_plain_due_date()
    {
        var closed = new LibraryCalendar([], []);
        closed.OpenOnOrAfter(D("2026-12-01")).ShouldBeNull();
        DueDateCalculator.DueDate(D("2026-12-01"), 30, FarExpiry, closed).ShouldBe(D("2026-12-31"));
    }

    [Test]
    public void A_due_date_on_an_open_day_stays_where_the_period_ends() =>
        DueDateCalculator.DueDate(D("2026-12-01"), 30, FarExpiry, MainLibrary).ShouldBe(D("2026-12-31"));

    [Test]
    public void A_due_date_on_a_sunday_moves_to_the_monday() =>
        DueDateCalculator.DueDate(D("2026-12-01"), 5, FarExpiry, MainLibrary).ShouldBe(D("2026-12-07"));

    [Test]
    public void A_due_date_on_a_holiday_moves_past_the_holiday_and_the_closed_sunday_after_it() =>
        DueDateCalculator.DueDate(D("2026-12-02"), 30, FarExpiry, MainLibrary).ShouldBe(D("2027-01-04"));

    [Test]
    public void A_due_date_on_a_sunday_opened_for_exams_stays_there() =>
        DueDateCalculator.DueDate(D("2026-11-27"), 30, FarExpiry, MainLibrary).ShouldBe(D("2026-12-27"));

    [Test]
    public void A_due_date_after_the_card_expiry_is_capped_at_the_expiry_when_open() =>
        DueDateCalculator.DueDate(D("2026-12-01"), 30, D("2026-12-15"), MainLibrary).ShouldBe(D("2026-12-15"));

    [Test]
    public void A_due_date_capped_at_an_expiry_on_a_holiday_moves_back_to_the_last_open_day_before_it() =>
        DueDateCalculator.DueDate(D("2026-12-15"), 30, D("2027-01-02"), MainLibrary).ShouldBe(D("2026-12-31"));

    [Test]
    public void A_due_date_moved_off_a_holiday_never_passes_the_card_expiry()
    {
        // 1 January is closed; the next open day (4 January) is after the expiry on 3 January, a closed Sunday.
        DueDateCalculator.DueDate(D("2026-12-02"), 30, D("2027-01-03"), MainLibrary).ShouldBe(D("2026-12-31"));
    }

    [Test]
    public void A_loan_made_on_a_closed_day_when_the_card_expires_that_day_is_due_that_day_never_before_it() =>
        DueDateCalculator.DueDate(D("2027-01-03"), 30, D("2027-01-03"), MainLibrary).ShouldBe(D("2027-01-03"));

    [Test]
    public void Checkout_counts_the_loan_period_from_today()
    {
        var policy = new LoanPolicy(LoanPeriodDays: 30, RenewalPeriodDays: 15, MaxRenewals: 1, RenewableDaysBeforeDue: 7,
            OverdueRenewable: false, MaxOpenLoans: 20);
        DueDateCalculator.CheckoutDueDate(D("2026-12-01"), policy, FarExpiry, MainLibrary).ShouldBe(D("2026-12-31"));
    }
}
