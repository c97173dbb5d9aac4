using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Holds;

/// <summary>
/// The scheduled expiries: a copy not collected by its pickup day leaves the shelf for the next reader, and a hold
/// still waiting after the date its reader set ends. Each hold expires in its own transaction with its notice, and is
/// checked again under its lock, so a run repeated, late or on two instances expires it once.
/// </summary>
public sealed class ExpireHolds(ICirculation circulation, LibraryClock clock)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        foreach (var holdId in await circulation.HoldsToExpireAsync(clock.Today, cancellationToken))
        {
            if (await ExpireAsync(holdId, cancellationToken))
                expired++;
        }
        return expired;
    }

    private async Task<bool> ExpireAsync(long holdId, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        await using var work = await circulation.BeginAsync(cancellationToken);
        if (await work.LockHoldAsync(holdId, cancellationToken) is not { } found)
            return false;
        var hold = found.Hold;
        var reason = hold switch
        {
            { Status: HoldStatus.Ready, PickupBy: { } last } when last < today => HoldEndReason.PickupExpired,
            { Status: HoldStatus.Waiting, NotNeededAfter: { } last } when last < today => HoldEndReason.NotNeeded,
            _ => null,
        };
        if (reason is null)
            return false;

        await work.EndHoldAsync(hold.Id, HoldStatus.Expired, reason, AuditEntry.System, clock.UtcNow, cancellationToken);
        await work.EnqueueAsync(Notice.ForPatron($"hold-expired:{hold.Id}", NoticeKind.HoldExpired, hold.PatronId, new Dictionary<string, string>
        {
            ["title"] = hold.Title,
            ["reason"] = reason,
            ["reasonText"] = reason == HoldEndReason.PickupExpired ? "未在取书期限内取书" : "预约已过您设定的日期",
            ["pickupAt"] = hold.PickupBranch.Name,
        }), cancellationToken);
        await work.AuditAsync(new AuditEntry(AuditEntry.System, "hold.expired", $"hold:{hold.Id}", new Dictionary<string, string?>
        {
            ["reason"] = reason,
            ["item"] = found.Item?.Barcode,
        }), cancellationToken);
        if (found.Item is { } item && reason == HoldEndReason.PickupExpired)
            await ItemRouting.RouteAsync(work, item, hold.PickupBranch.Id, clock, AuditEntry.System, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return true;
    }
}
