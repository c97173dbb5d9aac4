using System.Globalization;
using System.Text;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// MY_LOANS / “借阅”: the reader's loans, most urgent first, each with its due date, the renewals left and whether it
/// may be renewed now or why not. <see cref="LoansPerReply"/> loans a reply, the rest on “更多”, never cut inside a loan;
/// the order is kept for “续借 N”.
/// </summary>
public sealed class MyLoansAction(ListMyLoans listMyLoans, LastLoanList lastList, BoundReader reader) : IWeChatAction
{
    /// <summary>Loans in one reply: a typical reader's all fit; more follow on “更多”.</summary>
    public const int LoansPerReply = 8;

    // Reads, and keeps the same list again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await listMyLoans.HandleAsync(new ReaderRef.WeChat(message.FromUserName), cancellationToken) is not { } mine)
            return reader.BindFirst();
        await lastList.KeepAsync(message.FromUserName, mine.Loans.Select(l => l.Loan.Id));
        return new WeChatReply.Text(Render(mine));
    }

    private static string Render(MyLoans mine)
    {
        var lang = mine.Reader.PreferredLanguage;
        var name = mine.Reader.Name;
        var card = mine.Access switch
        {
            ReaderAccess.Restricted r => LoanText.CardLine(new RenewalRefusal.PatronRestricted(r.Reason), lang),
            ReaderAccess.Expired e => LoanText.CardLine(new RenewalRefusal.PatronExpired(e.Patron.ExpiresOn), lang),
            _ => null,
        };
        var text = new StringBuilder();
        text.Line(mine.Loans.Count == 0
            ? Say.In(lang, $"{name}，您目前没有在借图书。", $"{name}, you have no books on loan.")
            : Say.In(lang, $"{name}，您在借 {mine.Loans.Count} 本：", $"{name}, you have {mine.Loans.Count} on loan:"));
        if (card is not null)
            text.Line(card);
        for (var i = 0; i < mine.Loans.Count; i++)
        {
            var loan = mine.Loans[i];
            if (i > 0 && i % LoansPerReply == 0)
                text.Append(ReplyLength.PageBreak);
            var left = LoanText.DaysLeft(loan.DaysLeft, lang);
            var due = Say.In(lang, $"到期 {LoanText.Date(loan.Loan.DueOn, lang)}（{left}）", $"due {LoanText.Date(loan.Loan.DueOn, lang)} ({left})");
            text.Line(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {LoanText.Title(loan.Loan.Title)} {due}"), newEntry: true);
            text.Line(Status(loan, lang));
        }
        if (card is null && mine.Loans.Any(l => l.Preflight is RenewalDecision.Renewable))
            text.Line(Say.In(lang, "回复“续借”续借全部可续借的图书，回复“续借 序号”续借其中一本。", "Reply renew to renew all you can, or renew N for item N."), newEntry: true);
        return text.ToString();
    }

    private static string Status(LoanPreflight loan, Language lang)
    {
        var left = loan.RenewalsLeft is { } n ? Say.In(lang, $"可再续 {n} 次 · ", $"{n} renewals left · ") : "";
        if (loan.Preflight is not RenewalDecision.Refused refused)
            return left + Say.In(lang, "可续借", "can renew");
        var reasons = refused.Reasons.Where(r => !LoanText.AboutTheCard(r)).ToList();
        return left + (reasons.Count == 0
            ? Say.In(lang, "不可续借", "cannot renew")
            : Say.In(lang, "不可续借：", "cannot renew: ") + LoanText.Reasons(reasons, lang));
    }
}
