using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class LoggingTests
{
    private const string OpenId = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";

    [Test]
    public async Task Requests_are_logged_with_a_request_id_and_without_secrets_or_openids()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        api.Settings["RequestLogging:All"] = "true";
        var client = api.CreateClient();

        await client.GetAsync(new Uri($"/api/v1/branches?openid={OpenId}&signature=abc", UriKind.Relative));
        await client.GetAsync(new Uri($"/wechat/callback?openid={OpenId}", UriKind.Relative));
        await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // The OAuth code exchange sends the AppSecret in its query string.
        await api.SignInWithWeChatAsync(OpenId);

        logs.Entries.ShouldContain(e => e.Contains("/api/v1/branches", StringComparison.Ordinal) && e.Contains("RequestId=", StringComparison.Ordinal));
        logs.Entries.ShouldAllBe(e => !e.Contains(OpenId) && !e.Contains(ApiFactory.AppSecret) && !e.Contains(ApiFactory.SigningKey));
    }

    [Test]
    public async Task By_default_a_fast_successful_request_writes_no_line_and_a_slow_one_writes_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        await using var api = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        api.Settings["RequestLogging:SlowMilliseconds"] = "1000";
        var client = api.CreateClient();

        (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri("/api/v1/branches", UriKind.Relative))).EnsureSuccessStatusCode();

        logs.Entries.ShouldNotContain(e => e.Contains("/health/live", StringComparison.Ordinal) || e.Contains("/api/v1/branches", StringComparison.Ordinal));

        await using var strict = new ApiFactory(database.ConnectionString)
        {
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        // Readiness asks PostgreSQL and Redis: never under a millisecond.
        strict.Settings["RequestLogging:SlowMilliseconds"] = "1";
        (await strict.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).EnsureSuccessStatusCode();

        logs.Entries.Where(e => e.Contains("GET /health/ready 200", StringComparison.Ordinal)).ShouldHaveSingleItem()
            .ShouldStartWith("Warning");
    }
}
