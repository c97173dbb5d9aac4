using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Staff;

/// <summary>
/// Staff sign-in attempts per username (known or not, so that a lockout says nothing about who exists), counted across
/// every instance, with the same atomic reservation as PIN attempts.
/// </summary>
public interface IStaffSignInAttempts
{
    Task<AttemptReservation> ReserveAsync(string username, CancellationToken cancellationToken);

    Task RefundAsync(string username, CancellationToken cancellationToken);
}
