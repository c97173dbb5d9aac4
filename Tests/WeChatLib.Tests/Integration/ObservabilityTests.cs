using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Api.Hosting;
using WeChatLib.Domain.Notices;
using WeChatLib.Tests.Support;
using static WeChatLib.Tests.Support.Identity;

namespace WeChatLib.Tests.Integration;

/// <summary>The metrics scrape endpoint, Swagger and the health details: what operators see, and who else can.</summary>
internal sealed class ObservabilityTests
{
    private const string OpenId = "oMetrics00000000000000000001";
    private static readonly Uri Metrics = new("/metrics", UriKind.Relative);

    private WeChatLib.Fakes.FakeServer _fakes = null!;

    private WeChatLib.Fakes.FakeWeChatApi WeChat => _fakes.WeChat;

    // Its faults and counts are its own: fixtures run side by side.
    [OneTimeSetUp]
    public async Task StartOwnFakes() => _fakes = await TestHost.StartOwnFakesAsync();

    [OneTimeTearDown]
    public async Task StopOwnFakes() => await _fakes.DisposeAsync();

    [TearDown]
    public void ResetFaults() => WeChat.Faults.Reset();

    // The outbox gauges are process-wide: any service running alongside would put its own counts in them.
    [NonParallelizable]
    [Test]
    public async Task The_scrape_endpoint_shows_every_listed_series_once_the_service_has_worked()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Outbox:MaxAttempts"] = "1";
        var (public_, management) = ServeWithManagementPort(api);
        using var http = new HttpClient { BaseAddress = public_ };
        using var scraper = new HttpClient { BaseAddress = management };
        var wechat = new WeChatSender(http);
        await api.AddReadersAsync(Reader("C0001"));
        await api.ReaderTokensAsync("C0001", OpenId);
        var patronId = (await api.PatronAsync("C0001")).Id;
        const string words = "有没有关于量子计算的入门书";

        (await wechat.SafeAsync(WeChatSender.Event(OpenId, "CLICK", "MY_LOANS"))).Status.ShouldBe(200);
        (await wechat.SafeAsync(WeChatSender.Text(OpenId, words))).Status.ShouldBe(200);
        await Enqueue(api, Due("due-reminder:metrics-1", patronId));
        await Eventually.HoldsAsync(async () => await database.StateAsync("due-reminder:metrics-1") == "sent", "the notice is sent");
        WeChat.Faults.BusyRate = 1;
        await Enqueue(api, Due("due-reminder:metrics-2", patronId));
        await Eventually.HoldsAsync(async () => await database.StateAsync("due-reminder:metrics-2") == "dead", "the notice is dead-lettered");
        WeChat.Faults.Reset();
        await RunJobNowAsync(database, "outbox.sweep-expired-leases");

        var scrape = "";
        await Eventually.HoldsAsync(async () =>
        {
            scrape = await scraper.GetStringAsync(Metrics);
            return Has(scrape, "wechatlib_jobs_runs_total", ("job", "outbox.sweep-expired-leases"), ("outcome", "ok"))
                && Has(scrape, "wechatlib_outbox_dead_letters", ("kind", "due-reminder"));
        }, "the job run and the dead letter are scraped");

