using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Card + PIN attempts, counted per card and per openid across every instance of the service, so that guessing PINs
/// stops after a few tries whichever card or WeChat account is used, however many requests run at once.
/// </summary>
public interface IPinAttempts
{
    /// <summary>Counts the attempt before the PIN is checked, or refuses it when the card or the openid is at the limit.</summary>
    Task<AttemptReservation> ReserveAsync(string cardNumber, string openId, CancellationToken cancellationToken);

    /// <summary>Gives a reserved attempt back: the PIN was right.</summary>
    Task RefundAsync(string cardNumber, string openId, CancellationToken cancellationToken);
}
