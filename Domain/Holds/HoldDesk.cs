using WeChatLib.Domain.Loans;

namespace WeChatLib.Domain.Holds;

/// <summary>What staff see of holds: a title's queue, a branch's hold shelf (what to clear today), copies in transit.</summary>
public sealed class HoldDesk(ICirculation circulation)
{
    public Task<HoldQueueOfTitle?> QueueAsync(long titleId, CancellationToken cancellationToken) => circulation.HoldQueueAsync(titleId, cancellationToken);

    public Task<IReadOnlyList<StaffHold>?> ShelfAsync(string branchCode, CancellationToken cancellationToken) =>
        circulation.HoldShelfAsync(branchCode.Trim().ToLowerInvariant(), cancellationToken);

    public Task<IReadOnlyList<TransitItem>> TransitsAsync(string? branchCode, CancellationToken cancellationToken) =>
        circulation.TransitsAsync(string.IsNullOrWhiteSpace(branchCode) ? null : branchCode.Trim().ToLowerInvariant(), cancellationToken);
}
