using System.Globalization;
using System.Text;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// MY_HOLDS / “我的预约” / “holds”: the reader's open holds, those waiting on the shelf first (where and until when), then
/// those on their way, then the place in each queue. The order is kept for “取消预约 N”.
/// </summary>
public sealed class MyHoldsAction(ListMyHolds listMyHolds, LastHoldList lastList, BoundReader reader) : IWeChatAction
{
    /// <summary>Holds in one reply; more follow on “更多”.</summary>
    public const int HoldsPerReply = 8;

    // Reads, and keeps the same list again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await listMyHolds.HandleAsync(new ReaderRef.WeChat(message.FromUserName), cancellationToken) is not { } mine)
            return reader.BindFirst();
        var open = mine.Holds.Where(h => h.Active)
            .OrderBy(h => h.Status switch { HoldStatus.Ready => 0, HoldStatus.InTransit => 1, _ => 2 })
            .ThenBy(h => h.PickupBy).ThenBy(h => h.PlacedAt).ThenBy(h => h.Id).ToList();
        await lastList.KeepAsync(message.FromUserName, open.Select(h => h.Id));
        return new WeChatReply.Text(Render(mine.Reader, open));
    }

    private static string Render(Patron patron, List<Hold> open)
    {
        var lang = patron.PreferredLanguage;
        var text = new StringBuilder();
        if (open.Count == 0)
        {
            text.Line(Say.In(lang, $"{patron.Name}，您目前没有预约。", $"{patron.Name}, you have no holds."));
            text.Line(Say.In(lang, "回复“检索 书名”查找图书，再回复“预约 序号”预约全部借出的图书。",
                "Reply search followed by words to find a title, then hold N for one whose copies are all out."));
            return text.ToString();
        }
        text.Line(Say.In(lang, $"{patron.Name}，您有 {open.Count} 个预约：", $"{patron.Name}, you have {open.Count} holds:"));
        for (var i = 0; i < open.Count; i++)
        {
            if (i > 0 && i % HoldsPerReply == 0)
                text.Append(ReplyLength.PageBreak);
            text.Line(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {LoanText.Title(open[i].Title)}"), newEntry: true);
            text.Line(HoldText.Status(open[i], lang));
        }
        text.Line(Say.In(lang, "回复“取消预约 序号”取消其中一个预约。", "Reply cancel hold N to cancel hold N."), newEntry: true);
        return text.ToString();
    }
}
