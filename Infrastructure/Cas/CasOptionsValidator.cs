using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Cas;

internal sealed class CasOptionsValidator : IValidateOptions<CasOptions>
{
    public ValidateOptionsResult Validate(string? name, CasOptions options)
    {
        var rules = new ConfigurationRules()
            .Check("Cas:ProtocolVersion", options.ProtocolVersion is 2 or 3, "must be 2 or 3");
        if (options.BaseUrl.Length > 0)
            rules.RequireAbsoluteUrl("Cas:BaseUrl", options.BaseUrl);
        return rules.ToResult();
    }
}
