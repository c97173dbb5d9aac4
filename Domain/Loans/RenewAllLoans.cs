using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// “续借” with no number: renews every loan that may be renewed, in one transaction over the reader's locked loans,
/// and says why each other one was not.
/// </summary>
public sealed class RenewAllLoans(ICirculation circulation, LibraryClock clock)
{
    /// <summary>Null when the library knows no such reader.</summary>
    public async Task<RenewAllSummary?> HandleAsync(ReaderRef reader, RenewalChannel channel, CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return null;
        var today = clock.Today;
        var actor = AuditEntry.Patron(patron.Id);
        List<RenewalOutcome.Renewed> renewed = [];
        List<RenewalOutcome.Refused> refused = [];
        foreach (var locked in await work.LockOpenLoansAsync(patron.Id, cancellationToken))
        {
            switch (await Renewing.ApplyAsync(work, patron, locked, today, channel, actor, null, cancellationToken))
            {
                case RenewalOutcome.Renewed done:
                    renewed.Add(done);
                    break;
                case RenewalOutcome.Refused no:
                    refused.Add(no);
                    break;
            }
        }
        if (renewed.Count > 0)
            await work.CommitAsync(cancellationToken);
        return new RenewAllSummary(patron, [.. renewed.OrderBy(r => r.Loan.DueOn)], [.. refused.OrderBy(r => r.Loan!.DueOn)]);
    }
}

public sealed record RenewAllSummary(Readers.Patron Reader, IReadOnlyList<RenewalOutcome.Renewed> Renewed, IReadOnlyList<RenewalOutcome.Refused> NotRenewed);
