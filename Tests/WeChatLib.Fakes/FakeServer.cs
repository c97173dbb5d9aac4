using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace WeChatLib.Fakes;

/// <summary>Every fake on one Kestrel server bound to 127.0.0.1.</summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app, FakeWeChatApi weChat)
    {
        _app = app;
        WeChat = weChat;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address);
    }

    public Uri BaseUrl { get; }

    public FakeWeChatApi WeChat { get; }

    /// <summary>Starts the fakes on a free port of 127.0.0.1.</summary>
    public static async Task<FakeServer> StartAsync(FakeWeChatAccount account)
    {
        var app = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], account);
        await app.StartAsync();
        return new FakeServer(app, app.Services.GetRequiredService<FakeWeChatApi>());
    }

    public static WebApplication Build(string[] args, FakeWeChatAccount account)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddSingleton(new FakeWeChatApi(account));
        var app = builder.Build();
        app.Services.GetRequiredService<FakeWeChatApi>().Map(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
