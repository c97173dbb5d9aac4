namespace WeChatLib.Domain.Readers;

/// <summary>
/// Failed card + PIN attempts, counted per card and per openid across every instance of the service, so that
/// guessing PINs stops after a few tries whichever card or WeChat account is used.
/// </summary>
public interface IPinAttempts
{
    /// <summary>How long the card or the openid stays locked; null when neither is.</summary>
    Task<TimeSpan?> LockedForAsync(string cardNumber, string openId, CancellationToken cancellationToken);

    /// <summary>Counts a failure; returns the attempts left before the lockout (0: this one locked it).</summary>
    Task<int> RecordFailureAsync(string cardNumber, string openId, CancellationToken cancellationToken);

    Task ClearAsync(string cardNumber, string openId, CancellationToken cancellationToken);
}
