using System.Globalization;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// Sends a free copy where <see cref="HoldRouting"/> says, inside the caller's work: the first waiting hold (on the
/// shelf here, with its "ready" notice, or in transit to its pickup branch), or home. The caller holds the title's lock.
/// </summary>
internal static class ItemRouting
{
    public static async Task<ItemRoute> RouteAsync(ICirculationWork work, RoutableItem item, short? here, LibraryClock clock, string actor,
        CancellationToken cancellationToken)
    {
        var next = await work.LockNextWaitingHoldAsync(item.TitleId, clock.Today, cancellationToken);
        var route = HoldRouting.For(here, item.Home, next);
        switch (route)
        {
            case ItemRoute.ToHoldShelf shelf:
                route = shelf with { PickupBy = await ShelveForHoldAsync(work, item, shelf.Hold, clock, actor, cancellationToken) };
                break;
            case ItemRoute.ToTransit transit:
                await work.SendInTransitAsync(item.Id, transit.To.Id, transit.Hold?.HoldId, clock.UtcNow, cancellationToken);
                await work.AuditAsync(new AuditEntry(actor, "item.in_transit", $"item:{item.Barcode}", new Dictionary<string, string?>
                {
                    ["to"] = transit.To.Code,
                    ["hold"] = transit.Hold?.HoldId.ToString(CultureInfo.InvariantCulture),
                }), cancellationToken);
                break;
            case ItemRoute.ToShelf:
                await work.ShelveAsync(item.Id, cancellationToken);
                break;
        }
        return route;
    }

    /// <summary>The copy is on the pickup branch's hold shelf: the hold is ready, and its reader told so once.</summary>
    public static async Task<DateOnly> ShelveForHoldAsync(ICirculationWork work, RoutableItem item, WaitingHold hold, LibraryClock clock, string actor,
        CancellationToken cancellationToken)
    {
        var calendar = await work.CalendarAsync(hold.PickupBranch.Id, cancellationToken);
        var pickupBy = PickupDeadline.For(clock.Today, hold.PickupOpenDays, calendar);
        await work.PutOnHoldShelfAsync(item.Id, hold.HoldId, clock.UtcNow, pickupBy, cancellationToken);
        await work.EnqueueAsync(Notice.ForPatron($"hold-ready:{hold.HoldId}", NoticeKind.HoldReady, hold.PatronId, new Dictionary<string, string>
        {
            ["title"] = item.Title,
            ["barcode"] = item.Barcode,
            ["pickupAt"] = hold.PickupBranch.Name,
            ["pickupBy"] = IsoDate.Format(pickupBy),
        }), cancellationToken);
        await work.AuditAsync(new AuditEntry(actor, "hold.ready", $"hold:{hold.HoldId}", new Dictionary<string, string?>
        {
            ["item"] = item.Barcode,
            ["branch"] = hold.PickupBranch.Code,
            ["pickupBy"] = IsoDate.Format(pickupBy),
        }), cancellationToken);
        return pickupBy;
    }
}
