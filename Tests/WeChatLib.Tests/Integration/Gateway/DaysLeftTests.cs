using WeChatLib.Domain.Audit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Domain.Readers;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.Gateway;

/// <summary>"Days left" is reckoned from the library's date, whatever the database server's own time zone.</summary>
internal sealed class DaysLeftTests
{
    private const string OpenId = "oDaysLeft00000000000000000001";

    [Test]
    public async Task At_one_in_the_morning_in_beijing_a_book_due_that_day_is_due_today_while_the_database_runs_on_utc()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var admin = database.Open())
            await admin.ExecuteAsync($"alter database {database.Name} set timezone = 'UTC'");
        // 01:00 on 10 March in Beijing is still 9 March in UTC.
        var pinned = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.FromHours(8)));
        await using var api = new ApiFactory(database.ConnectionString) { ConfigureServices = s => s.AddSingleton<TimeProvider>(pinned) };
        api.Settings["Library:TimeZone"] = "Asia/Shanghai";
        api.Settings["Outbox:WorkersEnabled"] = "false";
        api.Settings["Jobs:Enabled"] = "false";
        var wechat = new WeChatSender(api.CreateClient());
        await api.AddReadersAsync(Reader("D0001", name: "王五"));
        await api.Services.GetRequiredService<IBindingStore>().LinkAsync((await api.PatronAsync("D0001")).Id, OpenId, BindingRoute.Pin, new AuditEntry(AuditEntry.System, "binding.create", "test"), CancellationToken.None);
        await database.OpenLibraryAsync();
        var today = new DateOnly(2026, 3, 10);
        await database.AddLoanAsync("D0001", "今天", today, 0);
        await database.AddLoanAsync("D0001", "三天后", today, 3);
        await database.AddLoanAsync("D0001", "前天", today, -2);

        var (status, reply) = await wechat.SafeAsync(WeChatSender.Event(OpenId, "CLICK", "MY_LOANS", createTime: pinned.GetUtcNow().ToUnixTimeSeconds()),
            timestamp: pinned.GetUtcNow().ToUnixTimeSeconds());

        status.ShouldBe(200);
        var content = WeChatSender.ContentOf(reply);
        content.ShouldContain("《今天》 到期 3月10日（今天到期）");
        content.ShouldContain("《三天后》 到期 3月13日（还剩 3 天）");
        content.ShouldContain("《前天》 到期 3月8日（已超期 2 天）");
    }
}
