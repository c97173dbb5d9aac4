namespace WeChatLib.Domain.Announcements;

/// <summary>What readers may see of announcements, in the chat and over REST: the ones that went out, newest first.</summary>
public sealed class ReadAnnouncements(IAnnouncements announcements)
{
    public const int MaxRecent = 20;

    public Task<IReadOnlyList<Announcement>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        announcements.PublishedAsync(Math.Clamp(limit, 1, MaxRecent), cancellationToken);
}
