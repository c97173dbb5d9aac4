using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Tests.Domain.Rooms;

/// <summary>
/// Room booking's rules on a controlled clock in library time (Asia/Shanghai): the branch opens 08:00–22:00 every day
/// but 2026-12-03; the library allows 3 days ahead, 120 minutes a booking, 240 a day, 60 to confirm, check-in 10 before
/// to 15 after. Each window is tested a minute (or a day) either side of its edge.
/// </summary>
internal sealed class RoomRulesTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateOnly Day = new(2026, 12, 1);

    private static readonly LibraryCalendar Calendar = new(
        Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(22, 0))),
        [CalendarDate.Closure(new DateOnly(2026, 12, 3), "校庆")]);

    private static DateTimeOffset At(string time, int days = 0) =>
        RoomRules.At(Day.AddDays(days), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), Zone);

    private static Patron Person(long id, string card, PatronGroup group = PatronGroup.Undergraduate, PatronStatus status = PatronStatus.Active,
        string? reason = null) =>
        new(id, card, $"读者{id}", group, "计算机学院", "主校区", status, reason, new DateOnly(2030, 6, 30), Language.Zh, null);

    private static readonly Patron Organiser = Person(1, "C0001");

    /// <summary>A discussion room for 2–6, open to every group, no approval.</summary>
    private static readonly Room Discussion = new(5, 1, "main", "M4-D1", "四楼研讨间1", "Discussion 1, 4F", "4F", "discussion", 6, 2, true, true, false,
        null, false, null, true);

    private static RoomCompanion Companion(long id, string? card = null, bool bound = true, PatronGroup group = PatronGroup.Undergraduate,
        PatronStatus status = PatronStatus.Active, params RoomHeld[] held) =>
        new(card ?? $"C{id:0000}", Person(id, card ?? $"C{id:0000}", group, status, status == PatronStatus.Restricted ? "欠款" : null), bound,
            new PersonRoomDay(held, null));

    private static RoomHeld Held(string starts, string ends, long bookingId = 77, bool holds = true, string? endedAt = null) =>
        new(bookingId, "M4-D9", At(starts), At(ends), holds, endedAt is null ? null : At(endedAt));

    private static RoomDecision Decide(string starts, string ends, string now, Room? room = null, IReadOnlyList<RoomCompanion>? companions = null,
        PersonRoomDay? day = null, Patron? organiser = null, IReadOnlyList<RoomBlock>? blocks = null, int startDays = 0, int nowDays = 0) =>
        RoomRules.DecideBooking(new RoomBookingCase(organiser ?? Organiser, day ?? PersonRoomDay.Empty, room ?? Discussion, blocks ?? [],
            companions ?? [Companion(2)], Calendar, RoomLimits.Default), At(starts, startDays), At(ends, startDays), At(now, nowDays), Zone);

    private static List<string> Codes(RoomDecision decision) =>
        [.. decision.ShouldBeOfType<RoomDecision.Refused>().Reasons.Select(r => r.Code)];

    private static RoomBooking Booking(string status = RoomBookingStatus.Pending, string starts = "10:00", string ends = "11:00", string confirmBy = "09:30",
        Room? room = null, params RoomMember[] companions)
    {
        var r = room ?? Discussion;
        RoomMember[] members = [new(1, "C0001", "读者1", RoomMember.Organiser, RoomMember.Confirmed, null, true), .. companions];
        return new RoomBooking(42, r.Id, r.Code, r.Name, r.NameEn, "main", 1, At(starts), At(ends), "", status, At(confirmBy), null, null, null, null, null,
            null, null, null, At("08:00"), members);
    }

    private static RoomMember Invited(long id) => new(id, $"C{id:0000}", $"读者{id}", RoomMember.Companion, RoomMember.Invited, null, false);

    private static RoomMember ConfirmedCompanion(long id) => new(id, $"C{id:0000}", $"读者{id}", RoomMember.Companion, RoomMember.Confirmed, null, true);

    [Test]
    public void A_booking_within_the_rules_is_allowed() => Decide("10:00", "11:00", "09:00").ShouldBeOfType<RoomDecision.Allowed>();

    [Test]
    public void Bookings_start_and_end_on_the_hour_or_the_half_hour()
    {
        Codes(Decide("10:15", "11:15", "09:00")).ShouldBe(["not_aligned"]);
        Codes(Decide("10:00", "10:45", "09:00")).ShouldBe(["not_aligned"]);
        Decide("10:30", "11:30", "09:00").ShouldBeOfType<RoomDecision.Allowed>();
    }

    [Test]
    public void A_slot_can_be_booked_until_the_minute_it_starts_and_not_after()
    {
        Decide("10:00", "11:00", "10:00").ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("10:00", "11:00", "10:01")).ShouldBe(["starts_in_past"]);
    }

    [Test]
    public void Rooms_can_be_booked_today_and_three_days_ahead_but_not_the_fourth()
    {
        Decide("10:00", "11:00", "21:59", startDays: 4, nowDays: 1).ShouldBeOfType<RoomDecision.Allowed>();
        var refused = Decide("10:00", "11:00", "23:59", startDays: 4, nowDays: 0).ShouldBeOfType<RoomDecision.Refused>().Reasons.ShouldHaveSingleItem();
        refused.ShouldBeOfType<RoomRefusal.TooFarAhead>().LastDate.ShouldBe(Day.AddDays(3));
        // The day turns at midnight library time, not UTC.
        Decide("10:00", "11:00", "00:00", startDays: 4, nowDays: 1).ShouldBeOfType<RoomDecision.Allowed>();
    }

    [Test]
    public void A_booking_lies_within_the_branch_opening_hours_of_its_day()
    {
        Codes(Decide("07:30", "08:30", "07:00")).ShouldBe(["outside_opening_hours"]);
        Decide("08:00", "09:00", "07:00").ShouldBeOfType<RoomDecision.Allowed>();
        Decide("21:00", "22:00", "07:00").ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("21:30", "22:30", "07:00")).ShouldBe(["outside_opening_hours"]);
        Codes(Decide("10:00", "11:00", "09:00", startDays: 2)).ShouldBe(["branch_closed"]);
    }

    [Test]
    public void A_booking_is_at_least_one_slot_and_at_most_the_librarys_maximum()
    {
        Codes(Decide("10:00", "10:00", "09:00")).ShouldBe(["too_short"]);
        Decide("10:00", "12:00", "09:00").ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("10:00", "12:30", "09:00")).ShouldBe(["too_long"]);
    }

    [Test]
    public void A_person_holds_rooms_at_most_the_daily_maximum_counting_what_they_hold_and_what_they_used()
    {
        var day = new PersonRoomDay([Held("08:00", "10:00", 70), Held("12:00", "14:00", 71, holds: false, endedAt: "13:00")], null);
        Decide("15:00", "16:00", "09:00", day: day).ShouldBeOfType<RoomDecision.Allowed>();
        var refused = Decide("15:00", "16:30", "09:00", day: day).ShouldBeOfType<RoomDecision.Refused>().Reasons.ShouldHaveSingleItem();
        refused.ShouldBe(new RoomRefusal.DailyLimit(180, 90, 240));
        // A companion over their own limit refuses the booking too, naming them.
        var busyCompanion = Companion(2, held: [Held("08:00", "12:00", 72)]);
        Codes(Decide("15:00", "15:30", "09:00", companions: [busyCompanion])).ShouldBe(["companion_daily_limit"]);
    }

    [Test]
    public void The_group_fits_the_room_and_reaches_its_minimum()
    {
        Codes(Decide("10:00", "11:00", "09:00", companions: [])).ShouldBe(["group_too_small"]);
        var six = Enumerable.Range(2, 5).Select(i => Companion(i)).ToList();
        Decide("10:00", "11:00", "09:00", companions: six).ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("10:00", "11:00", "09:00", companions: [.. six, Companion(7)])).ShouldBe(["group_too_large"]);
        // A room for one: the organiser alone may book it.
        Decide("10:00", "11:00", "09:00", room: Discussion with { MinGroup = 1 }, companions: []).ShouldBeOfType<RoomDecision.Allowed>();
    }

    [Test]
    public void Every_companion_is_a_distinct_bound_reader_in_good_standing_other_than_the_organiser()
    {
        var unknown = new RoomCompanion("NOPE-1", null, false, PersonRoomDay.Empty);
        var decision = Decide("10:00", "11:00", "09:00", companions:
        [
            Companion(2), Companion(2), unknown, Companion(1, card: "C0001"), Companion(3, bound: false),
            Companion(4, status: PatronStatus.Restricted), Companion(5, status: PatronStatus.Expired),
        ]);

        var reasons = decision.ShouldBeOfType<RoomDecision.Refused>().Reasons;
        reasons.ShouldBe(
        [
            new RoomRefusal.GroupTooLarge(8, 6),
            new RoomRefusal.CompanionRepeated("C0002"),
            new RoomRefusal.CompanionUnknown("NOPE-1"),
            new RoomRefusal.CompanionIsOrganiser("C0001"),
            new RoomRefusal.CompanionNotBound("C0003"),
            new RoomRefusal.CompanionInactive("C0004"),
            new RoomRefusal.CompanionInactive("C0005"),
        ]);
    }

    [Test]
    public void A_faculty_only_room_refuses_an_undergraduate_organiser_and_undergraduate_companions()
    {
        var seminar = Discussion with { PatronGroups = [PatronGroup.Faculty] };
        var faculty = Person(1, "C0001", PatronGroup.Faculty);

        Decide("10:00", "11:00", "09:00", room: seminar, organiser: faculty, companions: [Companion(2, group: PatronGroup.Faculty)])
            .ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("10:00", "11:00", "09:00", room: seminar, companions: [Companion(2, group: PatronGroup.Faculty)])).ShouldBe(["group_not_allowed"]);
        Codes(Decide("10:00", "11:00", "09:00", room: seminar, organiser: faculty, companions: [Companion(2)])).ShouldBe(["companion_group_not_allowed"]);
    }

    [Test]
    public void One_person_holds_one_room_at_a_time_and_back_to_back_bookings_do_not_overlap()
    {
        var day = new PersonRoomDay([Held("09:00", "10:30", 70)], null);
        Codes(Decide("10:00", "11:00", "08:00", day: day)).ShouldBe(["already_in_room"]);
        var held = Decide("10:00", "11:00", "08:00", day: day).ShouldBeOfType<RoomDecision.Refused>().Reasons.Single();
        held.ShouldBe(new RoomRefusal.AlreadyInRoom(70, "M4-D9"));
        Decide("10:30", "11:30", "08:00", day: new PersonRoomDay([Held("09:00", "10:30", 70)], null)).ShouldBeOfType<RoomDecision.Allowed>();
        // A booking that ended holds nothing, and a companion holding another room that overlaps is named.
        Decide("10:00", "11:00", "08:00", day: new PersonRoomDay([Held("09:00", "10:30", 70, holds: false, endedAt: "09:00")], null))
            .ShouldBeOfType<RoomDecision.Allowed>();
        Codes(Decide("10:00", "11:00", "08:00", companions: [Companion(2, held: [Held("10:30", "11:30")])])).ShouldBe(["companion_busy"]);
    }

    [Test]
    public void A_suspended_restricted_organiser_of_a_switched_off_room_hears_every_reason_at_once()
    {
        var restricted = Person(1, "C0001", status: PatronStatus.Restricted, reason: "欠款");
        var day = new PersonRoomDay([], new SeatSuspension(At("08:00", 7), "30天内违约3次"));

        Codes(Decide("10:15", "13:15", "11:00", room: Discussion with { Enabled = false }, organiser: restricted, day: day, companions: []))
            .ShouldBe(["patron_restricted", "suspended", "room_disabled", "not_aligned", "starts_in_past", "too_long", "group_too_small"]);
    }

    [Test]
    public void A_block_meeting_the_time_refuses_it_and_one_ending_at_the_start_does_not()
    {
        RoomBlock[] blocks = [new(3, Discussion.Id, At("09:00"), At("10:00"), "学术讲座", "staff:1")];
        Decide("10:00", "11:00", "08:00", blocks: blocks).ShouldBeOfType<RoomDecision.Allowed>();
        var reason = Decide("09:30", "10:30", "08:00", blocks: blocks).ShouldBeOfType<RoomDecision.Refused>().Reasons.ShouldHaveSingleItem();
        reason.ShouldBe(new RoomRefusal.RoomBlocked("学术讲座", At("10:00")));
    }

    [Test]
    public void The_group_must_confirm_within_the_librarys_minutes_and_never_later_than_the_start()
    {
        RoomRules.ConfirmBy(RoomLimits.Default, At("12:00"), At("09:00")).ShouldBe(At("10:00"));
        RoomRules.ConfirmBy(RoomLimits.Default, At("09:30"), At("09:00")).ShouldBe(At("09:30"));
    }

    [Test]
    public void A_booking_holds_once_enough_have_confirmed_and_not_before()
    {
        var three = Discussion with { MinGroup = 3 };
        var oneConfirmed = Booking(room: three, companions: [Invited(2), Invited(3)]);
        RoomRules.StatusAfterConfirmation(oneConfirmed, three).ShouldBeNull();
        var twoConfirmed = Booking(room: three, companions: [ConfirmedCompanion(2), Invited(3)]);
        RoomRules.StatusAfterConfirmation(twoConfirmed, three).ShouldBe(RoomBookingStatus.Confirmed);
        // Once it holds, a late confirmation changes nothing.
        RoomRules.StatusAfterConfirmation(Booking(RoomBookingStatus.Confirmed, room: three, companions: [ConfirmedCompanion(2), ConfirmedCompanion(3), Invited(4)]), three)
            .ShouldBeNull();
        RoomRules.StatusOnBooking(three).ShouldBe(RoomBookingStatus.Pending);
        RoomRules.StatusOnBooking(three with { MinGroup = 1 }).ShouldBe(RoomBookingStatus.Confirmed);
    }

    [Test]
    public void A_companion_confirms_until_the_deadline_and_not_at_it()
    {
        var booking = Booking(confirmBy: "09:30", companions: [Invited(2)]);
        var companion = Person(2, "C0002");

        RoomRules.DecideConfirm(booking, companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("09:29"), Zone).ShouldBeEmpty();
        RoomRules.DecideConfirm(booking, companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("09:30"), Zone)
            .ShouldBe([new RoomRefusal.ConfirmationClosed(At("09:30"))]);
        // A booking that already holds takes late companions until its end.
        var holding = Booking(RoomBookingStatus.Confirmed, confirmBy: "09:30", companions: [Invited(2)]);
        RoomRules.DecideConfirm(holding, companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("10:59"), Zone).ShouldBeEmpty();
        RoomRules.DecideConfirm(holding, companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("11:00"), Zone)
            .ShouldBe([new RoomRefusal.ConfirmationClosed(At("11:00"))]);
    }

    [Test]
    public void A_companion_holding_an_overlapping_room_cannot_confirm_and_one_holding_the_slot_before_can()
    {
        var booking = Booking(companions: [Invited(2)]);
        var companion = Person(2, "C0002");
        var overlapping = new PersonRoomDay([Held("10:30", "11:30", 70)], null);
        var before = new PersonRoomDay([Held("09:00", "10:00", 70)], null);

        RoomRules.DecideConfirm(booking, companion, overlapping, Discussion, RoomLimits.Default, At("09:00"), Zone)
            .ShouldBe([new RoomRefusal.AlreadyInRoom(70, "M4-D9")]);
        RoomRules.DecideConfirm(booking, companion, before, Discussion, RoomLimits.Default, At("09:00"), Zone).ShouldBeEmpty();
    }

    [Test]
    public void A_companion_suspended_from_seat_booking_cannot_confirm_into_a_room_until_the_suspension_ends()
    {
        var booking = Booking(companions: [Invited(2)]);
        var companion = Person(2, "C0002");
        var suspended = new PersonRoomDay([], new SeatSuspension(At("08:00", 7), "30天内违约3次"));

        RoomRules.DecideConfirm(booking, companion, suspended, Discussion, RoomLimits.Default, At("09:00"), Zone)
            .ShouldBe([new RoomRefusal.Suspended(At("08:00", 7), "30天内违约3次")]);
        RoomRules.DecideConfirm(booking, companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("09:00"), Zone).ShouldBeEmpty();
    }

    [Test]
    public void Answering_twice_or_answering_an_ended_booking_is_refused()
    {
        var companion = Person(2, "C0002");
        RoomRules.DecideConfirm(Booking(companions: [ConfirmedCompanion(2)]), companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("09:00"), Zone)
            .ShouldBe([new RoomRefusal.AlreadyConfirmed()]);
        var declined = new RoomMember(2, "C0002", "读者2", RoomMember.Companion, RoomMember.Declined, At("09:00"), false);
        RoomRules.DecideConfirm(Booking(companions: [declined]), companion, PersonRoomDay.Empty, Discussion, RoomLimits.Default, At("09:00"), Zone)
            .ShouldBe([new RoomRefusal.AlreadyDeclined()]);
        RoomRules.DecideDecline(Booking(companions: [declined]), 2).ShouldBe([new RoomRefusal.AlreadyDeclined()]);
        RoomRules.DecideDecline(Booking(RoomBookingStatus.Lapsed, companions: [Invited(2)]), 2).ShouldBe([new RoomRefusal.BookingEnded(RoomBookingStatus.Lapsed)]);
        RoomRules.DecideDecline(Booking(companions: [Invited(2)]), 2).ShouldBeEmpty();
    }

    [Test]
    public void A_room_needing_approval_goes_to_staff_once_the_group_confirmed_and_cannot_be_checked_in_until_approved()
    {
        var approval = Discussion with { NeedsApproval = true };
        var waiting = Booking(room: approval, companions: [Invited(2)]);
        RoomRules.StatusAfterConfirmation(waiting, approval).ShouldBe(RoomBookingStatus.AwaitingApproval);
        RoomRules.StatusOnBooking(approval with { MinGroup = 1 }).ShouldBe(RoomBookingStatus.AwaitingApproval);

        var awaiting = Booking(RoomBookingStatus.AwaitingApproval, room: approval, companions: [ConfirmedCompanion(2)]);
        RoomRules.DecideCheckIn(awaiting, 1, "M4-D1", RoomLimits.Default, At("10:00")).ShouldBe([new RoomRefusal.NotConfirmed(RoomBookingStatus.AwaitingApproval)]);
        var approved = awaiting with { Status = RoomBookingStatus.Confirmed };
        RoomRules.DecideCheckIn(approved, 1, "M4-D1", RoomLimits.Default, At("10:00")).ShouldBeEmpty();
        var rejected = awaiting with { Status = RoomBookingStatus.Rejected };
        RoomRules.DecideCheckIn(rejected, 1, "M4-D1", RoomLimits.Default, At("10:00")).ShouldBe([new RoomRefusal.BookingEnded(RoomBookingStatus.Rejected)]);
    }

    [Test]
    public void Check_in_opens_ten_minutes_before_the_start_and_closes_fifteen_after()
    {
        var booking = Booking(RoomBookingStatus.Confirmed, companions: [ConfirmedCompanion(2)]);

        RoomRules.DecideCheckIn(booking, 2, "M4-D1", RoomLimits.Default, At("09:49")).ShouldBe([new RoomRefusal.CheckInNotYetOpen(At("09:50"))]);
        RoomRules.DecideCheckIn(booking, 2, "M4-D1", RoomLimits.Default, At("09:50")).ShouldBeEmpty();
        RoomRules.DecideCheckIn(booking, 2, "m4-d1", RoomLimits.Default, At("10:14")).ShouldBeEmpty();
        RoomRules.DecideCheckIn(booking, 2, "M4-D1", RoomLimits.Default, At("10:15")).ShouldBe([new RoomRefusal.CheckInClosed(At("10:15"))]);
    }

    [Test]
    public void A_check_in_window_longer_than_the_booking_closes_at_its_end()
    {
        var limits = RoomLimits.Default with { CheckinClosesMinutes = 45 };
        var booking = Booking(RoomBookingStatus.Confirmed, starts: "10:00", ends: "10:30", companions: [ConfirmedCompanion(2)]);

        RoomRules.CheckInWindow(booking, limits).ShouldBe((At("09:50"), At("10:30")));
        RoomRules.DecideCheckIn(booking, 2, "M4-D1", limits, At("10:29")).ShouldBeEmpty();
        RoomRules.DecideCheckIn(booking, 2, "M4-D1", limits, At("10:30")).ShouldBe([new RoomRefusal.CheckInClosed(At("10:30"))]);
        // A booking longer than the window keeps the library's minutes.
        RoomRules.CheckInWindow(Booking(RoomBookingStatus.Confirmed, ends: "11:00"), limits).ShouldBe((At("09:50"), At("10:45")));
    }

    [Test]
    public void Check_in_is_at_the_booked_room_by_a_member_who_confirmed_once_only()
    {
        var booking = Booking(RoomBookingStatus.Confirmed, companions: [Invited(2)]);
        RoomRules.DecideCheckIn(booking, 1, "M4-D2", RoomLimits.Default, At("10:00")).ShouldBe([new RoomRefusal.WrongRoom("M4-D2", "M4-D1")]);
        RoomRules.DecideCheckIn(booking, 2, "M4-D1", RoomLimits.Default, At("10:00")).ShouldBe([new RoomRefusal.InvitationNotConfirmed()]);
        RoomRules.DecideCheckIn(booking with { Status = RoomBookingStatus.CheckedIn }, 1, "M4-D1", RoomLimits.Default, At("10:00"))
            .ShouldBe([new RoomRefusal.AlreadyCheckedIn()]);
        RoomRules.DecideCheckIn(Booking(companions: [Invited(2)]), 1, "M4-D1", RoomLimits.Default, At("10:00"))
            .ShouldBe([new RoomRefusal.NotConfirmed(RoomBookingStatus.Pending)]);
    }

    [Test]
    public void Only_the_organiser_cancels_and_only_before_the_start()
    {
        var booking = Booking(RoomBookingStatus.Confirmed, companions: [ConfirmedCompanion(2)]);
        RoomRules.DecideCancel(booking, 1, At("09:59")).ShouldBeEmpty();
        RoomRules.DecideCancel(booking, 1, At("10:00")).ShouldBe([new RoomRefusal.AlreadyStarted(At("10:00"))]);
        RoomRules.DecideCancel(booking, 2, At("09:00")).ShouldBe([new RoomRefusal.NotOrganiser()]);
        RoomRules.DecideCancel(booking with { Status = RoomBookingStatus.Cancelled }, 1, At("09:00")).ShouldBe([new RoomRefusal.BookingEnded(RoomBookingStatus.Cancelled)]);
    }

    [Test]
    public void The_days_grid_marks_each_slot_within_opening_hours_free_taken_blocked_or_closed()
    {
        var slots = RoomRules.DaySlots(Discussion, Day, Calendar, [(At("10:00"), At("11:00"))],
            [new RoomBlock(3, Discussion.Id, At("14:00"), At("14:30"), "讲座", "staff:1")], At("09:10"), RoomLimits.Default, Zone);

        slots.Count.ShouldBe(28);
        slots[0].ShouldBe(new RoomSlot(At("08:00"), At("08:30"), RoomSlot.Closed));
        slots.Single(s => s.Starts == At("09:00")).State.ShouldBe(RoomSlot.Closed);
        slots.Single(s => s.Starts == At("09:30")).State.ShouldBe(RoomSlot.Free);
        slots.Where(s => s.Starts >= At("10:00") && s.Starts < At("11:00")).ShouldAllBe(s => s.State == RoomSlot.Taken);
        slots.Single(s => s.Starts == At("11:00")).State.ShouldBe(RoomSlot.Free);
        slots.Single(s => s.Starts == At("14:00")).State.ShouldBe(RoomSlot.Blocked);
        slots[^1].ShouldBe(new RoomSlot(At("21:30"), At("22:00"), RoomSlot.Free));
        RoomRules.DaySlots(Discussion, Day.AddDays(2), Calendar, [], [], At("09:10"), RoomLimits.Default, Zone).ShouldBeEmpty();
        RoomRules.DaySlots(Discussion, Day.AddDays(4), Calendar, [], [], At("09:10"), RoomLimits.Default, Zone).ShouldAllBe(s => s.State == RoomSlot.Closed);
    }

    [Test]
    public void The_chat_names_the_free_slots_starting_within_the_next_hours_soonest_first()
    {
        var slots = RoomRules.DaySlots(Discussion, Day, Calendar, [(At("10:00"), At("11:00"))], [], At("09:10"), RoomLimits.Default, Zone);

        RoomRules.FreeSoon(slots, At("09:10"), TimeSpan.FromHours(3), 4).Select(s => s.Starts).ShouldBe([At("09:30"), At("11:00"), At("11:30"), At("12:00")]);
        RoomRules.FreeSoon(slots, At("09:10"), TimeSpan.FromHours(2), 4).Select(s => s.Starts).ShouldBe([At("09:30"), At("11:00")]);
        RoomRules.FreeSoon(slots, At("21:40"), TimeSpan.FromHours(3), 4).ShouldBeEmpty();
    }

    [Test]
    public void After_a_lost_race_the_next_free_slots_of_the_same_length_follow_that_day()
    {
        var next = RoomRules.NextFreeSlots(At("10:00"), At("11:00"), Calendar, [(At("10:00"), At("11:00")), (At("12:00"), At("12:30"))],
            [new RoomBlock(3, Discussion.Id, At("13:30"), At("14:00"), "讲座", "staff:1")], At("09:00"), Zone);

        next.Select(s => (s.Starts, s.Ends)).ShouldBe([(At("11:00"), At("12:00")), (At("12:30"), At("13:30")), (At("14:00"), At("15:00"))]);
        RoomRules.NextFreeSlots(At("20:30"), At("21:30"), Calendar, [], [], At("09:00"), Zone).Select(s => s.Starts).ShouldBe([At("21:00")]);
    }

    [TestCase("M4-D1", "M4-D1")]
    [TestCase("https://lib.example.edu.cn/room?code=M4-D1", "M4-D1")]
    [TestCase("room:M4-D1", "M4-D1")]
    [TestCase("研讨间 M4-D1", "M4-D1")]
    [TestCase("  ", null)]
    public void The_room_code_is_read_from_what_the_door_qr_code_carries(string scanned, string? code) =>
        ScannedRoomCode.From(scanned).ShouldBe(code);
}
