using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Tests.Domain;

/// <summary>Seat booking's rules on a controlled clock in library time (Asia/Shanghai), each window tested a minute either side.</summary>
internal sealed class SeatRulesTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Day = new(2026, 12, 1);

    // Open 08:00–22:00 every day except 2026-12-02 (closed).
    private static readonly LibraryCalendar Calendar = new(
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(22, 0))),
        [CalendarDate.Closure(new DateOnly(2026, 12, 2), "校庆")]);

    private static DateTimeOffset At(string time, int days = 0) => SeatRules.At(Day.AddDays(days), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), Zone);

    private static Patron Reader(PatronStatus status = PatronStatus.Active, string? reason = null) =>
        new(42, "2024001234", "张三", PatronGroup.Undergraduate, "计算机学院", "主校区", status, reason, new DateOnly(2030, 6, 30), Language.Zh, null);

    private static readonly SeatZone Quiet = new(7, 1, "main", "3f-quiet", "三楼静音区", "Quiet 3F", "3F", "quiet", true, SeatZoneRules.Default);
    private static readonly Seat A1 = new(11, 7, "Q3-001", true, false, true, true, 1, 1);

    private static SeatBooking Booking(string starts, string ends, string status = SeatBookingStatus.Booked, DateTimeOffset? endedAt = null,
        DateTimeOffset? leaveUntil = null) =>
        new(99, 42, A1.Id, A1.Code, Quiet.Id, Quiet.Name, Quiet.NameEn, "main", At(starts), At(ends), status,
            status is SeatBookingStatus.CheckedIn or SeatBookingStatus.OnLeave ? At(starts) : null, null, leaveUntil, endedAt,
            endedAt is null ? null : "left", null);

    private static SeatDecision Decide(string starts, string ends, string now, ReaderSeatDay? day = null, SeatZone? zone = null, Seat? seat = null,
        IReadOnlyList<SeatZoneClosure>? closures = null, Patron? reader = null, int cap = 3, int startDays = 0, int nowDays = 0) =>
        SeatRules.DecideBooking(new SeatBookingCase(reader ?? Reader(), zone ?? Quiet, seat ?? A1, closures ?? [], Calendar, day ?? ReaderSeatDay.Empty, cap),
            At(starts, startDays), At(ends, startDays), At(now, nowDays), Zone);

    private static SeatDecision Decide((DateTimeOffset Starts, DateTimeOffset Ends) interval, DateTimeOffset now, SeatZone? zone = null) =>
        SeatRules.DecideBooking(new SeatBookingCase(Reader(), zone ?? Quiet, A1, [], Calendar, ReaderSeatDay.Empty, 3), interval.Starts, interval.Ends, now, Zone);

    private static List<string> Codes(SeatDecision decision) =>
        [.. decision.ShouldBeOfType<SeatDecision.Refused>().Reasons.Select(r => r.Code)];

    [Test]
    public void A_booking_within_the_rules_is_allowed() => Decide("09:00", "11:00", "08:30").ShouldBeOfType<SeatDecision.Allowed>();

    [Test]
    public void Booking_for_the_day_opens_at_seven_and_not_a_minute_before()
    {
        Codes(Decide("09:00", "11:00", "06:59")).ShouldBe(["booking_not_open"]);
        Decide("09:00", "11:00", "07:00").ShouldBeOfType<SeatDecision.Allowed>();
    }

    [Test]
    public void A_zone_opening_the_evening_before_takes_bookings_for_tomorrow_from_its_time_the_day_before()
    {
        var evening = Quiet with { Rules = SeatZoneRules.Default with { BookingOpensAt = new TimeOnly(20, 0), OpensDayBefore = true } };
        Codes(Decide("09:00", "11:00", "19:59", zone: evening, startDays: 2, nowDays: 1)).ShouldBe(["booking_not_open"]);
        Decide("09:00", "11:00", "20:00", zone: evening, startDays: 2, nowDays: 1).ShouldBeOfType<SeatDecision.Allowed>();
        // Without it, tomorrow is not bookable tonight.
        Codes(Decide("09:00", "11:00", "20:00", startDays: 2, nowDays: 1)).ShouldBe(["booking_not_open"]);
    }

    [Test]
    public void A_booking_must_lie_within_the_branch_opening_hours_of_its_day()
    {
        Codes(Decide("07:59", "10:00", "07:30")).ShouldBe(["outside_opening_hours"]);
        Decide("08:00", "10:00", "07:30").ShouldBeOfType<SeatDecision.Allowed>();
        Decide("20:00", "22:00", "07:30").ShouldBeOfType<SeatDecision.Allowed>();
        Codes(Decide("20:01", "22:01", "07:30")).ShouldBe(["outside_opening_hours"]);
    }

    [Test]
    public void A_day_the_branch_calendar_closes_cannot_be_booked() =>
        Codes(Decide("09:00", "11:00", "08:00", startDays: 1, nowDays: 1)).ShouldBe(["branch_closed"]);

    [Test]
    public void A_booking_is_at_least_the_zone_minimum_and_at_most_its_maximum()
    {
        Codes(Decide("09:00", "09:29", "08:00")).ShouldBe(["too_short"]);
        Decide("09:00", "09:30", "08:00").ShouldBeOfType<SeatDecision.Allowed>();
        Decide("09:00", "13:00", "08:00").ShouldBeOfType<SeatDecision.Allowed>();
        Codes(Decide("09:00", "13:01", "08:00")).ShouldBe(["too_long"]);
    }

    [Test]
    public void A_start_in_the_past_is_refused() => Codes(Decide("09:00", "10:00", "09:02")).ShouldBe(["starts_in_past"]);

    [Test]
    public void The_daily_maximum_counts_live_and_finished_bookings_by_the_time_used_and_not_cancelled_ones()
    {
        var day = new ReaderSeatDay(null, [
            Booking("08:00", "12:00", SeatBookingStatus.Finished, endedAt: At("10:00")),              // 120 used of 240
            Booking("12:00", "16:00", SeatBookingStatus.Cancelled, endedAt: At("11:00")),             // none
            Booking("16:00", "20:00", SeatBookingStatus.Finished),                                    // 240
        ], 0, null);
        // 120 + 240 = 360 used; 120 more reaches 480 exactly, 121 passes it.
        Decide("20:00", "22:00", "07:30", day).ShouldBeOfType<SeatDecision.Allowed>();
        var refused = Decide("19:59", "22:00", "07:30", day).ShouldBeOfType<SeatDecision.Refused>();
        refused.Reasons.ShouldHaveSingleItem().ShouldBe(new SeatRefusal.DailyLimit(360, 121, 480));
    }

    [Test]
    public void A_reader_with_a_live_booking_may_not_book_another()
    {
        var live = Booking("08:00", "09:00");
        Codes(Decide("09:00", "11:00", "07:30", new ReaderSeatDay(live, [live], 0, null))).ShouldBe(["already_booked"]);
    }

    [Test]
    public void A_suspended_reader_is_told_until_when()
    {
        var until = At("12:00", 7);
        var refused = Decide("09:00", "11:00", "07:30", new ReaderSeatDay(null, [], 0, new SeatSuspension(until, "3 次违约"))).ShouldBeOfType<SeatDecision.Refused>();
        refused.Reasons.ShouldBe([new SeatRefusal.Suspended(until, "3 次违约")]);
    }

    [Test]
    public void A_closed_zone_a_closure_meeting_the_time_and_a_disabled_seat_are_each_refused_with_every_other_reason()
    {
        var closure = new SeatZoneClosure(1, 7, At("10:00"), At("14:00"), "考试", "staff:1");
        Codes(Decide("09:00", "11:00", "07:30", closures: [closure])).ShouldBe(["zone_closed"]);
        Decide("08:00", "10:00", "07:30", closures: [closure]).ShouldBeOfType<SeatDecision.Allowed>();
        Codes(Decide("09:00", "09:10", "06:00", zone: Quiet with { Enabled = false }, seat: A1 with { Enabled = false }))
            .ShouldBe(["zone_closed", "seat_disabled", "booking_not_open", "too_short"]);
    }

    [Test]
    public void After_the_daily_cancellations_a_reader_books_no_more_that_day()
    {
        Decide("09:00", "11:00", "07:30", new ReaderSeatDay(null, [], 2, null)).ShouldBeOfType<SeatDecision.Allowed>();
        Codes(Decide("09:00", "11:00", "07:30", new ReaderSeatDay(null, [], 3, null))).ShouldBe(["too_many_cancellations"]);
    }

    [Test]
    public void A_restricted_reader_is_refused_with_the_reason() =>
        Codes(Decide("09:00", "11:00", "07:30", reader: Reader(PatronStatus.Restricted, "欠费"))).ShouldBe(["patron_restricted"]);

    [Test]
    public void Without_a_length_a_booking_takes_the_zone_default_cut_at_closing_time()
    {
        SeatRules.Interval(Quiet.Rules, Calendar, At("09:00:30"), null, null, Zone).ShouldBe((At("09:00"), At("13:00")));
        SeatRules.Interval(Quiet.Rules, Calendar, At("20:00"), null, null, Zone).ShouldBe((At("20:00"), At("22:00")));
        SeatRules.Interval(Quiet.Rules, Calendar, At("09:00"), At("10:00"), 45, Zone).ShouldBe((At("10:00"), At("10:45")));
    }

    [Test]
    public void Without_a_start_a_booking_made_before_the_branch_opens_starts_at_the_opening_once_booking_has_opened_at_seven()
    {
        var early = SeatRules.Interval(Quiet.Rules, Calendar, At("06:59"), null, null, Zone);
        early.ShouldBe((At("08:00"), At("12:00")));
        Codes(Decide(early, At("06:59"))).ShouldBe(["booking_not_open"]);
        var rush = SeatRules.Interval(Quiet.Rules, Calendar, At("07:00"), null, null, Zone);
        rush.ShouldBe((At("08:00"), At("12:00")));
        Decide(rush, At("07:00")).ShouldBeOfType<SeatDecision.Allowed>();
        SeatRules.Interval(Quiet.Rules, Calendar, At("07:00"), null, 60, Zone).ShouldBe((At("08:00"), At("09:00")));
    }

    [Test]
    public void Without_a_start_a_booking_starts_at_the_opening_hour_until_it_comes_and_at_the_current_minute_from_then()
    {
        SeatRules.DefaultStart(Quiet.Rules, Calendar, At("07:59:59"), Zone).ShouldBe(At("08:00"));
        SeatRules.DefaultStart(Quiet.Rules, Calendar, At("08:00"), Zone).ShouldBe(At("08:00"));
        SeatRules.DefaultStart(Quiet.Rules, Calendar, At("08:00:40"), Zone).ShouldBe(At("08:00"));
        SeatRules.DefaultStart(Quiet.Rules, Calendar, At("08:01"), Zone).ShouldBe(At("08:01"));
        SeatRules.DefaultStart(Quiet.Rules, Calendar, At("21:59:59"), Zone).ShouldBe(At("21:59"));
    }

    [Test]
    public void Without_a_start_a_zone_booked_the_evening_before_takes_the_next_open_days_opening_once_the_branch_has_closed_for_today()
    {
        var evening = Quiet with { Rules = SeatZoneRules.Default with { BookingOpensAt = new TimeOnly(20, 0), OpensDayBefore = true } };
        // 30 November: open until 22:00, and 1 December is open.
        SeatRules.DefaultStart(evening.Rules, Calendar, At("21:59", -1), Zone).ShouldBe(At("21:59", -1));
        var tonight = SeatRules.Interval(evening.Rules, Calendar, At("22:00", -1), null, null, Zone);
        tonight.ShouldBe((At("08:00"), At("12:00")));
        Decide(tonight, At("22:00", -1), evening).ShouldBeOfType<SeatDecision.Allowed>();
        // A zone not booked the evening before stays on today, which has closed.
        var plain = SeatRules.Interval(Quiet.Rules, Calendar, At("22:00", -1), null, null, Zone);
        plain.ShouldBe((At("22:00", -1), At("02:00")));
        Codes(Decide(plain, At("22:00", -1))).ShouldBe(["outside_opening_hours"]);
    }

    [Test]
    public void Without_a_start_a_closed_day_is_passed_over_only_by_a_zone_booked_the_evening_before()
    {
        var evening = Quiet with { Rules = SeatZoneRules.Default with { BookingOpensAt = new TimeOnly(20, 0), OpensDayBefore = true } };
        // 1 December 22:00: 2 December is closed, so the next opening is 3 December's, bookable from 2 December 20:00.
        var closedNext = SeatRules.Interval(evening.Rules, Calendar, At("22:00"), null, null, Zone);
        closedNext.ShouldBe((At("08:00", 2), At("12:00", 2)));
        Decide(closedNext, At("22:00"), evening).ShouldBeOfType<SeatDecision.Refused>().Reasons.ShouldBe([new SeatRefusal.BookingNotOpen(At("20:00", 1))]);
        // On the closed day itself: the evening zone books the next day from 20:00; another zone is told the library is closed.
        var closedToday = SeatRules.Interval(evening.Rules, Calendar, At("09:00", 1), null, null, Zone);
        closedToday.ShouldBe((At("08:00", 2), At("12:00", 2)));
        Codes(Decide(closedToday, At("19:59", 1), evening)).ShouldBe(["booking_not_open"]);
        Decide(closedToday, At("20:00", 1), evening).ShouldBeOfType<SeatDecision.Allowed>();
        var plain = SeatRules.Interval(Quiet.Rules, Calendar, At("09:00", 1), null, null, Zone);
        plain.ShouldBe((At("09:00", 1), At("13:00", 1)));
        Codes(Decide(plain, At("09:00", 1))).ShouldBe(["branch_closed"]);
    }

    [Test]
    public void An_asked_start_is_bounded_from_a_day_before_now_to_eight_days_after_before_any_date_arithmetic()
    {
        var now = At("09:00");
        SeatRules.DecideStart(null, now).ShouldBeNull();
        SeatRules.DecideStart(now.AddDays(-1), now).ShouldBeNull();
        SeatRules.DecideStart(now.AddDays(8), now).ShouldBeNull();
        var bounds = new SeatRefusal.StartOutOfRange(now.AddDays(-1), now.AddDays(8));
        SeatRules.DecideStart(now.AddDays(-1).AddMinutes(-1), now).ShouldBe(bounds);
        SeatRules.DecideStart(now.AddDays(8).AddMinutes(1), now).ShouldBe(bounds);
        SeatRules.DecideStart(new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero), now).ShouldBe(bounds);
        SeatRules.DecideStart(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), now).ShouldBe(bounds);
        bounds.Code.ShouldBe("starts_out_of_range");
        SeatRefusalText.For(bounds, Language.Zh, Zone).ShouldBe("开始时间须在11-30 09:00至12-9 09:00之间");
        SeatRefusalText.For(bounds, Language.En, Zone).ShouldBe("the start must lie between 11-30 09:00 and 12-9 09:00");
    }

    [Test]
    public void Check_in_opens_fifteen_minutes_before_the_start_and_closes_thirty_after()
    {
        var booking = Booking("09:00", "11:00");
        SeatRules.DecideCheckIn(booking, Quiet.Rules, "Q3-001", At("08:44")).Select(r => r.Code).ShouldBe(["checkin_not_open"]);
        SeatRules.DecideCheckIn(booking, Quiet.Rules, "Q3-001", At("08:45")).ShouldBeEmpty();
        SeatRules.DecideCheckIn(booking, Quiet.Rules, "q3-001", At("09:29")).ShouldBeEmpty();
        SeatRules.DecideCheckIn(booking, Quiet.Rules, "Q3-001", At("09:30")).Select(r => r.Code).ShouldBe(["checkin_closed"]);
    }

    [Test]
    public void Check_in_at_another_seat_names_the_booked_one() =>
        SeatRules.DecideCheckIn(Booking("09:00", "11:00"), Quiet.Rules, "Q3-002", At("09:00")).ShouldBe([new SeatRefusal.WrongSeat("Q3-002", "Q3-001")]);

    [Test]
    public void Check_in_twice_or_after_the_end_is_refused()
    {
        SeatRules.DecideCheckIn(Booking("09:00", "11:00", SeatBookingStatus.CheckedIn), Quiet.Rules, "Q3-001", At("09:00"))
            .Select(r => r.Code).ShouldBe(["already_checked_in"]);
        SeatRules.DecideCheckIn(Booking("09:00", "11:00", SeatBookingStatus.Released, endedAt: At("09:30")), Quiet.Rules, "Q3-001", At("09:31"))
            .Select(r => r.Code).ShouldBe(["booking_ended"]);
    }

    [Test]
    public void Temporary_leave_lasts_the_meal_allowance_from_eleven_to_one_and_five_to_seven_and_the_usual_one_otherwise()
    {
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(10, 59)).ShouldBe(30);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(11, 0)).ShouldBe(60);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(12, 59)).ShouldBe(60);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(13, 0)).ShouldBe(30);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(16, 59)).ShouldBe(30);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(17, 0)).ShouldBe(60);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(18, 59)).ShouldBe(60);
        SeatRules.LeaveAllowance(Quiet.Rules, new TimeOnly(19, 0)).ShouldBe(30);
    }

    [Test]
    public void Temporary_leave_needs_a_checked_in_seat_and_ends_no_later_than_the_booking()
    {
        SeatRules.DecideLeave(Booking("09:00", "13:00", SeatBookingStatus.CheckedIn), Quiet.Rules, At("10:00"), Zone)
            .ShouldBe(new SeatLeaveDecision.Allowed(At("10:30")));
        SeatRules.DecideLeave(Booking("09:00", "13:00", SeatBookingStatus.CheckedIn), Quiet.Rules, At("12:30"), Zone)
            .ShouldBe(new SeatLeaveDecision.Allowed(At("13:00")));
        SeatRules.DecideLeave(Booking("09:00", "13:00"), Quiet.Rules, At("10:00"), Zone)
            .ShouldBe(new SeatLeaveDecision.Refused(new SeatRefusal.NotCheckedIn()));
        SeatRules.DecideLeave(Booking("09:00", "13:00", SeatBookingStatus.OnLeave, leaveUntil: At("10:30")), Quiet.Rules, At("10:10"), Zone)
            .ShouldBe(new SeatLeaveDecision.Refused(new SeatRefusal.AlreadyOnLeave(At("10:30"))));
    }

    [Test]
    public void A_reader_returns_from_leave_until_its_last_minute()
    {
        var away = Booking("09:00", "13:00", SeatBookingStatus.OnLeave, leaveUntil: At("10:30"));
        SeatRules.DecideReturn(away, At("10:29")).ShouldBeEmpty();
        SeatRules.DecideReturn(away, At("10:30")).ShouldBe([new SeatRefusal.LeaveExpired(At("10:30"))]);
        SeatRules.DecideReturn(Booking("09:00", "13:00", SeatBookingStatus.CheckedIn), At("10:00")).Select(r => r.Code).ShouldBe(["not_on_leave"]);
    }

    [Test]
    public void Leaving_the_seat_needs_a_check_in_and_cancelling_needs_none()
    {
        SeatRules.DecideFinish(Booking("09:00", "13:00")).Select(r => r.Code).ShouldBe(["not_checked_in"]);
        SeatRules.DecideFinish(Booking("09:00", "13:00", SeatBookingStatus.OnLeave, leaveUntil: At("10:30"))).ShouldBeEmpty();
        SeatRules.DecideCancel(Booking("09:00", "13:00")).ShouldBeEmpty();
        SeatRules.DecideCancel(Booking("09:00", "13:00", SeatBookingStatus.CheckedIn)).Select(r => r.Code).ShouldBe(["already_checked_in"]);
    }

    [TestCase("Q3-001", "Q3-001")]
    [TestCase("https://lib.example.edu/seat?code=Q3-001&x=1", "Q3-001")]
    [TestCase("seat:Q3-001", "Q3-001")]
    [TestCase("  Q3-001 ", "Q3-001")]
    [TestCase("", null)]
    public void A_scanned_seat_code_is_read_from_the_bare_code_or_a_url_or_text_naming_it(string scanned, string? code) =>
        ScannedSeatCode.From(scanned).ShouldBe(code);

    [Test]
    public void A_booking_ended_early_counts_only_the_time_used() =>
        Booking("09:00", "13:00", SeatBookingStatus.Finished, endedAt: At("09:45")).MinutesHeld.ShouldBe(45);
}
