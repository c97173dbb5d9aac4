using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Staff;

/// <summary>
/// Checks a staff member's username and password within the attempt limit. Failures are told apart for nobody: an
/// unknown username, a wrong password and an inactive account answer alike, and lock alike.
/// </summary>
public sealed class SignInStaff(IStaffStore staff, ISecretHasher hasher, IStaffSignInAttempts attempts, IAuditLog audit)
{
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash("decoy-password-never-matches"));

    public async Task<StaffSignInResult> HandleAsync(string username, string password, CancellationToken cancellationToken)
    {
        username = username.Trim();
        // Counted before the password is checked, so that parallel guesses cannot pass the limit.
        var reservation = await attempts.ReserveAsync(username, cancellationToken);
        if (reservation is AttemptReservation.Refused refused)
            return new StaffSignInResult.LockedOut(refused.RetryAfter);
        var reserved = (AttemptReservation.Reserved)reservation;

        var account = await staff.FindByUsernameAsync(username, cancellationToken);
        var matches = await hasher.VerifyAsync(account?.PasswordHash ?? _decoyHash.Value, password, cancellationToken);
        if (account is { Active: true } && matches)
        {
            await attempts.RefundAsync(username, cancellationToken);
            return new StaffSignInResult.SignedIn(account);
        }
        if (reserved.AttemptsLeft > 0)
            return new StaffSignInResult.Refused();
        // Only the attempt that reached the limit gets here, so a lockout is audited once.
        await audit.RecordAsync(new AuditEntry(AuditEntry.System, "staff.sign-in-lockout", account is null ? username.ToLowerInvariant() : $"staff:{account.Id}"),
            cancellationToken);
        return new StaffSignInResult.LockedOut(reserved.LockedFor);
    }
}

public abstract record StaffSignInResult
{
    private StaffSignInResult()
    {
    }

    public sealed record SignedIn(StaffAccount Account) : StaffSignInResult;

    /// <summary>Unknown username, wrong password or inactive account.</summary>
    public sealed record Refused : StaffSignInResult;

    public sealed record LockedOut(TimeSpan RetryAfter) : StaffSignInResult;
}
