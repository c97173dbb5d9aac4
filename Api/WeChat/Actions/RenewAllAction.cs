using System.Text;
using WeChatLib.Domain.Loans;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// RENEW_ALL / “续借” / renew: renews every loan that may be renewed and answers one summary, the new due dates of the
/// renewed and every reason for the others.
/// </summary>
public sealed class RenewAllAction(RenewAllLoans renewAll, BoundReader reader) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var channel = message.IsEvent ? RenewalChannel.Menu : RenewalChannel.Chat;
        return await renewAll.HandleAsync(new ReaderRef.WeChat(message.FromUserName), channel, cancellationToken) is { } summary
            ? new WeChatReply.Text(Render(summary))
            : reader.BindFirst();
    }

    private static string Render(RenewAllSummary summary)
    {
        var lang = summary.Reader.PreferredLanguage;
        if (summary.Renewed.Count == 0 && summary.NotRenewed.Count == 0)
            return Say.In(lang, "您目前没有在借图书，无需续借。", "You have no books on loan, so there is nothing to renew.");

        var text = new StringBuilder();
        // One line per loan (a long summary pages between lines); the card's restriction or expiry is said once, at the top.
        var card = summary.NotRenewed.SelectMany(r => r.Reasons).FirstOrDefault(LoanText.AboutTheCard);
        if (card is not null)
            text.Line(LoanText.CardLine(card, lang)!);
        if (summary.Renewed.Count > 0)
        {
            text.Line(Say.In(lang, $"已续借 {summary.Renewed.Count} 本：", $"Renewed {summary.Renewed.Count}:"));
            foreach (var renewed in summary.Renewed)
                text.Line($"· {LoanText.Title(renewed.Loan.Title)} {Say.In(lang, "新到期日", "now due")} {LoanText.Date(renewed.Loan.DueOn, lang)}");
        }
        else if (card is null)
        {
            text.Line(Say.In(lang, "没有可以续借的图书。", "None of your loans can be renewed now."));
        }
        if (summary.NotRenewed.Count > 0)
        {
            text.Line(Say.In(lang, $"未续借 {summary.NotRenewed.Count} 本：", $"Not renewed {summary.NotRenewed.Count}:"));
            foreach (var refused in summary.NotRenewed)
            {
                var reasons = refused.Reasons.Where(r => !LoanText.AboutTheCard(r)).ToList();
                text.Line($"· {LoanText.Title(refused.Loan!.Title)}" + (reasons.Count > 0 ? Say.In(lang, "：", ": ") + LoanText.Reasons(reasons, lang) : ""));
            }
        }
        return text.ToString();
    }
}
