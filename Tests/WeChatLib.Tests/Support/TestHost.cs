using WeChatLib.Fakes;
using WeChatLib.Tests.Support;

// In the root namespace so that NUnit runs it once before every test of the assembly.
namespace WeChatLib.Tests;

/// <summary>What every test shares: the fakes of external systems, started once on a real 127.0.0.1 port.</summary>
[SetUpFixture]
internal sealed class TestHost
{
    private static FakeServer? _fakes;

    public static FakeWeChatAccount Account { get; } = new("wx2c2769f8efd9abc2", ApiFactory.AppSecret);

    public static FakeServer Fakes => _fakes ?? throw new InvalidOperationException("The fakes start in the assembly's set-up.");

    /// <summary>
    /// Fakes of a fixture's own, on another port, for a fixture that injects faults, revokes tokens or reads everything
    /// WeChat saw: fixtures run side by side, and none may meet another's faults.
    /// </summary>
    public static Task<FakeServer> StartOwnFakesAsync() => FakeServer.StartAsync(Account);

    [OneTimeSetUp]
    public async Task StartFakes() => _fakes = await FakeServer.StartAsync(Account);

    [OneTimeTearDown]
    public async Task StopFakes()
    {
        if (_fakes is not null)
            await _fakes.DisposeAsync();
    }
}
