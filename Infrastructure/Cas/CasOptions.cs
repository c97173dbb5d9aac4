namespace WeChatLib.Infrastructure.Cas;

/// <summary>The <c>Cas</c> section: the campus single sign-on. Without a base URL the campus login is not offered.</summary>
public sealed class CasOptions
{
    public const string Section = "Cas";

    /// <summary>The CAS server's prefix, e.g. <c>https://cas.example.edu.cn/cas</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>2 for <c>/serviceValidate</c>; 3 for <c>/p3/serviceValidate</c>, which also returns attributes.</summary>
    public int ProtocolVersion { get; set; } = 3;

    /// <summary>The attribute holding the library card number; empty when the CAS user name is the card number.</summary>
    public string CardNumberAttribute { get; set; } = "";
}
