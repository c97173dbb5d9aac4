namespace WeChatLib.Api.Hosting;

public static class ApplicationHost
{
    /// <summary>
    /// The content root is the application's folder, so that <c>dotnet /srv/app/WeChatLib.Api.dll</c> reads its own
    /// <c>appsettings.json</c> from whatever folder it is started in; <c>--contentRoot</c> or
    /// <c>ASPNETCORE_CONTENTROOT</c> still choose another.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRootIsGiven(args) ? null : AppContext.BaseDirectory,
    };

    private static bool ContentRootIsGiven(string[] args) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
}
