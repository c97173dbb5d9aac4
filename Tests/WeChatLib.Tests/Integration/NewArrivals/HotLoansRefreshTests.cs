using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration.NewArrivals;

/// <summary>
/// The hot list's refresh on two service instances of one database, as a deployment runs it: the hourly job on the
/// real scheduler, and refreshes at the same moment. Both tests rebuild the list from the same loans.
/// </summary>
internal sealed class HotLoansRefreshTests
{
    private const string Job = "catalogue.hot-loans";

    private static readonly string[] Expected = ["海洋学导论:6", "海浪理论:4", "海洋化学:2"];

    private TestDatabase _database = null!;
    private ApiFactory _first = null!;
    private ApiFactory _second = null!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        _database = await TestDatabase.CreateAsync();
        _first = new ApiFactory(_database.ConnectionString);
        _second = new ApiFactory(_database.ConnectionString);
        _first.Settings["Jobs:PollMilliseconds"] = _second.Settings["Jobs:PollMilliseconds"] = "50";
        _ = _first.Services;
        _ = _second.Services;
        await _database.OpenLibraryAsync();
        var today = _first.Today();
        await _database.AddPastLoansAsync(await _database.AddArrivalAsync("海洋学导论", "P7", today.AddDays(-200)), 6, today);
        await _database.AddPastLoansAsync(await _database.AddArrivalAsync("海浪理论", "P731.22", today.AddDays(-200)), 4, today, daysAgo: 12);
        await _database.AddPastLoansAsync(await _database.AddArrivalAsync("海洋化学", "P734", today.AddDays(-200)), 2, today, daysAgo: 29);
        await _database.AddPastLoansAsync(await _database.AddArrivalAsync("潮汐学", "P731.23", today.AddDays(-200)), 9, today, daysAgo: 30);
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task The_hourly_job_on_the_real_scheduler_rebuilds_the_hot_list_and_is_due_again_at_the_next_hour()
    {
        await using var connection = _database.Open();
        await Eventually.HoldsAsync(async () => await connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from scheduled_jobs where name = @Job)", new { Job }), "the hot-list job is registered");
        await connection.ExecuteAsync("delete from hot_titles");
        (await HotAsync(_second)).ShouldBeEmpty();

        await connection.ExecuteAsync("update scheduled_jobs set next_run_at = now() - interval '2 hours' where name = @Job", new { Job });

        await Eventually.HoldsAsync(async () => (await HotAsync(_second)).Count > 0, "the due job rebuilds the list");
        await Eventually.HoldsAsync(async () => await connection.ExecuteScalarAsync<bool>(
            "select last_run_at is not null and next_run_at > now() from scheduled_jobs where name = @Job", new { Job }), "the run ends");
        (await HotAsync(_second)).ShouldBe(Expected);
        var nextRun = await connection.ExecuteScalarAsync<DateTime>("select next_run_at from scheduled_jobs where name = @Job", new { Job });
        (nextRun.Minute, nextRun.Second).ShouldBe((0, 0));
        (nextRun - DateTime.UtcNow).ShouldBeLessThanOrEqualTo(TimeSpan.FromHours(1));
    }

    [Test]
    public async Task Forty_refreshes_at_once_on_two_instances_all_succeed_and_leave_one_list()
    {
        var instances = new[] { _first, _second }.Select(a => a.Services.GetRequiredService<ListHotLoans>()).ToArray();
        using var go = new SemaphoreSlim(0);
        var refreshes = Enumerable.Range(0, 40).Select(async i =>
        {
            await go.WaitAsync();
            return await instances[i % 2].RefreshAsync(CancellationToken.None);
        }).ToList();

        go.Release(refreshes.Count);
        var counts = await Task.WhenAll(refreshes);

        counts.ShouldAllBe(c => c == 3);
        (await HotAsync(_first)).ShouldBe(Expected);
        await using var connection = _database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from hot_titles")).ShouldBe(3);
    }

    private static async Task<List<string>> HotAsync(ApiFactory api)
    {
        var answer = await api.CreateClient().GetFromJsonAsync<JsonObject>(Url("/api/v1/hot-loans?clc=P"));
        return [.. answer!["titles"]!.AsArray().Select(t => $"{t!["title"]}:{t["loans"]}")];
    }
}
