using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// A reader's open loans, most urgent first (overdue, then by due date), each with its renewal preflight: renewable
/// and to which date, or every reason it is not. A restricted or expired reader still sees their loans, and why they
/// cannot renew.
/// </summary>
public sealed class ListMyLoans(ICirculation circulation, LibraryClock clock)
{
    /// <summary>Null when the library knows no such reader (an openid that is not bound).</summary>
    public async Task<MyLoans?> HandleAsync(ReaderRef reader, CancellationToken cancellationToken)
    {
        if (await circulation.OpenLoansAsync(reader, cancellationToken) is not { } found)
            return null;
        var today = clock.Today;
        var renewing = RenewingReader.Of(found.Reader, today);
        var loans = found.Loans
            .Select(c => new LoanPreflight(c.Loan, c.Decide(renewing, today), c.Loan.DaysLeft(today), c.RenewalsLeft))
            .OrderBy(l => l.Loan.DueOn).ThenBy(l => l.Loan.Id)
            .ToList();
        return new MyLoans(found.Reader, ReaderGate.Judge(found.Reader, today), loans);
    }
}

public sealed record MyLoans(Patron Reader, ReaderAccess Access, IReadOnlyList<LoanPreflight> Loans);

/// <summary>A loan and the answer to “may it be renewed now”, as Koha's allows_renewal gives it before the reader taps.</summary>
public sealed record LoanPreflight(Loan Loan, RenewalDecision Preflight, int DaysLeft, int? RenewalsLeft);