        Has(scrape, "wechatlib_webhook_duration_seconds_bucket", ("route", "click:MY_LOANS"), ("outcome", "replied")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_webhook_duration_seconds_count", ("route", "text:*"), ("outcome", "replied")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_webhook_actions_total", ("route", "click:MY_LOANS"), ("outcome", "ok")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_outbox_sends_total", ("kind", "due-reminder"), ("outcome", "sent")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_outbox_sends_total", ("kind", "due-reminder"), ("outcome", "transient")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_outbox_depth", ("state", "pending")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_outbox_depth", ("state", "sending")).ShouldBeTrue(scrape);
        Has(scrape, "wechatlib_outbox_depth", ("state", "held")).ShouldBeTrue(scrape);
        Value(scrape, "wechatlib_outbox_dead_letters", ("kind", "due-reminder")).ShouldBe(1);
        Has(scrape, "wechatlib_wechat_token_refreshes_total", ("outcome", "ok")).ShouldBeTrue(scrape);
        Has(scrape, "http_server_request_duration_seconds_count", ("http_route", "/wechat/callback")).ShouldBeTrue(scrape);
        scrape.ShouldNotContain(OpenId);
        scrape.ShouldNotContain(words);
    }

    [Test]
    public async Task The_scrape_endpoint_is_absent_unless_metrics_are_switched_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        using var http = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        (await http.GetAsync(Metrics)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Switched_on_without_a_management_port_or_networks_the_service_does_not_start_rather_than_serve_loopback()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Metrics:Enabled"] = "true";
        using var asAProxyOnThisHost = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        // Served, a proxy on this host forwarding without X-Forwarded-For (nginx's plain proxy_pass) would relay anyone;
        // the start-up check stops it instead (its line is checked with the other settings').
        await Should.ThrowAsync<HttpRequestException>(asAProxyOnThisHost.GetAsync(Metrics));
    }

    [Test]
    public async Task On_the_public_port_a_loopback_client_without_forwarded_headers_gets_no_metrics()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Metrics:Enabled"] = "true";
        api.Settings["Metrics:AllowedNetworks:0"] = "10.0.0.0/8";
        using var asAProxyOnThisHost = new HttpClient { BaseAddress = api.ServeOnRealPort() };

        (await asAProxyOnThisHost.GetAsync(Metrics)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task On_the_management_port_requests_relayed_by_a_proxy_and_clients_outside_its_networks_are_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var local = new ApiFactory(database.ConnectionString, _fakes);
        var (_, management) = ServeWithManagementPort(local);
        using var direct = new HttpClient { BaseAddress = management };
        using var relayed = new HttpRequestMessage(HttpMethod.Get, Metrics);
        relayed.Headers.Add("X-Forwarded-For", "203.0.113.9");
        await using var elsewhere = new ApiFactory(database.ConnectionString, _fakes);
        elsewhere.Settings["Metrics:AllowedNetworks:0"] = "10.0.0.0/8";
        using var fromLoopback = new HttpClient { BaseAddress = ServeWithManagementPort(elsewhere).Management };

        (await direct.SendAsync(relayed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fromLoopback.GetAsync(Metrics)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await direct.GetAsync(Metrics)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test]
    public async Task With_a_management_port_the_scrape_endpoint_answers_there_and_nowhere_else()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes);
        api.Settings["Metrics:Path"] = "/internal/metrics";
        var (public_, management) = ServeWithManagementPort(api);
        using var http = new HttpClient();

        (await http.GetAsync(new Uri(public_, "/internal/metrics"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync(new Uri(management, "/metrics"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var served = await http.GetAsync(new Uri(management, "/internal/metrics"));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await served.Content.ReadAsStringAsync()).ShouldContain("# TYPE");
    }

    [Test]
    public async Task In_production_swagger_its_document_and_health_details_are_off_by_default()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes) { Environment = "Production" };
        var client = api.CreateClient();

        (await client.GetAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)body["status"]).ShouldBe("Healthy");
        body.ContainsKey("checks").ShouldBeFalse();
    }

    [Test]
    public async Task In_production_swagger_and_health_details_are_served_when_switched_on()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.ConnectionString, _fakes) { Environment = "Production" };
        api.Settings["OpenApi:Enabled"] = "true";
        api.Settings["Health:Detailed"] = "true";
        var client = api.CreateClient();

        (await client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative))).ShouldContain("\"/api/v1/branches\"");
        (await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await client.GetFromJsonAsync<JsonObject>(new Uri("/health/ready", UriKind.Relative)))!;
        ((string?)body["checks"]!["postgres"]!["status"]).ShouldBe("Healthy");
    }

    [TestCase("Path", "metrics", "Metrics:Path must be a path such as /metrics")]
    [TestCase("Port", "70000", "Metrics:Port must be between 1 and 65535")]
    [TestCase("AllowedNetworks", "10.0.0.0/33", "Metrics:AllowedNetworks:0 must be an address or a network such as 10.0.0.0/8")]
    public void Malformed_metrics_settings_are_named_at_start(string key, string value, string expected)
    {
        var options = new MetricsOptions { Enabled = true, Port = 9464 };
        switch (key)
        {
            case "Path": options.Path = value; break;
            case "Port": options.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.AllowedNetworks.Add(value); break;
        }

        var result = new MetricsOptionsValidator().Validate(null, options);

        result.Failures.ShouldHaveSingleItem().ShouldBe(expected + ".");
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.0/8")]
    [TestCase("::1")]
    [TestCase("0.0.0.0/0")]
    public void Without_a_management_port_networks_that_take_in_loopback_are_refused_at_start(string network)
    {
        var options = new MetricsOptions { Enabled = true, AllowedNetworks = [network] };

        var result = new MetricsOptionsValidator().Validate(null, options);

        result.Failures.ShouldHaveSingleItem().ShouldStartWith("Metrics:AllowedNetworks:0 takes in loopback");
        options.Port = 9464;
        new MetricsOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Test]
    public void Loopback_is_admitted_on_the_management_port_only_even_when_listed()
    {
        var fromLoopback = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        fromLoopback.Connection.RemoteIpAddress = IPAddress.Loopback;
        fromLoopback.Connection.LocalPort = 8080;

        new MetricsOptions { Enabled = true, AllowedNetworks = ["127.0.0.1", "10.0.0.0/8"] }.Admits(fromLoopback).ShouldBeFalse();
        new MetricsOptions { Enabled = true, Port = 9464 }.Admits(fromLoopback).ShouldBeFalse();
        new MetricsOptions { Enabled = true, Port = 8080 }.Admits(fromLoopback).ShouldBeTrue();
    }

    // As README advises: the public port, and a management port the proxy does not forward, where alone metrics answer.
    private static (Uri Public, Uri Management) ServeWithManagementPort(ApiFactory api)
    {
        var (public_, management) = (Ports.Free(), Ports.Free());
        api.Settings["PublicBaseUrl"] = $"http://127.0.0.1:{public_}";
        api.Settings["Metrics:Enabled"] = "true";
        api.Settings["Metrics:Port"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture);
        api.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, public_);
            kestrel.Listen(IPAddress.Loopback, management);
        });
        api.StartServer();
        return (new Uri($"http://127.0.0.1:{public_}"), new Uri($"http://127.0.0.1:{management}"));
    }

    private static Task<EnqueueResult> Enqueue(ApiFactory api, Notice notice) =>
        api.Services.GetRequiredService<INoticeOutbox>().EnqueueAsync(notice, CancellationToken.None);

    private static Notice Due(string key, long patronId) => Notice.ForPatron(key, NoticeKind.DueReminder, patronId,
        new Dictionary<string, string> { ["title"] = "活着", ["dueDate"] = "2026-11-28", ["barcode"] = "B1" });

    // Registered by the scheduler at start with its first run half a minute away: made due now.
    private static async Task RunJobNowAsync(TestDatabase database, string job)
    {
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = database.Open();
            return await connection.ExecuteAsync(
                "update scheduled_jobs set next_run_at = now() - interval '1 minute' where name = @job", new { job }) == 1;
        }, $"{job} is registered");
    }

    private static bool Has(string scrape, string name, params (string Label, string Value)[] labels) =>
        Lines(scrape, name, labels).Any();

    private static double Value(string scrape, string name, params (string Label, string Value)[] labels) =>
        double.Parse(Lines(scrape, name, labels).Single().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Lines(string scrape, string name, (string Label, string Value)[] labels) =>
        scrape.Split('\n').Where(line => line.StartsWith(name + "{", StringComparison.Ordinal)
            && labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)));
}
