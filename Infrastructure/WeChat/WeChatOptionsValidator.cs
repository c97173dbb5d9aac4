using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.WeChat;

internal sealed partial class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions o)
    {
        var modeValid = Enum.TryParse<WeChatMessageMode>(o.MessageMode, ignoreCase: true, out var mode)
            && !int.TryParse(o.MessageMode, out _);
        var rules = new ConfigurationRules()
            .Require("WeChat:AppId", o.AppId)
            .Check("WeChat:AppId", o.AppId.Length == 0 || AppIdPattern().IsMatch(o.AppId), "must look like wx followed by 16 letters or digits")
            .Require("WeChat:AppSecret", o.AppSecret)
            .Require("WeChat:Token", o.Token)
            .Check("WeChat:Token", o.Token.Length == 0 || TokenPattern().IsMatch(o.Token), "must be 3 to 32 letters or digits, as on the account's server settings")
            .Check("WeChat:MessageMode", modeValid, "must be plain, compatible or safe")
            .Check("WeChat:TimestampToleranceSeconds", o.TimestampToleranceSeconds is >= 1 and <= 3600, "must be between 1 and 3600")
            .Check("WeChat:ReplyBudgetMilliseconds", o.ReplyBudgetMilliseconds is >= 100 and <= 4500, "must be between 100 and 4500 (WeChat gives up at 5000)")
            .RequireAbsoluteUrl("WeChat:ApiBaseUrl", o.ApiBaseUrl)
            .RequireAbsoluteUrl("WeChat:OAuthBaseUrl", o.OAuthBaseUrl)
            .Check("WeChat:QuotaResetTime", TimeOnly.TryParseExact(o.QuotaResetTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out _), "must be a time as HH:mm");
        if (!modeValid || mode != WeChatMessageMode.Plain || o.EncodingAesKey.Length > 0)
        {
            rules.Require("WeChat:EncodingAesKey", o.EncodingAesKey)
                .Check("WeChat:EncodingAesKey", o.EncodingAesKey.Length == 0 || AesKeyPattern().IsMatch(o.EncodingAesKey), "must be exactly 43 letters or digits");
        }
        return rules.ToResult();
    }

    [GeneratedRegex("^wx[0-9A-Za-z]{16}$")]
    private static partial Regex AppIdPattern();

    [GeneratedRegex("^[0-9A-Za-z]{3,32}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[0-9A-Za-z]{43}$")]
    private static partial Regex AesKeyPattern();
}
