using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Api.Hosting;

/// <summary>The top-level <c>PublicBaseUrl</c>: where readers' browsers reach this service (links in WeChat messages).</summary>
public sealed class PublicUrlOptions
{
    public string PublicBaseUrl { get; set; } = "";
}

internal sealed class PublicUrlOptionsValidator : IValidateOptions<PublicUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicUrlOptions options) =>
        new ConfigurationRules().RequireAbsoluteUrl("PublicBaseUrl", options.PublicBaseUrl).ToResult();
}
