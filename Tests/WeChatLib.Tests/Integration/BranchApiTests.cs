using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class BranchApiTests
{
    private readonly FakeTimeProvider _clock = new();
    private TestDatabase _database = null!;
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartApiWithDemoData()
    {
        _database = await TestDatabase.CreateAsync();
        _api = new ApiFactory(_database.ConnectionString) { ConfigureServices = services => services.AddSingleton<TimeProvider>(_clock) };
        _client = _api.CreateClient();
        await _api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _database.DisposeAsync();
    }

    // Beijing time is UTC+8: 23:30 UTC on the 24th is 07:30 on Wednesday the 25th in the library.
    [TestCase("2026-11-24T23:30:00Z", true, false)]
    [TestCase("2026-11-25T00:30:00Z", true, true)]
    [TestCase("2026-11-25T14:30:00Z", true, false)]
    [TestCase("2026-11-25T15:00:00Z", false, false)]
    public async Task Branches_say_whether_they_are_open_in_the_library_s_time_zone(string utc, bool mainOpen, bool eastOpen)
    {
        _clock.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        var branches = (await _client.GetFromJsonAsync<JsonArray>(new Uri("/api/v1/branches", UriKind.Relative)))!;

        var open = branches.ToDictionary(b => (string)b!["code"]!, b => (bool)b!["openNow"]!);
        open.ShouldBe(new Dictionary<string, bool> { ["main"] = mainOpen, ["east"] = eastOpen });
    }

    [Test]
    public async Task The_main_library_is_open_seven_to_eleven_every_day_in_chinese_and_english()
    {
        var main = (await _client.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/branches/main", UriKind.Relative)))!;

        ((string?)main["name"]).ShouldBe("图书馆总馆");
        ((string?)main["nameEn"]).ShouldBe("Main Library");
        var hours = main["hours"]!.AsArray();
        hours.Count.ShouldBe(7);
        hours.ShouldAllBe(h => (string?)h!["opens"] == "07:00" && (string?)h["closes"] == "23:00");
    }

    [Test]
    public async Task Chinese_text_is_sent_unescaped()
    {
        var raw = await _client.GetStringAsync(new Uri("/api/v1/branches/main", UriKind.Relative));

        raw.ShouldContain("图书馆总馆");
    }

    [Test]
    public async Task Seeding_again_changes_nothing()
    {
        await _api.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);

        await using var connection = _database.Open();
        (await connection.ExecuteScalarAsync<int>("select count(*) from branches")).ShouldBe(2);
        (await connection.ExecuteScalarAsync<int>("select count(*) from branch_opening_hours")).ShouldBe(14);
    }

    [Test]
    public async Task An_unknown_branch_is_not_found()
    {
        var response = await _client.GetAsync(new Uri("/api/v1/branches/atlantis", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
