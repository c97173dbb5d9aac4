namespace WeChatLib.Api.Hosting;

/// <summary>
/// What the executable was asked to do: <c>serve</c> (the default), <c>migrate</c> (apply migrations and exit) or
/// <c>seed</c> (migrate, then load the demo library; never in Production). Other arguments go to configuration.
/// </summary>
public sealed record HostCommand(string Name, string[] HostArgs)
{
    public const string Serve = "serve";
    public const string Migrate = "migrate";
    public const string Seed = "seed";

    public static HostCommand Parse(string[] args) =>
        args is [var first, .. var rest] && !first.StartsWith('-') && !first.Contains('=')
            ? new HostCommand(first, rest)
            : new HostCommand(Serve, args);
}
