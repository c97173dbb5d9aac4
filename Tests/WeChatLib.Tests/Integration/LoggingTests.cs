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
        var client = api.CreateClient();

        await client.GetAsync(new Uri($"/api/v1/branches?openid={OpenId}&signature=abc", UriKind.Relative));
        await client.GetAsync(new Uri($"/wechat/callback?openid={OpenId}", UriKind.Relative));
        await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // The OAuth code exchange sends the AppSecret in its query string.
        await api.SignInWithWeChatAsync(OpenId);

        logs.Entries.ShouldContain(e => e.Contains("/api/v1/branches", StringComparison.Ordinal) && e.Contains("RequestId=", StringComparison.Ordinal));
        logs.Entries.ShouldAllBe(e => !e.Contains(OpenId) && !e.Contains(ApiFactory.AppSecret) && !e.Contains(ApiFactory.SigningKey));
    }
}
