using System.Text.Json.Nodes;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Integration;

internal sealed class ConfigurationTests
{
    [TestCase("ConnectionStrings:Postgres", "", "ConnectionStrings:Postgres is required")]
    [TestCase("ConnectionStrings:Redis", "", "ConnectionStrings:Redis is required")]
    [TestCase("WeChat:AppId", "", "WeChat:AppId is required")]
    [TestCase("WeChat:AppSecret", "", "WeChat:AppSecret is required")]
    [TestCase("WeChat:Token", "", "WeChat:Token is required")]
    [TestCase("WeChat:EncodingAesKey", "", "WeChat:EncodingAesKey is required")]
    [TestCase("Jwt:SigningKey", "", "Jwt:SigningKey is required")]
    [TestCase("PublicBaseUrl", "", "PublicBaseUrl is required")]
    [TestCase("WeChat:EncodingAesKey", "tooShort", "WeChat:EncodingAesKey must be exactly 43 letters or digits")]
    [TestCase("WeChat:Token", "no spaces allowed", "WeChat:Token must be 3 to 32 letters or digits")]
    [TestCase("WeChat:MessageMode", "secure", "WeChat:MessageMode must be plain, compatible or safe")]
    [TestCase("WeChat:ReplyBudgetMilliseconds", "6000", "WeChat:ReplyBudgetMilliseconds must be between 100 and 4500")]
    [TestCase("WeChat:ApiBaseUrl", "api.weixin.qq.com", "WeChat:ApiBaseUrl must be an absolute http(s) URL")]
    [TestCase("Jwt:SigningKey", "short", "Jwt:SigningKey must be at least 32 bytes")]
    [TestCase("PublicBaseUrl", "/relative", "PublicBaseUrl must be an absolute http(s) URL")]
    [TestCase("Library:TimeZone", "Mars/Olympus", "Library:TimeZone must be a known IANA time zone")]
    [TestCase("Outbox:BatchSize", "0", "Outbox:BatchSize must be between 1 and 1000")]
    [TestCase("Outbox:LeaseSeconds", "0", "Outbox:LeaseSeconds must be between 1 and 3600")]
    [TestCase("Outbox:PollMilliseconds", "0", "Outbox:PollMilliseconds must be between 10 and 60000")]
    [TestCase("Outbox:Parallelism", "0", "Outbox:Parallelism must be between 1 and 256")]
    [TestCase("Outbox:Batches", "0", "Outbox:Batches must be between 1 and 16")]
    [TestCase("Outbox:MaxAttempts", "0", "Outbox:MaxAttempts must be between 1 and 100")]
    [TestCase("Outbox:MaxSendsPerSecond", "-5", "Outbox:MaxSendsPerSecond must be at least 1")]
    [TestCase("Outbox:WorkersEnabled", "maybe", "Outbox:WorkersEnabled must be true or false")]
    [TestCase("Outbox:BatchSize", "many", "Outbox:BatchSize must be a whole number")]
    [TestCase("Jobs:PollMilliseconds", "0", "Jobs:PollMilliseconds must be between 10 and 60000")]
    [TestCase("Announcements:BatchSize", "2", "Announcements:BatchSize must be between 3 and 10000 (WeChat's openid list takes 2 to 10000)")]
    [TestCase("Announcements:MonthlyLimit", "5", "Announcements:MonthlyLimit must be between 1 and 4 (WeChat's monthly cap)")]
    [TestCase("Announcements:LeaseSeconds", "5", "Announcements:LeaseSeconds must be between 10 and 3600")]
    [TestCase("Outbox:RetentionDays", "0", "Outbox:RetentionDays must be between 7 and 3650")]
    [TestCase("Jobs:LeaseSeconds", "0", "Jobs:LeaseSeconds must be between 1 and 3600")]
    [TestCase("Jobs:Enabled", "perhaps", "Jobs:Enabled must be true or false")]
    [TestCase("Binding:MaxPinAttempts", "0", "Binding:MaxPinAttempts must be between 1 and 100")]
    [TestCase("Binding:PinLockoutMinutes", "0", "Binding:PinLockoutMinutes must be between 1 and 1440")]
    [TestCase("RateLimits:Auth:PerMinute", "0", "RateLimits:Auth:PerMinute must be at least 1")]
    [TestCase("RateLimits:ReaderMessages:PerMinute", "0", "RateLimits:ReaderMessages:PerMinute must be at least 1")]
    [TestCase("Redis:ConnectTimeoutMilliseconds", "0", "Redis:ConnectTimeoutMilliseconds must be between 100 and 30000")]
    [TestCase("Redis:OperationTimeoutMilliseconds", "60000", "Redis:OperationTimeoutMilliseconds must be between 50 and 3000")]
    [TestCase("Notices:QuietHoursStart", "25:00", "Notices:QuietHoursStart must be a time as HH:mm")]
    [TestCase("Notices:Templates:due_reminder:TemplateId", "T1", "Notices:Templates:due_reminder is not a notice kind")]
    [TestCase("Notices:Templates:due-reminder:Url", "javascript:alert(1)", "Notices:Templates:due-reminder:Url must be a path such as /h5/loans or an absolute http(s) URL")]
    [TestCase("PasswordHasher:IterationCount", "1000", "PasswordHasher:IterationCount must be at least 10000")]
    [TestCase("Metrics:Enabled", "true", "Metrics:Enabled needs Metrics:Port (a management port) or Metrics:AllowedNetworks (the scrapers' networks)")]
    public async Task A_missing_or_malformed_setting_stops_the_start_with_one_line_naming_its_key(string key, string value, string expected)
    {
        var settings = ValidProductionSettings();
        settings[key] = value;

        var (exitCode, error) = await StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("Configuration error: ");
        error.ShouldContain(expected);
    }

