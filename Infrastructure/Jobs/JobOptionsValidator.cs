using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Jobs;

internal sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions o) =>
        new ConfigurationRules()
            .Check("Jobs:PollMilliseconds", o.PollMilliseconds is >= 10 and <= 60_000, "must be between 10 and 60000")
            .Check("Jobs:LeaseSeconds", o.LeaseSeconds is >= 1 and <= 3600, "must be between 1 and 3600")
            .Check("Jobs:RetryAfterFailureSeconds", o.RetryAfterFailureSeconds is >= 1 and <= 86_400, "must be between 1 and 86400")
            .ToResult();
}
