using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Branches;

/// <summary>One branch by its code; null when no branch has that code.</summary>
public sealed class GetBranch(IBranchStore branches, LibraryClock clock)
{
    public async Task<BranchStatus?> HandleAsync(string code, CancellationToken cancellationToken)
    {
        var branch = await branches.FindAsync(code, cancellationToken);
        return branch is null ? null : new BranchStatus(branch, branch.IsOpenAt(clock.LocalNow));
    }
}
