using System.Globalization;
using System.Text;
using WeChatLib.Domain.Announcements;
using WeChatLib.Domain.Common;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“公告” / “announcements”: the library's latest announcements, newest first, for anyone who follows the account.</summary>
public sealed class AnnouncementsAction(ReadAnnouncements read, LibraryClock clock) : IWeChatAction
{
    private const int Shown = 5;

    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var recent = await read.RecentAsync(Shown, cancellationToken);
        if (recent.Count == 0)
            return new WeChatReply.Text("暂无公告。\nNo announcements yet.");
        var text = new StringBuilder("最新公告：");
        foreach (var announcement in recent)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n【{AnnouncementRules.Label(announcement.Category)}】{announcement.Title}");
            if (announcement.StartedAt is { } at)
                text.Append(CultureInfo.InvariantCulture, $"（{AnnouncementRules.When(at, clock.Zone)}）");
            text.Append('\n').Append(announcement.Body);
            if (announcement.Link is { } link)
                text.Append(CultureInfo.InvariantCulture, $"\n<a href=\"{link}\">查看详情</a>");
        }
        return new WeChatReply.Text(text.ToString());
    }
}
