using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// A reader cancels their own hold, or staff cancel any, at any point. A copy that was on its way or on the shelf for
/// it moves on at once to the next reader in the queue (or home). Cancelling twice changes nothing the second time.
/// </summary>
public sealed class CancelHold(ICirculation circulation, LibraryClock clock)
{
    /// <summary>The reader's own hold; someone else's is answered as if it did not exist.</summary>
    public async Task<HoldCancellation> ByReaderAsync(ReaderRef reader, long holdId, CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.FindReaderAsync(reader, cancellationToken) is not { } patron)
            return new HoldCancellation.NotFound();
        return await CancelAsync(work, holdId, patron.Id, AuditEntry.Patron(patron.Id), HoldEndReason.CancelledByReader, cancellationToken);
    }

    public async Task<HoldCancellation> ByStaffAsync(long holdId, long staffId, CancellationToken cancellationToken)
    {
        await using var work = await circulation.BeginAsync(cancellationToken);
        return await CancelAsync(work, holdId, null, AuditEntry.Staff(staffId), HoldEndReason.CancelledByStaff, cancellationToken);
    }

    private async Task<HoldCancellation> CancelAsync(ICirculationWork work, long holdId, long? owner, string actor, string reason,
        CancellationToken cancellationToken)
    {
        if (await work.LockHoldAsync(holdId, cancellationToken) is not { } found || (owner is { } id && found.Hold.PatronId != id))
            return new HoldCancellation.NotFound();
        var hold = found.Hold;
        if (!hold.Active)
            return new HoldCancellation.AlreadyEnded(hold);

        await work.EndHoldAsync(hold.Id, HoldStatus.Cancelled, reason, actor, clock.UtcNow, cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, "hold.cancelled", $"hold:{hold.Id}", new Dictionary<string, string?>
        {
            ["status"] = hold.Status,
            ["item"] = found.Item?.Barcode,
        }), cancellationToken);
        ItemRoute? route = null;
        if (found.Item is { } item)
        {
            // On the shelf it is at the pickup branch; in transit it is between branches and goes on travelling.
            var here = hold.Status == HoldStatus.Ready ? hold.PickupBranch.Id : (short?)null;
            route = await ItemRouting.RouteAsync(work, item, here, clock, actor, cancellationToken);
        }
        await work.CommitAsync(cancellationToken);
        return new HoldCancellation.Cancelled(hold with { Status = HoldStatus.Cancelled, EndReason = reason, EndedAt = clock.UtcNow }, route);
    }
}

public abstract record HoldCancellation
{
    private HoldCancellation()
    {
    }

    /// <param name="ItemRoute">Where the hold's copy went next; null when it had none.</param>
    public sealed record Cancelled(Hold Hold, ItemRoute? ItemRoute) : HoldCancellation;

    /// <summary>Cancelled, fulfilled or expired before: nothing changed.</summary>
    public sealed record AlreadyEnded(Hold Hold) : HoldCancellation;

    public sealed record NotFound : HoldCancellation;
}
