using Microsoft.Extensions.Configuration;
using WeChatLib.Fakes;
using WeChatLib.Fakes.Simulator;
using WeChatLib.Tests.Support;

namespace WeChatLib.Tests.Fakes;

/// <summary>The simulator's settings and the readers it offers, as README describes them to a newcomer.</summary>
internal sealed class SimulatorSettingsTests
{
    [Test]
    public void Without_settings_the_simulator_posts_to_development_s_service_in_safe_mode()
    {
        var target = SimulatorTarget.From(new ConfigurationBuilder().Build());

        target.ShouldBe(SimulatorTarget.Development);
        target.CallbackUrl.ShouldBe(new Uri("http://127.0.0.1:8080/wechat/callback"));
        target.Mode.ShouldBe(SimulatorMode.Safe);
    }

    [TestCase("Simulator:MessageMode", "secure", "Simulator:MessageMode must be plain, compatible or safe.")]
    [TestCase("Simulator:MessageMode", "2", "Simulator:MessageMode must be plain, compatible or safe.")]
    [TestCase("Simulator:CallbackUrl", "/wechat/callback", "Simulator:CallbackUrl must be an absolute http(s) URL.")]
    [TestCase("Simulator:EncodingAesKey", "short", "Simulator:EncodingAesKey must be 43 characters.")]
    public void A_bad_setting_stops_the_fakes_naming_its_key(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Should.Throw<InvalidOperationException>(() => SimulatorTarget.From(configuration)).Message.ShouldBe(message);
    }

    [Test]
    public void The_simulator_offers_the_demo_readers_of_readme_s_table()
    {
        var readme = File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "README.md"));

        foreach (var reader in FakeWeChatSimulator.DemoReaders.Where(r => r.OpenId != FakeWeChatApi.DefaultOpenId))
            readme.ShouldContain($"| {reader.Name}, ", customMessage: reader.OpenId);
        foreach (var reader in FakeWeChatSimulator.DemoReaders.Where(r => r.OpenId != FakeWeChatApi.DefaultOpenId))
            readme.ShouldContain($"| `{reader.OpenId}` |", customMessage: reader.Name);
        readme.ShouldContain(FakeWeChatApi.DefaultOpenId);
    }
}
