namespace WeChatLib.Tests.Integration.Identity;

/// <summary>The identity settings are checked at start-up like every other, one line naming the key.</summary>
internal sealed class IdentityConfigurationTests
{
    [TestCase("ForwardedHeaders:KnownProxies:0", "proxy.example", "ForwardedHeaders:KnownProxies has 'proxy.example', which is not an IP address")]
    [TestCase("ForwardedHeaders:KnownNetworks", "10.0.0.0/8, 10.0.0.0/33", "ForwardedHeaders:KnownNetworks has '10.0.0.0/33', which is not a network")]
    [TestCase("StaffSignIn:MaxFailures", "0", "StaffSignIn:MaxFailures must be between 1 and 1000")]
    [TestCase("StaffSignIn:LockoutMinutes", "0", "StaffSignIn:LockoutMinutes must be between 1 and 1440")]
    [TestCase("RateLimits:Refresh:PerMinute", "0", "RateLimits:Refresh:PerMinute must be at least 1")]
    [TestCase("RateLimits:BindingPages:PerMinute", "0", "RateLimits:BindingPages:PerMinute must be at least 1")]
    [TestCase("ForwardedHeaders:ForwardLimit", "0", "ForwardedHeaders:ForwardLimit must be a whole number between 1 and 10")]
    [TestCase("ForwardedHeaders:ForwardLimit", "all", "ForwardedHeaders:ForwardLimit must be a whole number between 1 and 10")]
    public async Task A_malformed_identity_setting_stops_the_start_with_one_line_naming_its_key(string key, string value, string expected)
    {
        var settings = ConfigurationTests.ValidProductionSettings();
        settings[key] = value;

        var (exitCode, error) = await ConfigurationTests.StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("Configuration error: ");
        error.ShouldContain(expected);
    }

    [Test]
    public async Task Known_proxies_and_networks_are_accepted_as_lists()
    {
        var settings = ConfigurationTests.ValidProductionSettings();
        settings["ForwardedHeaders:KnownProxies"] = "10.0.0.5, ::1";
        settings["ForwardedHeaders:KnownNetworks:0"] = "192.168.0.0/16";

        var (exitCode, error) = await ConfigurationTests.StartExecutable(settings);

        exitCode.ShouldBe(2);
        error.ShouldStartWith("Unknown command 'no-such-command'");
    }
}
