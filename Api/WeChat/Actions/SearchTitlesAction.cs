using System.Globalization;
using System.Text;
using WeChatLib.Domain.Catalogue;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “检索 三体” / “search three body”: titles whose title or author contains the words, each with the copies on the
/// shelves or “all out”. The order is kept for “预约 N”. Anyone may search; the list is kept per openid.
/// </summary>
public sealed class SearchTitlesAction(SearchTitles search, LastTitleList lastList, BoundReader reader) : IWeChatAction
{
    // Reads, and keeps the same list again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var lang = (await reader.FindAsync(message.FromUserName, cancellationToken))?.PreferredLanguage ?? Language.Zh;
        var words = ChatArgument.After(message.Content, "检索", "search");
        if (words.Length == 0)
            return new WeChatReply.Text(Say.In(lang, "回复“检索 书名或作者”查找图书，如“检索 三体”。", "Reply search followed by a title or author, e.g. search three body."));
        var hits = await search.HandleAsync(words, cancellationToken);
        await lastList.KeepAsync(message.FromUserName, hits.Select(h => h.TitleId));
        if (hits.Count == 0)
            return new WeChatReply.Text(Say.In(lang, "没有找到相关图书，请换个词再试。", "No titles found; try other words."));

        var text = new StringBuilder();
        text.Line(Say.In(lang, $"找到 {hits.Count} 种图书：", $"{hits.Count} titles found:"));
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var by = hit.Author == "" ? "" : $" {hit.Author}";
            text.Line(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {LoanText.Title(hit.Title)}{by}"), newEntry: true);
            text.Line(hit switch
            {
                { Copies: 0 } => Say.In(lang, "暂无可借馆藏", "no copy circulates"),
                { Available: 0 } => Say.In(lang, $"全部借出（共 {hit.Copies} 册），可预约", $"all {hit.Copies} out; you can place a hold"),
                _ => Say.In(lang, $"在架 {hit.Available}/{hit.Copies} 册", $"{hit.Available} of {hit.Copies} on the shelf"),
            });
        }
        if (hits.Any(h => h.Copies > 0 && h.Available == 0))
            text.Line(Say.In(lang, "回复“预约 序号”预约全部借出的图书。", "Reply hold N to place a hold on title N."), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }
}
