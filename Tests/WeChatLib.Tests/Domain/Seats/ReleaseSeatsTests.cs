using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;
using IFreeSeatCounts = WeChatLib.Domain.Seats.IFreeSeatCounts;
using ZoneSeatCount = WeChatLib.Domain.Seats.ZoneSeatCount;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Tests.Domain.Seats;

/// <summary>The release use case over an in-memory port: what it ends, records and tells each reader, in their language.</summary>
internal sealed class ReleaseSeatsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(8));

    [Test]
    public async Task A_no_show_is_told_when_and_why_with_how_many_violations_count_in_the_readers_language()
    {
        var port = new InMemoryReleases();
        port.Add(new LiveSeatBooking(1, 7, LiveSeatBooking.Booked, Start, Start.AddHours(4), 30), Language.En);
        port.Add(new LiveSeatBooking(2, 8, LiveSeatBooking.Booked, Start, Start.AddHours(4), 30), Language.Zh);
        var report = await Use(port, Start.AddMinutes(31)).HandleAsync(CancellationToken.None);

        report.Released.ShouldBe(2);
        var english = port.Notices.Single(n => n.Key == "seat-released:1");
        english.Kind.ShouldBe(NoticeKind.SeatReleased);
        english.Fields["releasedAt"].ShouldBe("08:31");
        english.Fields["reasonText"].ShouldBe("未按时签到");
        english.Fields["hint"].ShouldBe("Violation 1 of 3 in 30 days; at 3, booking is suspended for 7 days");
        port.Notices.Single(n => n.Key == "seat-released:2").Fields["hint"].ShouldBe("30天内第1次违约，满3次将暂停预约7天");
        port.Ends.Select(e => (e.Booking.Id, e.Reason, e.DueAt)).ShouldBe([(1L, SeatEndReason.NoShow, Start.AddMinutes(30)), (2L, SeatEndReason.NoShow, Start.AddMinutes(30))]);
        port.Audits.Count(a => a.Action == "seat-booking.released").ShouldBe(2);
        port.Forgotten.ShouldBe(1, "released seats are free now: the zone list must count afresh");
    }

    [Test]
    public async Task The_tipping_violation_suspends_and_the_reader_is_told_until_when()
    {
        var port = new InMemoryReleases();
        port.Add(new LiveSeatBooking(1, 7, LiveSeatBooking.Booked, Start, Start.AddHours(4), 30), Language.Zh);
        port.History.Add(new SeatViolation(90, 7, 900, SeatEndReason.NoShow, Start.AddDays(-10)));
        port.History.Add(new SeatViolation(91, 7, 901, SeatEndReason.LeaveOverrun, Start.AddDays(-1)));
        var report = await Use(port, Start.AddMinutes(30)).HandleAsync(CancellationToken.None);

        report.Suspended.ShouldBe(1);
        var suspended = port.Notices.Single(n => n.Kind == NoticeKind.SeatSuspended);
        suspended.Key.ShouldBe("seat-suspended:500");
        suspended.Fields["until"].ShouldBe("2026-12-09");
        suspended.Fields["untilTime"].ShouldBe("08:30");
        suspended.Fields["reasonText"].ShouldBe("30天内违约3次");
        port.Notices.Single(n => n.Kind == NoticeKind.SeatReleased).Fields["hint"].ShouldBe("30天内违约3次，座位预约暂停7天");
    }

    [Test]
    public async Task A_finished_booking_is_neither_a_violation_nor_a_notice()
    {
        var port = new InMemoryReleases();
        port.Add(new LiveSeatBooking(1, 7, LiveSeatBooking.CheckedIn, Start, Start.AddHours(4), 30), Language.Zh);
        var report = await Use(port, Start.AddHours(4)).HandleAsync(CancellationToken.None);

        report.Finished.ShouldBe(1);
        report.Released.ShouldBe(0);
        port.Ends.Single().Status.ShouldBe("finished");
        port.History.ShouldBeEmpty();
        port.Notices.ShouldBeEmpty();
    }

    [Test]
    public async Task Reminders_carry_their_deadline_as_the_moment_they_go_stale()
    {
        var port = new InMemoryReleases();
        port.Add(new LiveSeatBooking(1, 7, LiveSeatBooking.Booked, Start, Start.AddHours(4), 30), Language.En);
        port.Add(new LiveSeatBooking(2, 8, LiveSeatBooking.OnLeave, Start, Start.AddHours(4), 30, Start.AddMinutes(40), Start.AddMinutes(70)), Language.Zh);
        var report = await Use(port, Start.AddMinutes(25)).HandleAsync(CancellationToken.None);
        port.Forgotten.ShouldBe(0, "a run that releases nothing keeps the counts");

        report.Reminders.ShouldBe(1);
        var closing = port.Notices.Single();
        closing.Key.ShouldBe("seat-checkin-closing:1");
        closing.StaleAfter.ShouldBe(Start.AddMinutes(30));
        closing.Fields["checkinBy"].ShouldBe("08:30");
        closing.Fields["hint"].ShouldStartWith("Scan the QR code on your seat by 08:30");

        port.Notices.Clear();
        await Use(port, Start.AddMinutes(66)).HandleAsync(CancellationToken.None);
        var leave = port.Notices.Single(n => n.Kind == NoticeKind.SeatLeaveEnding);
        leave.StaleAfter.ShouldBe(Start.AddMinutes(70));
        leave.Fields["leaveUntil"].ShouldBe("09:10");
        leave.Fields["hint"].ShouldBe("暂离将于09:10结束，请及时返回并扫码，逾时座位将被释放");
    }

    private static ReleaseSeats Use(InMemoryReleases port, DateTimeOffset now) =>
        new(port, new LibraryClock(new FakeTimeProvider(now), Shanghai), port);

    /// <summary>Bookings in a list; "locking" returns those the SQL would find, which the use case judges again.</summary>
    private sealed class InMemoryReleases : ISeatReleases, ISeatReleaseWork, IFreeSeatCounts
    {
        /// <summary>How often the free seats kept for the zone list were dropped.</summary>
        public int Forgotten { get; private set; }

        public Task<IReadOnlyDictionary<long, ZoneSeatCount>> CurrentAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ForgetAsync(CancellationToken cancellationToken)
        {
            Forgotten++;
            return Task.CompletedTask;
        }

        public Task<bool> KnownFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task NoteFullAsync(long zoneId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ZoneFreedAsync(long zoneId, CancellationToken cancellationToken) => throw new NotSupportedException();

        private readonly List<DueSeatBooking> live = [];
        private readonly List<SeatSuspension> suspensions = [];

        public List<SeatViolation> History { get; } = [];
        public List<Notice> Notices { get; } = [];
        public List<ScheduledEnd> Ends { get; } = [];
        public List<AuditEntry> Audits { get; } = [];

        public void Add(LiveSeatBooking booking, Language language) => live.Add(new DueSeatBooking(booking, $"A2-{booking.Id:000}", "二楼自习区", "Quiet study, 2F", language));

        public Task<ISeatReleaseWork> BeginAsync(CancellationToken cancellationToken) => Task.FromResult<ISeatReleaseWork>(this);

        public Task<IReadOnlyList<DueSeatBooking>> AwaitingReminderAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DueSeatBooking>>([.. live.Where(b => !Notices.Any(n => n.Key.StartsWith($"seat-checkin-closing:{b.Booking.Id}", StringComparison.Ordinal)))]);

        public Task EnqueueAsync(IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
        {
            Notices.AddRange(notices);
            return Task.CompletedTask;
        }

        public Task<SeatFairnessPolicy> RulesAsync(CancellationToken cancellationToken) => Task.FromResult(SeatFairnessPolicy.Default);

        public Task<IReadOnlyList<DueSeatBooking>> LockDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DueSeatBooking>>([.. live.Where(b => ReleaseRules.EndDue(b.Booking, now) is not null).Take(limit)]);

        public Task EndAsync(IReadOnlyList<ScheduledEnd> ends, DateTimeOffset endedAt, CancellationToken cancellationToken)
        {
            Ends.AddRange(ends);
            live.RemoveAll(b => ends.Any(e => e.Booking.Id == b.Booking.Id));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SeatViolation>> RecordViolationsAsync(IReadOnlyList<ScheduledEnd> releases, CancellationToken cancellationToken)
        {
            var added = releases.Select((r, i) => new SeatViolation(100 + History.Count + i, r.Booking.PatronId, r.Booking.Id, r.Reason, r.DueAt)).ToList();
            History.AddRange(added);
            return Task.FromResult<IReadOnlyList<SeatViolation>>(added);
        }

        public Task<IReadOnlyDictionary<long, SeatStandingRecord>> StandingsAsync(IReadOnlyCollection<long> patronIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<long, SeatStandingRecord>>(patronIds.ToDictionary(id => id,
                id => new SeatStandingRecord([.. History.Where(v => v.PatronId == id)], [.. suspensions.Where(s => s.PatronId == id)])));

        public Task<IReadOnlyList<SeatSuspension>> SuspendAsync(IReadOnlyList<NewSeatSuspension> news, CancellationToken cancellationToken)
        {
            var added = news.Select((s, i) => new SeatSuspension(500 + suspensions.Count + i, s.Tipping.PatronId, s.StartsAt, s.EndsAt, s.Reason, s.Tipping.Id)).ToList();
            suspensions.AddRange(added);
            return Task.FromResult<IReadOnlyList<SeatSuspension>>(added);
        }

        public Task AuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            Audits.AddRange(entries);
            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
