using System.Globalization;
using System.Text;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>MY_LOANS / “借阅”: the reader's current loans, most urgent first.</summary>
public sealed class MyLoansAction(ListMyLoans listMyLoans, BoundReader reader) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await listMyLoans.HandleAsync(new ReaderRef.WeChat(message.FromUserName), cancellationToken) is not { } current)
            return reader.BindFirst();
        var lang = current.Reader.PreferredLanguage.Code();
        var name = current.Reader.Name;
        if (current.Loans.Count == 0)
            return new WeChatReply.Text(Say.In(lang, $"{name}，您目前没有在借图书。", $"{name}, you have no books on loan."));

        var text = new StringBuilder(Say.In(lang, $"{name}，您在借 {current.Loans.Count} 本：", $"{name}, you have {current.Loans.Count} on loan:"));
        for (var i = 0; i < current.Loans.Count; i++)
        {
            var loan = current.Loans[i];
            var due = Say.In(lang, $"{loan.Loan.DueOn.Month}月{loan.Loan.DueOn.Day}日", loan.Loan.DueOn.ToString("d MMM", CultureInfo.InvariantCulture));
            var left = loan.DaysLeft switch
            {
                < 0 => Say.In(lang, $"已超期 {-loan.DaysLeft} 天", $"{-loan.DaysLeft} days overdue"),
                0 => Say.In(lang, "今天到期", "due today"),
                _ => Say.In(lang, $"还剩 {loan.DaysLeft} 天", $"{loan.DaysLeft} days left"),
            };
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. 《{loan.Loan.Title}》 {Say.In(lang, "到期", "due")} {due}（{left}）");
        }
        return new WeChatReply.Text(text.ToString());
    }
}
