using Microsoft.Extensions.Configuration;

namespace WeChatLib.Fakes.Simulator;

/// <summary>
/// The account's server settings as WeChat holds them (公众号后台 → 服务器配置): where callbacks go, the Token, the
/// EncodingAESKey and the message mode. Development's values unless <c>Simulator:*</c> says otherwise.
/// </summary>
public sealed record SimulatorTarget(Uri CallbackUrl, string Token, string EncodingAesKey, SimulatorMode Mode)
{
    /// <summary>Matches <c>Api/appsettings.Development.json</c> and the run command's port.</summary>
    public static SimulatorTarget Development { get; } = new(
        new Uri("http://127.0.0.1:8080/wechat/callback"), "wechatlibdev", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", SimulatorMode.Safe);

    public static SimulatorTarget From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Simulator");
        var mode = section["MessageMode"] is { Length: > 0 } text
            ? Enum.TryParse<SimulatorMode>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _)
                ? parsed
                : throw new InvalidOperationException("Simulator:MessageMode must be plain, compatible or safe.")
            : Development.Mode;
        var callback = section["CallbackUrl"] is { Length: > 0 } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new InvalidOperationException("Simulator:CallbackUrl must be an absolute http(s) URL.")
            : Development.CallbackUrl;
        var key = section["EncodingAesKey"] is { Length: > 0 } aes ? aes : Development.EncodingAesKey;
        if (key.Length != 43)
            throw new InvalidOperationException("Simulator:EncodingAesKey must be 43 characters.");
        return new SimulatorTarget(callback, section["Token"] is { Length: > 0 } token ? token : Development.Token, key, mode);
    }
}
