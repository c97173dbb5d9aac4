namespace WeChatLib.Infrastructure.Outbox;

/// <summary>The <c>Outbox</c> section: how the notification workers of every instance share the work.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this instance runs workers (every instance does unless told otherwise).</summary>
    public bool WorkersEnabled { get; set; } = true;

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claimed notice is a worker's own; short, so that a crashed worker's sends resume soon.</summary>
    public int LeaseSeconds { get; set; } = 60;

    public int PollMilliseconds { get; set; } = 500;

    /// <summary>Sends in flight per batch.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// Batches in flight per instance: while one batch's requests are out, the next is claimed and its attempts
    /// recorded, so that the database's round trips and WeChat's overlap.
    /// </summary>
    public int Batches { get; set; } = 2;

    /// <summary>Attempts before a notice that keeps failing transiently goes to the dead letters.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Sends per second to WeChat across all instances (shared through Redis).</summary>
    public int MaxSendsPerSecond { get; set; } = 100;

    /// <summary>Days a notice in a final state (sent, dropped, dead, failed) is kept before the nightly deletion.</summary>
    public int RetentionDays { get; set; } = 90;
}
