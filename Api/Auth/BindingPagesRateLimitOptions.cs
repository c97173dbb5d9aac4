namespace WeChatLib.Api.Auth;

/// <summary>
/// The <c>RateLimits:BindingPages</c> section: requests per minute per client address on the <c>/bind</c> pages that
/// check no secret (the link, WeChat's return, the form). One binding takes about five of them and a campus network
/// shows many readers as one address, so this is far above the sign-in limit, which still guards the PIN form and the
/// campus login's return.
/// </summary>
public sealed class BindingPagesRateLimitOptions
{
    public const string Section = "RateLimits:BindingPages";

    public int PerMinute { get; set; } = 600;
}
