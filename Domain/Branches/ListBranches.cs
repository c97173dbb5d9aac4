using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Branches;

/// <summary>Every branch with its hours and whether it is open at this moment.</summary>
public sealed class ListBranches(IBranchStore branches, LibraryClock clock)
{
    public async Task<IReadOnlyList<BranchStatus>> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.LocalNow;
        var all = await branches.ListAsync(cancellationToken);
        return [.. all.Select(b => new BranchStatus(b, b.IsOpenAt(now)))];
    }
}
