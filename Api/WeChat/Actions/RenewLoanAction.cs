using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “续借 2” / “renew 2”: renews item 2 of the reader's last loan list; “续借 C0012345”: the loan of the item with that
/// barcode. Answers the new due date, or every reason the renewal is refused.
/// </summary>
public sealed partial class RenewLoanAction(RenewLoan renewLoan, RenewAllAction renewAll, LastLoanList lastList, BoundReader reader) : IWeChatAction
{
    private static readonly string[] Keywords = ["续借", "renew"];

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var asked = Argument(message.Content);
        if (asked is "全部" or "all")
            return await renewAll.HandleAsync(message, cancellationToken);
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;

        LoanRef loan;
        int? number = null;
        if (ListNumber().IsMatch(asked))
        {
            number = int.Parse(asked, CultureInfo.InvariantCulture);
            if (await lastList.FindAsync(message.FromUserName) is not { } list)
                return Text(lang, "请先回复“借阅”查看借阅列表（列表 30 分钟内有效），再回复“续借 序号”。",
                    "Please reply loans first to see your list (it is kept for 30 minutes), then renew N.");
            if (number < 1 || number > list.Count)
                return Text(lang, $"您上次的借阅列表中没有第 {number} 本（共 {list.Count} 本）。回复“借阅”查看列表。",
                    $"Your last list has no item {number} (it has {list.Count}). Reply loans to see it.");
            loan = new LoanRef.Id(list[number.Value - 1]);
        }
        else if (Barcode().IsMatch(asked))
        {
            loan = new LoanRef.Barcode(asked);
        }
        else
        {
            return Text(lang, "回复“续借”续借全部图书，回复“续借 序号”续借“借阅”列表中的一本（如“续借 2”），或回复“续借 条码”。",
                "Reply renew to renew everything, renew N for item N of your loans list (e.g. renew 2), or renew followed by a barcode.");
        }

        return await renewLoan.HandleAsync(new ReaderRef.WeChat(message.FromUserName), loan, RenewalChannel.Chat, cancellationToken) switch
        {
            RenewalOutcome.Renewed r => Text(lang,
                $"已续借{LoanText.Title(r.Loan.Title)}，新到期日 {LoanText.Date(r.Loan.DueOn, lang)}。",
                $"Renewed {LoanText.Title(r.Loan.Title)}: now due {LoanText.Date(r.Loan.DueOn, lang)}."),
            RenewalOutcome.Refused { Loan: { } mine } r => Text(lang,
                $"{LoanText.Title(mine.Title)}不能续借：{LoanText.Reasons(r.Reasons, lang)}。",
                $"{LoanText.Title(mine.Title)} cannot be renewed: {LoanText.Reasons(r.Reasons, lang)}."),
            RenewalOutcome.NoSuchReader => reader.BindFirst(),
            // Someone else's loan or none at all: the same answer, which tells nothing about other readers.
            _ when number is { } n => Text(lang, $"列表中的第 {n} 本已不在您的借阅中。回复“借阅”查看最新列表。",
                $"Item {n} of your list is no longer on loan to you. Reply loans to see your current list."),
            _ => Text(lang, $"您的在借图书中没有条码为 {asked} 的图书。回复“借阅”查看您的借阅。",
                $"None of your loans has the barcode {asked}. Reply loans to see your loans."),
        };
    }

    /// <summary>What follows the keyword, with full-width digits and letters made plain (“续借２” is “续借 2”).</summary>
    private static string Argument(string content)
    {
        var text = content.Normalize(NormalizationForm.FormKC).Trim();
        var keyword = Keywords.FirstOrDefault(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase));
        return keyword is null ? "" : text[keyword.Length..].Trim();
    }

    private static WeChatReply.Text Text(Language language, string zh, string en) => new WeChatReply.Text(Say.In(language, zh, en));

    // A list holds tens of loans at most; four or more digits are a barcode.
    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex ListNumber();

    // The shape the items table allows.
    [GeneratedRegex("^[0-9A-Za-z-]{4,32}$")]
    private static partial Regex Barcode();
}
