using System.Globalization;
using System.Text;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “热门” / “热门 TP” / “hot”: the most borrowed titles of the last 30 days, overall or in a CLC class. The list is kept,
/// as a search's is, so that “预约 N” places a hold on title N.
/// </summary>
public sealed class HotLoansAction(ListHotLoans hotLoans, LastTitleList lastList, BoundReader reader) : IWeChatAction
{
    // Reads, and keeps the same list again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var lang = (await reader.FindAsync(message.FromUserName, cancellationToken))?.PreferredLanguage ?? Domain.Readers.Language.Zh;
        var clc = ChatArgument.After(message.Content, "热门", "hot");
        if (await hotLoans.HandleAsync(clc, ListHotLoans.MaxTitles, cancellationToken) is not { } top)
            return new WeChatReply.Text(Say.In(lang, "请回复“热门”，或“热门 分类号”如“热门 TP”。", "Reply hot, or hot followed by a CLC class such as hot TP."));
        await lastList.KeepAsync(message.FromUserName, top.Select(t => t.TitleId));
        if (top.Count == 0)
            return new WeChatReply.Text(Say.In(lang, "最近 30 天没有借阅记录。", "Nothing was borrowed in the last 30 days."));

        var text = new StringBuilder();
        var scope = clc == "" ? "" : " " + clc.ToUpperInvariant();
        text.Line(Say.In(lang, $"最近 30 天热门借阅{scope}：", $"Most borrowed in the last 30 days{scope}:"));
        for (var i = 0; i < top.Count; i++)
            text.Line(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1}. {LoanText.Title(top[i].Title)}{(top[i].Author == "" ? "" : " " + top[i].Author)}（{top[i].Loans} {Say.In(lang, "次", "loans")}）"), newEntry: true);
        text.Line(Say.In(lang, "回复“预约 序号”预约全部借出的图书。", "Reply hold N to place a hold on title N."), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }
}
