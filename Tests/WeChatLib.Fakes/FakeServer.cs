using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using WeChatLib.Fakes.Simulator;

namespace WeChatLib.Fakes;

/// <summary>Every fake on one Kestrel server bound to 127.0.0.1.</summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app)
    {
        _app = app;
        WeChat = app.Services.GetRequiredService<FakeWeChatApi>();
        Cas = app.Services.GetRequiredService<FakeCas>();
        Simulator = app.Services.GetRequiredService<FakeWeChatSimulator>();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address);
    }

    public Uri BaseUrl { get; }

    public FakeWeChatApi WeChat { get; }

    public FakeCas Cas { get; }

    /// <summary>The phones at <c>/simulator</c>; point <see cref="FakeWeChatSimulator.Target"/> at the service under test.</summary>
    public FakeWeChatSimulator Simulator { get; }

    /// <summary>The value for the service's <c>Cas:BaseUrl</c>.</summary>
    public Uri CasBaseUrl => new(BaseUrl, "/cas");

    /// <summary>Starts the fakes on a free port of 127.0.0.1.</summary>
    public static async Task<FakeServer> StartAsync(FakeWeChatAccount account)
    {
        var app = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], account);
        await app.StartAsync();
        return new FakeServer(app);
    }

    public static WebApplication Build(string[] args, FakeWeChatAccount account)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton(new FakeWeChatApi(account));
        builder.Services.AddSingleton<FakeCas>();
        builder.Services.AddSingleton(account);
        builder.Services.AddSingleton(SimulatorTarget.From(builder.Configuration));
        builder.Services.AddSingleton<FakeWeChatSimulator>();
        var app = builder.Build();
        app.Services.GetRequiredService<FakeWeChatApi>().Map(app);
        app.Services.GetRequiredService<FakeCas>().Map(app);
        app.Services.GetRequiredService<FakeWeChatSimulator>().Map(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
