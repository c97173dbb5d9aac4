using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Loans;

/// <summary>May this loan be renewed now, and if not, why: the decision without the action, and without locks.</summary>
public sealed class PreviewRenewal(ICirculation circulation, LibraryClock clock)
{
    public async Task<RenewalOutcome> HandleAsync(ReaderRef reader, long loanId, CancellationToken cancellationToken)
    {
        // The same work as a renewal, never committed: the preview can never disagree with the action.
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return new RenewalOutcome.NoSuchReader();
        if (await work.FindLoanAsync(new LoanRef.Id(loanId), cancellationToken) is not { } found)
            return new RenewalOutcome.NoSuchLoan();
        var today = clock.Today;
        return found.Decide(RenewingReader.Of(patron, today), today) switch
        {
            RenewalDecision.Renewable renewable => new RenewalOutcome.Renewed(
                found.Loan with { DueOn = renewable.NewDueDate, RenewalCount = found.Loan.RenewalCount + 1 }, found.Loan.DueOn, []),
            RenewalDecision.Refused refused => new RenewalOutcome.Refused(found.Loan.PatronId == patron.Id ? found.Loan : null, refused.Reasons, patron.PreferredLanguage),
            _ => throw new InvalidOperationException("Unknown renewal decision."),
        };
    }
}
