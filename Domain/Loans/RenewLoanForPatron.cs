using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// Staff renew a patron's loan. With a comment they may lift the count, too-soon and overdue rules; never a hold, a
/// recall or the patron's standing.
/// </summary>
public sealed class RenewLoanForPatron(ICirculation circulation, LibraryClock clock)
{
    public async Task<RenewalOutcome> HandleAsync(long staffId, long loanId, string? overrideComment, CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockLoanAsync(new LoanRef.Id(loanId), cancellationToken) is not { } locked)
            return new RenewalOutcome.NoSuchLoan();
        if (await work.FindReaderAsync(new ReaderRef.Patron(locked.Loan.PatronId), cancellationToken) is not { } borrower)
            return new RenewalOutcome.NoSuchReader();
        var outcome = await Renewing.ApplyAsync(
            work, borrower, locked, clock.Today, RenewalChannel.Staff, AuditEntry.Staff(staffId), RenewalOverride.From(overrideComment), cancellationToken);
        if (outcome is RenewalOutcome.Renewed)
            await work.CommitAsync(cancellationToken);
        return outcome;
    }
}
