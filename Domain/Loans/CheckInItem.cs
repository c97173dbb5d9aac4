using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Holds;

namespace WeChatLib.Domain.Loans;

/// <summary>
/// Staff scan an item at a branch's desk: where the copy physically is. A returned item's
/// loan closes and the item is routed: to the first reader waiting for the title (onto the hold shelf here, or in
/// transit to their pickup branch), or back on the shelf, or home. A copy in transit that arrives where it was sent is
/// routed the same way; "ready" is sent only then. The item's title is locked first, so returns, new holds and
/// cancellations on one title take turns; two scans of one item close its loan once.
/// </summary>
public sealed class CheckInItem(ICirculation circulation, LibraryClock clock)
{
    public async Task<CheckinOutcome> HandleAsync(string barcode, string branchCode, long staffId, CancellationToken cancellationToken)
    {
        barcode = Catalogue.Barcode.Normalize(barcode);
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockItemForCheckinAsync(barcode, cancellationToken) is not { } found)
            return new CheckinOutcome.Refused(new CheckinRefusal.NoSuchItem(barcode));
        if (await work.FindBranchAsync(branchCode.Trim(), cancellationToken) is not { } here)
            return new CheckinOutcome.Refused(new CheckinRefusal.UnknownBranch(branchCode.Trim()));

        var actor = AuditEntry.Staff(staffId);
        if (found.OpenLoan is { } loan)
            return await ReturnAsync(work, found, loan, here, actor, cancellationToken);
        if (found.Item.Status == DeskItem.InTransit && found.Routing.TransitTo is { } destination)
            return await ArriveAsync(work, found, destination, here, actor, cancellationToken);
        return new CheckinOutcome.Refused(new CheckinRefusal.NotOnLoan(found.Item.Barcode, found.Item.Status));
    }

    private async Task<CheckinOutcome> ReturnAsync(ICirculationWork work, CheckinCase found, Loan loan, BranchRef here, string actor,
        CancellationToken cancellationToken)
    {
        var returnedAt = clock.UtcNow;
        await work.CloseLoanAsync(loan.Id, found.Item.Id, returnedAt, actor, cancellationToken);
        var daysOverdue = Math.Max(0, -loan.DaysLeft(clock.Today));
        await work.AuditAsync(new AuditEntry(actor, "loan.checked_in", $"loan:{loan.Id}", new Dictionary<string, string?>
        {
            ["patron"] = loan.PatronId.ToString(CultureInfo.InvariantCulture),
            ["barcode"] = loan.Barcode,
            ["dueOn"] = IsoDate.Format(loan.DueOn),
            ["daysOverdue"] = daysOverdue.ToString(CultureInfo.InvariantCulture),
            ["branch"] = here.Code,
        }), cancellationToken);
        var route = await ItemRouting.RouteAsync(work, found.Routing, here.Id, clock, actor, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new CheckinOutcome.CheckedIn(loan with { ReturnedAt = returnedAt }, daysOverdue, route);
    }

    private async Task<CheckinOutcome> ArriveAsync(ICirculationWork work, CheckinCase found, BranchRef destination, BranchRef here, string actor,
        CancellationToken cancellationToken)
    {
        // Scanned on the way: it changes nothing, and the desk is told where it goes.
        if (destination.Id != here.Id)
            return new CheckinOutcome.StillInTransit(found.Item, destination);
        await work.AuditAsync(new AuditEntry(actor, "item.arrived", $"item:{found.Item.Barcode}",
            new Dictionary<string, string?> { ["branch"] = here.Code }), cancellationToken);
        ItemRoute route;
        if (await work.LockHoldInTransitAsync(found.Item.Id, cancellationToken) is { } hold)
        {
            route = new ItemRoute.ToHoldShelf(hold, await ItemRouting.ShelveForHoldAsync(work, found.Routing, hold, clock, actor, cancellationToken));
        }
        else
        {
            route = await ItemRouting.RouteAsync(work, found.Routing, here.Id, clock, actor, cancellationToken);
        }
        await work.CommitAsync(cancellationToken);
        return new CheckinOutcome.Arrived(found.Item, route);
    }
}

/// <summary>What became of a scan at the check-in desk.</summary>
public abstract record CheckinOutcome
{
    private CheckinOutcome()
    {
    }

    /// <param name="DaysOverdue">How many days late the item came back; 0 when on time.</param>
    /// <param name="Route">Where the item goes now: the hold shelf, in transit, or the open shelves.</param>
    public sealed record CheckedIn(Loan Loan, int DaysOverdue, ItemRoute Route) : CheckinOutcome;

    /// <summary>A copy in transit reached its destination and went where <paramref name="Route"/> says.</summary>
    public sealed record Arrived(DeskItem Item, ItemRoute Route) : CheckinOutcome;

    /// <summary>A copy in transit scanned at another branch: nothing changed; it travels on to <paramref name="To"/>.</summary>
    public sealed record StillInTransit(DeskItem Item, BranchRef To) : CheckinOutcome;

    /// <summary>Nothing changed.</summary>
    public sealed record Refused(CheckinRefusal Reason) : CheckinOutcome;
}
