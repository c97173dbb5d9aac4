using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// Staff take an item back at the desk: its open loan closes and the item is available again. The item is locked,
/// so that two scans of it close the loan once; a scan of an item with no open loan changes nothing.
/// </summary>
public sealed class CheckInItem(ICirculation circulation, LibraryClock clock)
{
    public async Task<CheckinOutcome> HandleAsync(string barcode, long staffId, CancellationToken cancellationToken)
    {
        barcode = Catalogue.Barcode.Normalize(barcode);
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockItemForCheckinAsync(barcode, cancellationToken) is not { } found)
            return new CheckinOutcome.Refused(new CheckinRefusal.NoSuchItem(barcode));
        if (found.OpenLoan is not { } loan)
            return new CheckinOutcome.Refused(new CheckinRefusal.NotOnLoan(found.Item.Barcode, found.Item.Status));

        var actor = AuditEntry.Staff(staffId);
        var returnedAt = clock.UtcNow;
        await work.CloseLoanAsync(loan.Id, found.Item.Id, returnedAt, actor, cancellationToken);
        var daysOverdue = Math.Max(0, -loan.DaysLeft(clock.Today));
        await work.AuditAsync(new AuditEntry(actor, "loan.checked_in", $"loan:{loan.Id}", new Dictionary<string, string?>
        {
            ["patron"] = loan.PatronId.ToString(CultureInfo.InvariantCulture),
            ["barcode"] = loan.Barcode,
            ["dueOn"] = IsoDate.Format(loan.DueOn),
            ["daysOverdue"] = daysOverdue.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new CheckinOutcome.CheckedIn(loan with { ReturnedAt = returnedAt }, daysOverdue);
    }
}

/// <summary>What became of a check-in at the desk.</summary>
public abstract record CheckinOutcome
{
    private CheckinOutcome()
    {
    }

    /// <param name="DaysOverdue">How many days late the item came back; 0 when on time.</param>
    public sealed record CheckedIn(Loan Loan, int DaysOverdue) : CheckinOutcome;

    /// <summary>Nothing changed.</summary>
    public sealed record Refused(CheckinRefusal Reason) : CheckinOutcome;
}
