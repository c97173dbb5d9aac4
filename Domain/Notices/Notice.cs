namespace WeChatLib.Domain.Notices;

/// <summary>
/// Something to tell one reader. <see cref="Key"/> is unique for all time (e.g. <c>due-reminder:{loanId}:{dueDate}:3d</c>),
/// so no run, retry or second instance can create the same notice twice. A notice goes to the reader's bound
/// WeChat account at sending time; a reply names its openid, since it answers whoever asked.
/// </summary>
public sealed record Notice(string Key, string Kind, long? PatronId, string? OpenId, IReadOnlyDictionary<string, string> Fields)
{
    public bool IsReply => Kind == NoticeKind.Reply;

    /// <summary>From this moment the notice would be untrue (a reminder of a window now closed): the outbox drops it unsent.</summary>
    public DateTimeOffset? StaleAfter { get; init; }

    public static Notice ForPatron(string key, string kind, long patronId, IReadOnlyDictionary<string, string> fields) =>
        new(key, kind, patronId, null, fields);

    /// <summary>An answer to the reader's own request, sent as a custom message and never held for quiet hours.</summary>
    public static Notice Reply(string key, string openId, string text) =>
        new(key, NoticeKind.Reply, null, openId, new Dictionary<string, string> { ["text"] = text });
}
