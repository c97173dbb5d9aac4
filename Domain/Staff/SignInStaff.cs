using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Staff;

/// <summary>Checks a staff member's username and password; null for any failure, told apart for nobody.</summary>
public sealed class SignInStaff(IStaffStore staff, ISecretHasher hasher)
{
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash("decoy-password-never-matches"));

    public async Task<StaffAccount?> HandleAsync(string username, string password, CancellationToken cancellationToken)
    {
        var account = await staff.FindByUsernameAsync(username.Trim(), cancellationToken);
        var matches = hasher.Verify(account?.PasswordHash ?? _decoyHash.Value, password);
        return account is { Active: true } && matches ? account : null;
    }
}
