namespace WeChatLib.Api.Hosting;

/// <summary>
/// What the executable was asked to do: <c>serve</c> (the default), <c>migrate</c> (apply migrations and exit) or
/// <c>seed</c> (migrate, then load the demo library; never in Production) or <c>create-admin USERNAME</c> (the first
/// admin account, password on standard input) or <c>publish-menu</c>. Other arguments go to configuration.
/// </summary>
public sealed record HostCommand(string Name, string? Argument, string[] HostArgs)
{
    public const string Serve = "serve";
    public const string Migrate = "migrate";
    public const string Seed = "seed";
    public const string CreateAdmin = "create-admin";
    public const string PublishMenu = "publish-menu";

    public static HostCommand Parse(string[] args) => args switch
    {
        [CreateAdmin, var username, .. var rest] when IsPlain(username) => new HostCommand(CreateAdmin, username, rest),
        [var first, .. var rest] when IsPlain(first) => new HostCommand(first, null, rest),
        _ => new HostCommand(Serve, null, args),
    };

    private static bool IsPlain(string arg) => !arg.StartsWith('-') && !arg.Contains('=');
}
