using Microsoft.Extensions.Options;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Outbox;

internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions o) =>
        new ConfigurationRules()
            .Check("Outbox:BatchSize", o.BatchSize is >= 1 and <= 1000, "must be between 1 and 1000")
            .Check("Outbox:LeaseSeconds", o.LeaseSeconds is >= 1 and <= 3600, "must be between 1 and 3600")
            .Check("Outbox:PollMilliseconds", o.PollMilliseconds is >= 10 and <= 60_000, "must be between 10 and 60000")
            .Check("Outbox:Parallelism", o.Parallelism is >= 1 and <= 256, "must be between 1 and 256")
            .Check("Outbox:Batches", o.Batches is >= 1 and <= 16, "must be between 1 and 16")
            .Check("Outbox:MaxAttempts", o.MaxAttempts is >= 1 and <= 100, "must be between 1 and 100")
            .Check("Outbox:MaxSendsPerSecond", o.MaxSendsPerSecond >= 1, "must be at least 1")
            // Never "keep nothing": a zero left by a typo must not delete the history staff investigate.
            .Check("Outbox:RetentionDays", o.RetentionDays is >= 7 and <= 3650, "must be between 7 and 3650")
            .ToResult();
}
