using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Staff;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Announcements;

/// <summary>
/// Scheduled announcements on two instances sharing one clock: the cluster-safe scheduler starts each at its time, not a
/// moment before, and once; one rescheduled later keeps waiting. The service's own target, audit and attempt rows are
/// counted.
/// </summary>
internal sealed class AnnouncementScheduleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_scheduled_announcement_starts_at_its_time_not_before_and_once_on_two_instances()
    {
        await using var database = await TestDatabase.CreateAsync();
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(new DateTimeOffset(start.UtcTicks - start.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero));
        var sendAt = clock.GetUtcNow().AddMinutes(1);
        await using var first = Instance(database, clock);
        await using var second = Instance(database, clock);
        _ = first.Services;
        _ = second.Services;
        var readers = Enumerable.Range(1, 7).Select(i => $"oScheduled{i:D6}".PadRight(28, '0')).ToList();
        await database.AddFollowersAsync(readers);
        var staff = first.ClientWith((await first.StaffTokensAsync("announcer", StaffRole.Announcer)).AccessToken);
        var onTime = (await staff.DraftAnnouncementAsync("all_followers", title: "定时发送"))["id"]!.GetValue<long>();
        var moved = (await staff.DraftAnnouncementAsync("all_followers", title: "改期发送"))["id"]!.GetValue<long>();

        (await ScheduleAsync(staff, onTime, sendAt)).ShouldBe("scheduled");
        (await ScheduleAsync(staff, moved, sendAt)).ShouldBe("scheduled");
        (await ScheduleAsync(staff, moved, sendAt.AddHours(1))).ShouldBe("scheduled");
        // The schedule's start reads the time under the row lock: one that listed it as due before the reschedule does not start it.
        var day = new AudienceDay(sendAt.AddDays(-1), sendAt.AddDays(1));
        (await first.Services.GetRequiredService<IAnnouncements>().StartAsync(moved, day, new DateOnly(2000, 1, 1), 4, 3, dueBy: sendAt.AddMinutes(1),
            new AuditEntry(AuditEntry.System, "announcement.send", $"announcement:{moved}"), CancellationToken.None)).ShouldBeNull();

        await clock.RunForAsync(sendAt - clock.GetUtcNow() - Step, Step);
        (await StatusAsync(database, onTime)).ShouldBe("scheduled", "a second before its time");
        (await database.TargetsAsync(onTime)).ShouldBeEmpty();

        await clock.RunUntilAsync(async () => await StatusAsync(database, onTime) == "sent", "the announcement is sent", Step, TimeSpan.FromSeconds(60));

        await using var connection = database.Open();
        var startedAt = await connection.ExecuteScalarAsync<DateTime>("select started_at from announcements where id = @onTime", new { onTime });
        new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)).ShouldBeInRange(sendAt, sendAt.AddSeconds(16));
        (await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_log where action = 'announcement.send' and target = @target", new { target = $"announcement:{onTime}" }))
            .ShouldBe(1, "started once");
        (await connection.ExecuteScalarAsync<string>("select last_run_by from scheduled_jobs where name = 'announcements.start-due'")).ShouldNotBeNull();
        var attempts = await database.AttemptsPerReaderAsync(onTime);
        attempts.Keys.ShouldBe(readers, ignoreOrder: true);
        attempts.Values.ShouldAllBe(n => n == 1);
        (await StatusAsync(database, moved)).ShouldBe("scheduled", "rescheduled an hour later");
        (await database.TargetsAsync(moved)).ShouldBeEmpty();
    }

    private static async Task<string> ScheduleAsync(HttpClient staff, long id, DateTimeOffset sendAt)
    {
        var answer = await staff.PostAsJsonAsync(Url($"/api/v1/staff/announcements/{id}/send"), new { sendAt });
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return (string)(await answer.Content.ReadFromJsonAsync<JsonObject>())!["status"]!;
    }

    private static async Task<string> StatusAsync(TestDatabase database, long id)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<string>("select status from announcements where id = @id", new { id }) ?? "";
    }

    private static ApiFactory Instance(TestDatabase database, FakeTimeProvider clock)
    {
        var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Jobs:PollMilliseconds"] = "50";
        api.Settings["Announcements:PollMilliseconds"] = "50";
        api.Settings["Announcements:BatchSize"] = "3";
        // The clock runs faster than the requests: leases far longer than the test, so none runs out under a live request.
        api.Settings["Announcements:LeaseSeconds"] = "3600";
        return api;
    }
}
