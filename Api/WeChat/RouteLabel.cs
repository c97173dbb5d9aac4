namespace WeChatLib.Api.WeChat;

/// <summary>
/// The route as metrics and logs show it: a key of the action table as it is, a keyword with an argument as the
/// keyword and “*” (<c>text:续借 *</c>), anything else by its kind alone (<c>text:*</c>, <c>click:*</c>, …), so that a
/// reader's words and stray keys never become series of their own.
/// </summary>
public static class RouteLabel
{
    /// <summary>A request that never became a message (too large, badly signed, not decryptable).</summary>
    public const string None = "none";

    private static readonly Dictionary<string, string> ByKind = new(StringComparer.Ordinal)
    {
        ["text"] = "text:*",
        ["click"] = "click:*",
        ["scan"] = "scan:*",
        ["event"] = "event:*",
        ["message"] = "message:*",
    };

    // “text:续借 *”: the keyword without what followed it.
    private static readonly Dictionary<string, string> PrefixLabels =
        WeChatActions.PrefixRoutes.Keys.ToDictionary(p => p, p => p.TrimEnd() + " *", StringComparer.Ordinal);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Kinds = ByKind.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Of(string routeKey)
    {
        if (WeChatActions.Routes.ContainsKey(routeKey))
            return routeKey;
        if (WeChatActions.PrefixOf(routeKey) is { } prefix)
            return PrefixLabels[prefix];
        var colon = routeKey.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Kinds.TryGetValue(routeKey.AsSpan(0, colon), out var label) ? label : None;
    }
}
