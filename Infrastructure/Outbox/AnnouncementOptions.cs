using Microsoft.Extensions.Options;
using WeChatLib.Domain.Announcements;
using WeChatLib.Infrastructure.Configuration;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>The <c>Announcements</c> section: how announcements go out as WeChat mass messages.</summary>
public sealed class AnnouncementOptions : IMassMessageSettings
{
    public const string Section = "Announcements";

    /// <summary>Whether this instance sends announcement batches (every instance does unless told otherwise).</summary>
    public bool WorkersEnabled { get; set; } = true;

    /// <summary>
    /// Openids per mass-send request, at most; WeChat takes 2–10,000. From three up, dealing an audience evenly into
    /// batches of at most this many never leaves a batch of one.
    /// </summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Mass messages a follower may receive a month (WeChat's cap for a service account is 4).</summary>
    public int MonthlyLimit { get; set; } = AnnouncementRules.MonthlyMassMessages;

    /// <summary>How long a claimed batch is a worker's own; it must outlast one request.</summary>
    public int LeaseSeconds { get; set; } = 60;

    public int PollMilliseconds { get; set; } = 500;

    /// <summary>Requests WeChat refused for a passing reason (busy, quota) before a batch is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 5;
}

internal sealed class AnnouncementOptionsValidator : IValidateOptions<AnnouncementOptions>
{
    public ValidateOptionsResult Validate(string? name, AnnouncementOptions o) =>
        new ConfigurationRules()
            .Check("Announcements:BatchSize", o.BatchSize is >= 3 and <= 10_000, "must be between 3 and 10000 (WeChat's openid list takes 2 to 10000)")
            .Check("Announcements:MonthlyLimit", o.MonthlyLimit is >= 1 and <= AnnouncementRules.MonthlyMassMessages,
                $"must be between 1 and {AnnouncementRules.MonthlyMassMessages} (WeChat's monthly cap)")
            .Check("Announcements:LeaseSeconds", o.LeaseSeconds is >= 10 and <= 3600, "must be between 10 and 3600")
            .Check("Announcements:PollMilliseconds", o.PollMilliseconds is >= 10 and <= 60_000, "must be between 10 and 60000")
            .Check("Announcements:MaxAttempts", o.MaxAttempts is >= 1 and <= 100, "must be between 1 and 100")
            .ToResult();
}
