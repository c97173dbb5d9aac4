using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Announcements;

/// <summary>Announcements as the database keeps them; every change writes its audit row in the same transaction.</summary>
public interface IAnnouncements
{
    Task<Announcement> CreateAsync(AnnouncementDraftCheck.Valid draft, string actor, CancellationToken cancellationToken);

    Task<Announcement?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Announcement>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Announcements that have gone out (or are going out) to readers, newest first.</summary>
    Task<IReadOnlyList<Announcement>> PublishedAsync(int limit, CancellationToken cancellationToken);

    /// <summary>How many readers the audience names today, and how many of them have had <paramref name="limit"/> mass messages in <paramref name="month"/>.</summary>
    Task<AudienceReach> ReachAsync(Audience audience, AudienceDay day, DateOnly month, int limit, CancellationToken cancellationToken);

    /// <summary>A new audience for a draft or scheduled announcement; false when it has started, finished or was cancelled.</summary>
    Task<bool> SetAudienceAsync(long id, Audience audience, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>A draft to go out at <paramref name="sendAt"/>; false when it is no longer a draft.</summary>
    Task<bool> ScheduleAsync(long id, DateTimeOffset sendAt, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Starts sending a draft or scheduled announcement: its audience becomes target rows in one set-based insert, the
    /// readers over the month's cap set aside, the rest cut into batches of at most <paramref name="batchSize"/>. With
    /// <paramref name="dueBy"/>, only a scheduled announcement whose time is at or before it starts (the schedule's
    /// start, which must never come early). Null when it does not start (it started already, was cancelled, or is not due).
    /// </summary>
    Task<AnnouncementProgress?> StartAsync(long id, AudienceDay day, DateOnly month, int limit, int batchSize, DateTimeOffset? dueBy, AuditEntry audit,
        CancellationToken cancellationToken);

    /// <summary>Scheduled announcements whose time has come, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<long>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Stops what has not left yet; false when the announcement has finished or was cancelled already.</summary>
    Task<bool> CancelAsync(long id, AuditEntry audit, CancellationToken cancellationToken);

    Task<AnnouncementProgress?> ProgressAsync(long id, CancellationToken cancellationToken);

    /// <summary>WeChat's MASSSENDJOBFINISH totals for the batch sent with <paramref name="msgId"/>; false when none was.</summary>
    Task<bool> RecordFinishAsync(long msgId, MassSendTotals totals, CancellationToken cancellationToken);

    Task SetPreviewRecipientAsync(long staffId, string? openId, AuditEntry audit, CancellationToken cancellationToken);

    Task<string?> PreviewRecipientAsync(long staffId, CancellationToken cancellationToken);
}

/// <summary>The library day an audience is counted on (seat bookings today), as a UTC range.</summary>
public sealed record AudienceDay(DateTimeOffset Starts, DateTimeOffset Ends);

/// <summary>
/// Readers an audience names, and those of them WeChat will not let the account reach again this month. For a list of
/// cards, also the cards no reader has and those of readers not on the library's WeChat (unbound, or unfollowed).
/// </summary>
public sealed record AudienceReach(int Targeted, int OverCap, IReadOnlyList<string>? UnknownCards = null, IReadOnlyList<string>? CardsNotOnWeChat = null)
{
    public int Reachable => Targeted - OverCap;
}

/// <summary>WeChat's totals for one mass message: how many it was for, filtered out (the cap, unfollowed), sent, failed.</summary>
public sealed record MassSendTotals(string Status, int TotalCount, int FilterCount, int SentCount, int ErrorCount);

/// <summary>
/// Where an announcement's sending stands, in readers: targeted, left out over the monthly cap, sent, failed by reason,
/// outcome unknown (a request that may or may not have reached WeChat, never repeated), cancelled and still pending;
/// and WeChat's own totals from its MASSSENDJOBFINISH reports.
/// </summary>
public sealed record AnnouncementProgress(
    long AnnouncementId, AnnouncementStatus Status, int Targeted, int OverCap, int Sent, IReadOnlyDictionary<string, int> Failed, int Unknown,
    int Cancelled, int Pending, int Batches, MassSendTotals? Reported);