    [Test]
    public async Task The_valid_baseline_passes_validation()
    {
        var (exitCode, error) = await StartExecutable(ValidProductionSettings());

        exitCode.ShouldBe(2);
        error.ShouldStartWith("Unknown command 'no-such-command'");
    }

    [Test]
    public void Plain_mode_needs_no_encoding_aes_key()
    {
        var plain = new WeChatOptions { AppId = "wx2c2769f8efd9abc2", AppSecret = "s", Token = "spamtest", MessageMode = "plain" };

        new WeChatOptionsValidator().Validate(null, plain).Succeeded.ShouldBeTrue();
        new WeChatOptionsValidator().Validate(null, new WeChatOptions { AppId = plain.AppId, AppSecret = "s", Token = "spamtest" })
            .FailureMessage!.ShouldContain("WeChat:EncodingAesKey is required");
    }

    [Test]
    public void Unset_wechat_settings_take_the_documented_defaults()
    {
        var defaults = new WeChatOptions();

        defaults.Mode.ShouldBe(WeChatMessageMode.Safe);
        defaults.TimestampToleranceSeconds.ShouldBe(300);
        defaults.ReplyBudgetMilliseconds.ShouldBe(3500);
        defaults.ApiBaseUrl.ShouldBe("https://api.weixin.qq.com");
        defaults.OAuthBaseUrl.ShouldBe("https://open.weixin.qq.com");
    }

    [TestCase("ConnectionStrings")]
    [TestCase("WeChat:AppSecret")]
    [TestCase("WeChat:Token")]
    [TestCase("WeChat:EncodingAesKey")]
    [TestCase("Jwt:SigningKey")]
    public void Production_settings_hold_no_secret(string key)
    {
        var production = JsonNode.Parse(File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "Api", "appsettings.json")))!;

        var node = key.Split(':').Aggregate<string, JsonNode?>(production, (n, part) => n?[part]);

        node.ShouldBeNull($"{key} must come from the deployment's environment, never from appsettings.json");
    }

    [Test]
    public async Task Several_bad_settings_in_different_sections_each_get_a_line_of_their_own()
    {
        var settings = ValidProductionSettings();
        settings["Outbox:BatchSize"] = "0";
        settings["Redis:OperationTimeoutMilliseconds"] = "0";
        settings["WeChat:Token"] = "";

        var (exitCode, error) = await StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.TrimEnd().Split('\n').Select(line => line.TrimEnd()).OrderBy(line => line, StringComparer.Ordinal).ShouldBe(
        [
            "Configuration error: Outbox:BatchSize must be between 1 and 1000.",
            "Configuration error: Redis:OperationTimeoutMilliseconds must be between 50 and 3000 (a webhook answers within WeChat's 5 seconds).",
            "Configuration error: WeChat:Token is required.",
        ]);
    }

    [Test]
    public async Task A_production_start_without_a_secret_names_exactly_that_key()
    {
        var settings = ValidProductionSettings();
        settings.Remove("WeChat:AppSecret");

        var (exitCode, error) = await StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.TrimEnd().ShouldBe("Configuration error: WeChat:AppSecret is required.");
    }

    [Test]
    public async Task The_development_sign_in_cannot_be_switched_on_in_production()
    {
        var settings = ValidProductionSettings();
        settings["DevelopmentSignIn:Enabled"] = "true";

        var (exitCode, error) = await StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.TrimEnd().ShouldBe("Configuration error: DevelopmentSignIn:Enabled may be true only in Development (or Testing).");
    }

    // Everything a production start needs, as a deployment would set it: environment variables over appsettings.json.
    internal static Dictionary<string, string> ValidProductionSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=unused",
        ["ConnectionStrings:Redis"] = "127.0.0.1:1",
        ["WeChat:AppId"] = "wx2c2769f8efd9abc2",
        ["WeChat:AppSecret"] = ApiFactory.AppSecret,
        ["WeChat:Token"] = "spamtest",
        ["WeChat:EncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        ["Jwt:SigningKey"] = ApiFactory.SigningKey,
        ["PublicBaseUrl"] = "https://lib.example.edu.cn",
        ["Notices:Templates:due-reminder:TemplateId"] = "TEMPLATE_DUE",
    };

    // The real executable, so that what an operator sees is what is tested. A bad setting makes it exit before it
    // connects anywhere; the unknown command keeps a valid configuration from starting a server.
    internal static async Task<(int ExitCode, string Error)> StartExecutable(Dictionary<string, string> settings)
    {
        var (exitCode, _, error) = await ApiProcess.RunAsync(["no-such-command"], settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return (exitCode, error);
    }
}
