using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Staff;

/// <summary>Staff accounts, each change written with its audit row in one transaction.</summary>
public interface IStaffStore
{
    Task<StaffAccount?> FindAsync(long id, CancellationToken cancellationToken);

    Task<StaffAccount?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Null when the username is taken (usernames are unique regardless of case).</summary>
    Task<StaffAccount?> CreateAsync(
        string username, string displayName, string passwordHash, IReadOnlyList<StaffRole> roles, Func<StaffAccount, AuditEntry> audit,
        CancellationToken cancellationToken);

    Task<bool> UpdateAsync(long id, IReadOnlyList<StaffRole> roles, bool active, AuditEntry audit, CancellationToken cancellationToken);

    Task<bool> AnyActiveAdminAsync(CancellationToken cancellationToken);
}
