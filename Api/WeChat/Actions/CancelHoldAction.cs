using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“取消预约 2” / “cancel hold 2”: cancels hold 2 of the reader's last “我的预约” list.</summary>
public sealed partial class CancelHoldAction(CancelHold cancelHold, LastHoldList lastList, BoundReader reader) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        var asked = ChatArgument.After(message.Content, "取消预约", "cancel hold");
        if (!ListNumber().IsMatch(asked))
            return Text(lang, "回复“我的预约”查看预约，再回复“取消预约 序号”（如“取消预约 1”）。",
                "Reply holds to see your holds, then cancel hold N (e.g. cancel hold 1).");
        var number = int.Parse(asked, CultureInfo.InvariantCulture);
        if (await lastList.FindAsync(message.FromUserName) is not { } list)
            return Text(lang, "请先回复“我的预约”查看预约列表（列表 30 分钟内有效），再回复“取消预约 序号”。",
                "Please reply holds first to see your list (it is kept for 30 minutes), then cancel hold N.");
        if (number < 1 || number > list.Count)
            return Text(lang, $"您上次的预约列表中没有第 {number} 个（共 {list.Count} 个）。回复“我的预约”查看列表。",
                $"Your last list has no hold {number} (it has {list.Count}). Reply holds to see it.");

        return await cancelHold.ByReaderAsync(new ReaderRef.WeChat(message.FromUserName), list[number - 1], cancellationToken) switch
        {
            HoldCancellation.Cancelled c => Text(lang, $"已取消{LoanText.Title(c.Hold.Title)}的预约。", $"Your hold on {LoanText.Title(c.Hold.Title)} is cancelled."),
            HoldCancellation.AlreadyEnded e => Text(lang, $"{LoanText.Title(e.Hold.Title)}的预约已经结束，无需取消。",
                $"Your hold on {LoanText.Title(e.Hold.Title)} had already ended."),
            _ => Text(lang, $"列表中的第 {number} 个已不是您的预约。回复“我的预约”查看最新列表。",
                $"Hold {number} of your list is no longer yours. Reply holds to see your current list."),
        };
    }

    private static WeChatReply.Text Text(Language language, string zh, string en) => new(Say.In(language, zh, en));

    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex ListNumber();
}
