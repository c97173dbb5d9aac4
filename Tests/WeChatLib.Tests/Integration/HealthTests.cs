using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class HealthTests
{
    [Test]
    public async Task Ready_reports_postgres_and_redis_healthy()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);

        var response = await api.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        ((string?)body!["checks"]!["postgres"]!["status"]).ShouldBe("Healthy");
        ((string?)body["checks"]!["redis"]!["status"]).ShouldBe("Healthy");
    }

    [Test]
    public async Task Ready_fails_while_redis_is_unreachable_and_live_still_answers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString);
        api.Settings["ConnectionStrings:Redis"] = $"127.0.0.1:{Ports.Free()},connectTimeout=500";
        var client = api.CreateClient();

        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ((string?)(await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["redis"]!["status"]).ShouldBe("Unhealthy");
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task Ready_follows_postgres_going_down_and_coming_back_without_a_restart()
    {
        // A PostgreSQL of this test's own, so that stopping it disturbs no other test.
        var state = Path.Combine(Path.GetTempPath(), $"wechatlib-health-{Guid.NewGuid():N}");
        var port = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Script.RunAsync("services.sh", "start-postgres", state, port, "fast");
        try
        {
            await using var database = await TestDatabase.CreateAsync($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
            await using var api = new ApiFactory(database.ConnectionString);
            var client = api.CreateClient();
            (await ReadyStatus(client)).ShouldBe(HttpStatusCode.OK);

            await Script.RunAsync("services.sh", "stop-postgres", state);

            (await ReadyStatus(client)).ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

            await Script.RunAsync("services.sh", "start-postgres", state, port, "fast");

            (await ReadyWithin(client, TimeSpan.FromSeconds(20))).ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await Script.RunAsync("services.sh", "stop-postgres", state);
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<HttpStatusCode> ReadyStatus(HttpClient client) =>
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode;

    // Connections pooled before the outage are dropped one by one as they fail; readiness returns once one succeeds.
    private static async Task<HttpStatusCode> ReadyWithin(HttpClient client, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var status = await ReadyStatus(client);
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = await ReadyStatus(client);
        }
        return status;
    }
}
