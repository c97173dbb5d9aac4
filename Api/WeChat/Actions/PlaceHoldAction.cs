using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Holds;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “预约 2” / “hold 2”: a hold on title 2 of the reader's last “检索” list; “预约 9787…”: on the title with that ISBN.
/// Answers the place in the queue and the pickup branch, or every reason the hold is refused.
/// </summary>
public sealed partial class PlaceHoldAction(PlaceHold placeHold, LastTitleList lastList, BoundReader reader) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        var asked = ChatArgument.After(message.Content, "预约", "hold");

        TitleRef title;
        if (ListNumber().IsMatch(asked))
        {
            var number = int.Parse(asked, CultureInfo.InvariantCulture);
            if (await lastList.FindAsync(message.FromUserName) is not { } list)
                return Text(lang, "请先回复“检索 书名或作者”查找图书（结果 30 分钟内有效），再回复“预约 序号”。",
                    "Please reply search followed by a title or author first (the list is kept for 30 minutes), then hold N.");
            if (number < 1 || number > list.Count)
                return Text(lang, $"您上次的检索结果中没有第 {number} 本（共 {list.Count} 本）。",
                    $"Your last search has no title {number} (it has {list.Count}).");
            title = new TitleRef.Id(list[number - 1]);
        }
        else if (Isbn.Normalize(asked) is { } isbn)
        {
            title = new TitleRef.Isbn(isbn);
        }
        else
        {
            return Text(lang, "回复“检索 书名或作者”查找图书，再回复“预约 序号”预约其中一本，或回复“预约 ISBN”。",
                "Reply search followed by a title or author, then hold N for title N of the results, or hold followed by an ISBN.");
        }

        return await placeHold.HandleAsync(new ReaderRef.WeChat(message.FromUserName), title, null, null, cancellationToken) switch
        {
            HoldPlacement.Placed p => Text(lang,
                $"已预约{LoanText.Title(p.Title)}，您排在第 {p.Position} 位，取书地点：{HoldText.Branch(p.PickupBranch, lang)}。书到馆后会通知您。",
                $"Hold placed on {LoanText.Title(p.Title)}: you are number {p.Position} in the queue, to pick up at {HoldText.Branch(p.PickupBranch, lang)}. We will tell you when it is ready."),
            HoldPlacement.Refused r => Text(lang, $"抱歉，不能预约：{HoldText.Reasons(r.Reasons, lang)}。", $"Sorry, no hold was placed: {HoldText.Reasons(r.Reasons, lang)}."),
            _ => reader.BindFirst(),
        };
    }

    private static WeChatReply.Text Text(Language language, string zh, string en) => new(Say.In(language, zh, en));

    // A search lists a handful of titles; anything longer is an ISBN.
    [GeneratedRegex("^[0-9]{1,2}$")]
    private static partial Regex ListNumber();
}
