using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.Outbox;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Notices;

/// <summary>
/// Due-date notices on a controlled library clock, with two instances each running the scheduler and the outbox
/// workers: the daily scan at 09:00, renewals, quiet hours and reminders whose moment has passed. Counted by the
/// service's own records of notices and of their sends.
/// </summary>
// The clock runs ten times faster than real time while sends take real time: on a busy machine a send could outlast its
// lease on that clock and leave twice. And the drop count reads the service's process-wide meter. Run alone.
[NonParallelizable]
internal sealed class DueNoticeLifecycleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Test]
    public async Task A_loan_walked_from_due_in_three_days_to_fifteen_days_overdue_gets_each_notice_once_and_a_renewal_starts_afresh()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Local(DateOnly.FromDateTime(DateTime.UtcNow), new TimeOnly(8, 0)));
        await using var first = Instance(database, clock);
        await using var second = Instance(database, clock);
        _ = first.Services;
        _ = second.Services;
        await database.OpenLibraryAsync();
        var start = first.Today();
        await first.AddReadersAsync(Reader("A0001"), Reader("B0001"));
        await first.BindWeChatAsync("A0001", "oWalkA000000000000000000001");
        await first.BindWeChatAsync("B0001", "oWalkB000000000000000000001");
        await using (var connection = database.Open())
            await connection.ExecuteAsync("update loan_policies set renewal_period_days = 5 where patron_group = 'undergraduate'");
        var walked = await database.AddLoanAsync("A0001", "三体", start, daysLeft: 3);
        var renewed = await database.AddLoanAsync("B0001", "球状闪电", start, daysLeft: 3);
        var a = (await first.PatronAsync("A0001")).Id;
        var b = (await first.PatronAsync("B0001")).Id;
        var due = start.AddDays(3);

        DateOnly? newDue = null;
        for (var day = 0; day <= 18; day++)
        {
            var date = start.AddDays(day);
            if (day > 0)
                await JumpToAsync(clock, date, new TimeOnly(8, 30));
            await clock.RunUntilAsync(async () => await ScannedAsync(database, date), $"the scan of day {day}", TimeSpan.FromMinutes(1));
            // The day's notices sent before the clock jumps a day, as a real clock would not mid-request.
            await clock.RunUntilAsync(async () => await UnsentAsync(database) == 0, $"day {day}'s notices are sent", TimeSpan.FromMilliseconds(200));
            if (day == 1)
            {
                // B renews the day after the courtesy reminder: the old date's remaining notices never come, the new date's do.
                var outcome = await first.Services.GetRequiredService<RenewLoan>().HandleAsync(
                    new ReaderRef.Patron(b), new LoanRef.Id(renewed), RenewalChannel.H5, CancellationToken.None);
                outcome.ShouldBeOfType<RenewalOutcome.Renewed>();
                newDue = await database.DueOnAsync(renewed);
                newDue.Value.ShouldBeGreaterThan(due);
                newDue.Value.ShouldBeLessThanOrEqualTo(start.AddDays(10));
            }
        }
        await clock.RunForAsync(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));

        string[] expected =
        [
            $"due-reminder:courtesy:{a}:{Iso(due)}", $"due-reminder:due-day:{a}:{Iso(due)}", $"overdue:overdue-1:{a}:{Iso(due)}",
            $"overdue:overdue-7:{a}:{Iso(due)}", $"overdue:overdue-14:{a}:{Iso(due)}",
            $"due-reminder:courtesy:{b}:{Iso(due)}",
            $"due-reminder:courtesy:{b}:{Iso(newDue!.Value)}", $"due-reminder:due-day:{b}:{Iso(newDue.Value)}",
            $"overdue:overdue-1:{b}:{Iso(newDue.Value)}", $"overdue:overdue-7:{b}:{Iso(newDue.Value)}",
        ];
        (await KeysAsync(database)).ShouldBe(expected, ignoreOrder: true);
        foreach (var key in expected)
        {
            await clock.RunUntilAsync(async () => await database.StateAsync(key) == "sent", $"{key} is sent", TimeSpan.FromMilliseconds(200));
            (await database.AttemptsAsync(key)).Count.ShouldBe(1, key);
        }
        (await ScanCountAsync(database)).ShouldBe(19);
        _ = walked;
    }

    [Test]
    public async Task A_scan_in_quiet_hours_holds_its_notices_until_morning_and_a_reminder_whose_due_date_has_passed_is_dropped_not_sent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var clock = new FakeTimeProvider(Local(today, new TimeOnly(23, 0)));
        await using var api = Instance(database, clock, quietHours: true);
        _ = api.Services;
        await database.OpenLibraryAsync();
        await api.AddReadersAsync(Reader("A0001"), Reader("B0001"));
        await api.BindWeChatAsync("A0001", "oQuietA00000000000000000001");
        await api.BindWeChatAsync("B0001", "oQuietB00000000000000000001");
        await database.AddLoanAsync("A0001", "三天后", today, daysLeft: 3);
        await database.AddLoanAsync("B0001", "今天", today, daysLeft: 0);
        var a = (await api.PatronAsync("A0001")).Id;
        var b = (await api.PatronAsync("B0001")).Id;
        using var drops = new DroppedNotices();

        // A scan caught up late at night (as after downtime): both reminders wait for the morning.
        var report = await api.Services.GetRequiredService<RunDueNoticeScan>().HandleAsync(null, CancellationToken.None);
        report.Enqueued["due-reminder"].ShouldBe(2);
        var courtesy = $"due-reminder:courtesy:{a}:{Iso(today.AddDays(3))}";
        var dueDay = $"due-reminder:due-day:{b}:{Iso(today)}";
        (await database.NoticeAsync(courtesy))!.State.ShouldBe("held");
        var notBefore = (await database.NoticeAsync(dueDay))!.NotBefore;
        new DateTimeOffset(notBefore, TimeSpan.Zero).ShouldBe(Local(today.AddDays(1), new TimeOnly(7, 30)));

        await clock.RunForAsync(TimeSpan.FromHours(8), TimeSpan.FromMinutes(5));
        clock.GetUtcNow().ShouldBeLessThan(Local(today.AddDays(1), new TimeOnly(7, 30)));
        (await database.AttemptsAsync(courtesy)).ShouldBeEmpty();
        (await database.NoticeAsync(courtesy))!.State.ShouldBe("held");

        // Morning: the courtesy reminder goes; "due today" of a day now over is set aside, counted, never sent.
        await clock.RunUntilAsync(async () => await database.StateAsync(courtesy) == "sent", "the courtesy reminder is sent", TimeSpan.FromSeconds(30));
        await clock.RunUntilAsync(async () => await database.StateAsync(dueDay) == "dropped", "the stale reminder is dropped", TimeSpan.FromSeconds(30));
        (await database.NoticeAsync(dueDay))!.Reason.ShouldBe(OutboxSender.StaleReason);
        (await database.AttemptsAsync(dueDay)).ShouldBeEmpty();
        (await database.AttemptsAsync(courtesy)).Count.ShouldBe(1);
        drops.Count.ShouldBe(1);
    }

    private static ApiFactory Instance(TestDatabase database, FakeTimeProvider clock, bool quietHours = false)
    {
        var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:PollMilliseconds"] = "50";
        api.Settings["Outbox:PollMilliseconds"] = "50";
        api.Settings["Notices:ScanAt"] = "09:00";
        api.Settings["Notices:Templates:overdue:Url"] = "/h5/loans";
        if (quietHours)
        {
            api.Settings["Notices:QuietHoursStart"] = "22:30";
            api.Settings["Notices:QuietHoursEnd"] = "07:30";
        }
        return api;
    }

    private static async Task JumpToAsync(FakeTimeProvider clock, DateOnly date, TimeOnly time)
    {
        var at = Local(date, time);
        at.ShouldBeGreaterThan(clock.GetUtcNow());
        clock.Advance(at - clock.GetUtcNow());
        await Task.Delay(100);
    }

    private static DateTimeOffset Local(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> ScannedAsync(TestDatabase database, DateOnly date)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<bool>("select exists (select 1 from notice_scans where scan_date = @date)", new { date });
    }

    private static async Task<int> UnsentAsync(TestDatabase database)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from notifications where state in ('pending', 'sending')");
    }

    private static async Task<int> ScanCountAsync(TestDatabase database)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*) from notice_scans");
    }

    private static async Task<IReadOnlyList<string>> KeysAsync(TestDatabase database)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<string>("select idempotency_key from notifications order by id")];
    }

    /// <summary>Counts the outbox's "dropped" metric while it lives.</summary>
    private sealed class DroppedNotices : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public DroppedNotices()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == WeChatLibMetrics.MeterName && instrument.Name == "wechatlib.outbox.dropped")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
