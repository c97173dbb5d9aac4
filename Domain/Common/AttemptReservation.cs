namespace WeChatLib.Domain.Common;

/// <summary>
/// A guess (a PIN, a password) reserved against its limit before it is checked, so that parallel guesses cannot all
/// pass a check made before any of them is counted.
/// </summary>
public abstract record AttemptReservation
{
    private AttemptReservation()
    {
    }

    /// <summary>The attempt may be checked; if it fails, <paramref name="AttemptsLeft"/> remain (0: this one locks).</summary>
    /// <param name="LockedFor">How long the lockout lasts if this attempt fails and locks.</param>
    public sealed record Reserved(int AttemptsLeft, TimeSpan LockedFor) : AttemptReservation;

    /// <summary>At the limit: the attempt is not checked at all.</summary>
    public sealed record Refused(TimeSpan RetryAfter) : AttemptReservation;
}
