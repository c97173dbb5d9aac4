using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// A reader renews one of their loans (from the chat or the H5 pages). The loan is locked, decided and renewed in one
/// transaction: twenty taps, two instances or a replayed message renew it once.
/// </summary>
public sealed class RenewLoan(ICirculation circulation, LibraryClock clock)
{
    public async Task<RenewalOutcome> HandleAsync(ReaderRef reader, LoanRef loan, RenewalChannel channel, CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return new RenewalOutcome.NoSuchReader();
        if (await work.LockLoanAsync(loan, cancellationToken) is not { } locked)
            return new RenewalOutcome.NoSuchLoan();
        var outcome = await Renewing.ApplyAsync(work, patron, locked, clock.Today, channel, AuditEntry.Patron(patron.Id), null, cancellationToken);
        if (outcome is RenewalOutcome.Renewed)
            await work.CommitAsync(cancellationToken);
        return outcome;
    }
}
