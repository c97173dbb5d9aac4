namespace WeChatLib.Domain.Branches;

public interface IBranchStore
{
    Task<IReadOnlyList<Branch>> ListAsync(CancellationToken cancellationToken);

    Task<Branch?> FindAsync(string code, CancellationToken cancellationToken);
}
