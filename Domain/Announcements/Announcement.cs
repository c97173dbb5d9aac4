namespace WeChatLib.Domain.Announcements;

/// <summary>A staff announcement: what readers read, whom it is for, and where it stands.</summary>
public sealed record Announcement(
    long Id, string Title, string Body, string? Link, AnnouncementCategory Category, Audience Audience, AnnouncementStatus Status,
    DateTimeOffset? SendAt, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public enum AnnouncementStatus
{
    Draft,
    Scheduled,
    Sending,
    Sent,
    Cancelled,
}

public enum AnnouncementCategory
{
    /// <summary>通知: a general notice.</summary>
    Notice,

    /// <summary>闭馆: a closure or changed hours.</summary>
    Closure,

    /// <summary>讲座活动: a lecture or event.</summary>
    Event,

    /// <summary>资源: new or changed resources.</summary>
    Resources,
}
