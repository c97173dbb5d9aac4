namespace WeChatLib.Domain.Readers;

/// <summary>The one-to-one link between a library card and a WeChat openid.</summary>
public sealed record WeChatBinding(long PatronId, string OpenId, BindingRoute Via, DateTimeOffset BoundAt);

/// <summary>How a binding was made.</summary>
public enum BindingRoute
{
    Pin,
    Cas,
    Import,
}
