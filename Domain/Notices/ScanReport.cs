namespace WeChatLib.Domain.Notices;

/// <summary>
/// What a daily scan did: the open loans a rule fired for, the notices queued by kind, the notices not queued by
/// reason (<see cref="SkipReason"/>), and how long it took.
/// </summary>
public sealed record ScanReport(
    DateOnly ScanDate, int LoansSeen, IReadOnlyDictionary<string, int> Enqueued, IReadOnlyDictionary<string, int> Skipped, int DurationMs);

/// <summary>Why a notice the rules called for was not queued.</summary>
public static class SkipReason
{
    /// <summary>The reader has no WeChat binding.</summary>
    public const string Unbound = "unbound";

    /// <summary>The reader's WeChat account no longer follows the service account.</summary>
    public const string Unfollowed = "unfollowed";

    /// <summary>The reader switched this kind off (courtesy reminders only).</summary>
    public const string OptedOut = "opted_out";

    /// <summary>An earlier run, or another instance, queued it already.</summary>
    public const string AlreadyQueued = "already_queued";
}
