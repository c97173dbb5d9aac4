namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// A claimed notice, with the openid it goes to now (null when the reader is no longer bound) and when a request for
/// it first left (null: never), and when it stops being true (null: never).
/// </summary>
public sealed record OutboxItem(
    long Id, string IdempotencyKey, string Kind, string Channel, long? PatronId, string? OpenId,
    IReadOnlyDictionary<string, string> Fields, int Attempts, DateTimeOffset? FirstAttemptAt, bool OutcomeUnknown,
    DateTimeOffset? StaleAfter = null);
