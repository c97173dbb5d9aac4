using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>A patron's loans, open and returned, newest first, each with its renewals, a page at a time.</summary>
public sealed class ListLoanHistory(IPatronStore patrons, ICirculation circulation)
{
    public const int DefaultPage = 20;
    public const int MaxPage = 100;

    /// <summary>Null when no patron has the card.</summary>
    public async Task<LoanHistory?> HandleAsync(string cardNumber, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (await patrons.FindByCardAsync(cardNumber.Trim(), cancellationToken) is not { } patron)
            return null;
        var page = Math.Clamp(limit ?? DefaultPage, 1, MaxPage);
        // One more than the page says whether another page follows without a second count.
        var loans = await circulation.LoanHistoryAsync(patron.Id, before, page + 1, cancellationToken);
        return loans.Count > page
            ? new LoanHistory(patron, [.. loans.Take(page)], loans[page - 1].Loan.Id)
            : new LoanHistory(patron, loans, null);
    }
}

/// <param name="NextBefore">The <c>before</c> of the next page; null on the last.</param>
public sealed record LoanHistory(Patron Reader, IReadOnlyList<LoanOnRecord> Loans, long? NextBefore);
