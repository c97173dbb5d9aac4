using WeChatLib.Domain.Notices;

namespace WeChatLib.Tests.Domain;

internal sealed class NoticeScheduleTests
{
    private static readonly DateOnly Due = new(2026, 11, 20);

    private static NoticeRule Rule(string kind, int offset, int? every = null, int repeats = 0, int level = 0) =>
        new("undergraduate", "r", kind, offset, every, repeats, level, true, DateTimeOffset.UnixEpoch);

    [Test]
    public void A_courtesy_reminder_fires_once_three_days_before_the_due_date()
    {
        var courtesy = Rule(NoticeKind.DueReminder, -3);
        NoticeSchedule.ScanDates(courtesy, Due).ShouldBe([new DateOnly(2026, 11, 17)]);
        NoticeSchedule.Occurrence(courtesy, Due, new DateOnly(2026, 11, 17)).ShouldBe(0);
        NoticeSchedule.Occurrence(courtesy, Due, new DateOnly(2026, 11, 18)).ShouldBeNull();
        NoticeSchedule.Occurrence(courtesy, Due, new DateOnly(2026, 11, 16)).ShouldBeNull();
    }

    [Test]
    public void A_repeating_overdue_notice_fires_every_interval_up_to_its_maximum_repeats_with_its_occurrence()
    {
        var overdue = Rule(NoticeKind.Overdue, 14, every: 7, repeats: 2, level: 3);
        NoticeSchedule.ScanDates(overdue, Due).ShouldBe([Due.AddDays(14), Due.AddDays(21), Due.AddDays(28)]);
        NoticeSchedule.Occurrence(overdue, Due, Due.AddDays(21)).ShouldBe(1);
        NoticeSchedule.Occurrence(overdue, Due, Due.AddDays(28)).ShouldBe(2);
        NoticeSchedule.Occurrence(overdue, Due, Due.AddDays(35)).ShouldBeNull();
        NoticeSchedule.Occurrence(overdue, Due, Due.AddDays(15)).ShouldBeNull();
    }

    [Test]
    public void The_due_dates_a_scan_looks_up_are_exactly_those_whose_schedule_includes_the_scan_date()
    {
        NoticeRule[] rules = [Rule(NoticeKind.DueReminder, -3), Rule(NoticeKind.DueReminder, 0), Rule(NoticeKind.Overdue, 1, level: 1),
            Rule(NoticeKind.Overdue, 7, every: 5, repeats: 3, level: 2)];
        var scan = new DateOnly(2026, 12, 1);
        foreach (var rule in rules)
        {
            var looked = NoticeSchedule.DueDatesFiringOn(rule, scan).ToList();
            var expected = Enumerable.Range(-60, 121).Select(d => scan.AddDays(d))
                .Select(due => (DueOn: due, Occurrence: NoticeSchedule.Occurrence(rule, due, scan)))
                .Where(x => x.Occurrence is not null).Select(x => (x.DueOn, x.Occurrence!.Value)).ToList();
            looked.ShouldBe(expected, ignoreOrder: true);
            looked.ShouldAllBe(x => NoticeSchedule.ScanDates(rule, x.DueOn).Contains(scan));
        }
    }

    [Test]
    public void Each_overdue_level_is_worded_more_firmly_and_every_status_fits_a_template_field()
    {
        var texts = new[] { Rule(NoticeKind.DueReminder, -3), Rule(NoticeKind.DueReminder, 0), Rule(NoticeKind.Overdue, 1, level: 1),
            Rule(NoticeKind.Overdue, 7, level: 2), Rule(NoticeKind.Overdue, 14, level: 3) }.Select(DueNoticeWording.Status).ToList();
        texts.Distinct().Count().ShouldBe(5);
        texts.ShouldAllBe(t => WeChatLib.Infrastructure.Outbox.TemplateMapping.Length(t) <= WeChatLib.Infrastructure.Outbox.TemplateMapping.MaxFieldLength);
    }
}
