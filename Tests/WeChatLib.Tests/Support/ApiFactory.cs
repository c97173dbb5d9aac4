using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatLib.Fakes;
using WeChatLib.Tests;

namespace WeChatLib.Tests.Support;

/// <summary>
/// The real service in-process, on a database of the caller's, the test Redis and the fake WeChat API, in the
/// <c>Testing</c> environment (no Development defaults: every setting comes from <see cref="Settings"/>). Its clients
/// check every exchange under <c>/api</c> against openapi.yaml.
/// </summary>
/// <param name="fakes">
/// The fake WeChat API and CAS it calls: the process-wide ones unless a fixture brings its own (one that injects faults,
/// revokes tokens or reads what WeChat saw, so that fixtures running alongside never meet its changes).
/// </param>
internal sealed class ApiFactory(string postgres, FakeServer? fakes = null) : WebApplicationFactory<Program>
{
    public const string AppSecret = "test-app-secret-0123456789abcdef";
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    public FakeServer Fakes { get; } = fakes ?? TestHost.Fakes;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["ConnectionStrings:Postgres"] = postgres,
        ["ConnectionStrings:Redis"] = TestServices.Redis,
        ["PublicBaseUrl"] = "https://lib.example.edu.cn",
        ["WeChat:AppId"] = TestHost.Account.AppId,
        ["WeChat:AppSecret"] = TestHost.Account.AppSecret,
        ["WeChat:Token"] = "spamtest",
        ["WeChat:EncodingAesKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        ["WeChat:ApiBaseUrl"] = (fakes ?? TestHost.Fakes).BaseUrl.ToString(),
        ["WeChat:OAuthBaseUrl"] = (fakes ?? TestHost.Fakes).BaseUrl.ToString(),
        ["Jwt:SigningKey"] = SigningKey,
        ["Cas:BaseUrl"] = (fakes ?? TestHost.Fakes).CasBaseUrl.ToString(),
        ["RateLimits:Auth:PerMinute"] = "10000",
        ["Notices:QuietHoursStart"] = "00:00",
        ["Notices:QuietHoursEnd"] = "00:00",
        ["Notices:Templates:due-reminder:TemplateId"] = "TEMPLATE_DUE",
        ["Notices:Templates:due-reminder:Url"] = "/h5/loans",
        ["Notices:Templates:due-reminder:Fields:thing1"] = "{title:shorten}",
        ["Notices:Templates:due-reminder:Fields:time2"] = "{dueDate:date}",
        ["Notices:Templates:due-reminder:Fields:character_string3"] = "{barcode}",
        ["Notices:Templates:overdue:TemplateId"] = "TEMPLATE_OVERDUE",
        ["Notices:Templates:overdue:Fields:thing1"] = "{title:shorten}",
        ["Notices:Templates:overdue:Fields:time2"] = "{dueDate:date}",
        ["Outbox:PollMilliseconds"] = "100",
        ["Jobs:PollMilliseconds"] = "200",
        // Instances on the same database share Redis state, as instances of one deployment do; others never meet.
        ["Redis:KeyPrefix"] = $"test:{new Npgsql.NpgsqlConnectionStringBuilder(postgres).Database}:",
    };

    [ThreadStatic]
    private static bool _creatingCheckedClient;

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public string Environment { get; init; } = "Testing";

    /// <summary>Serves on a real 127.0.0.1 port (for browsers and cross-host redirects); PublicBaseUrl follows.</summary>
    public Uri ServeOnRealPort()
    {
        var port = Ports.Free();
        Settings["PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        UseKestrel(port);
        StartServer();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>
    /// For a test that breaks the service on purpose (a failing database, say): its clients accept a 500 problem answer,
    /// which the document leaves out so that any other test meeting one fails.
    /// </summary>
    public bool ExpectsServerErrors { get; init; }

    /// <summary>A client as <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> makes it, checked against openapi.yaml.</summary>
    public new HttpClient CreateClient() => CreateClient(ClientOptions);

    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        // Innermost, so that each hop of a redirect is checked, with the cookies it really carried.
        List<DelegatingHandler> handlers = [];
        if (options.AllowAutoRedirect)
            handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        if (options.HandleCookies)
            handlers.Add(new CookieContainerHandler());
        handlers.Add(new OpenApiValidatingHandler(OpenApiContract.Committed, ExpectsServerErrors));
        _creatingCheckedClient = true;
        try
        {
            return CreateDefaultClient(options.BaseAddress, [.. handlers]);
        }
        finally
        {
            _creatingCheckedClient = false;
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        if (!_creatingCheckedClient)
            throw new InvalidOperationException("Create clients with ApiFactory.CreateClient, which checks every /api exchange against openapi.yaml.");
        base.ConfigureClient(client);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings));
        // Tests that read logs capture them; the rest keep the test output readable.
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            // WECHATLIB_TEST_LOGS=1 shows the service's warnings and errors, to see why a test got a 500.
            if (System.Environment.GetEnvironmentVariable("WECHATLIB_TEST_LOGS") == "1")
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        });
        if (ConfigureServices is not null)
            builder.ConfigureTestServices(ConfigureServices);
    }
}
