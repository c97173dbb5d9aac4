namespace WeChatLib.Domain.Readers;

/// <summary>What became of a request to bind a WeChat account to a library card.</summary>
public abstract record BindResult
{
    private BindResult()
    {
    }

    /// <summary>Bound now, or already bound to exactly this card (a double submit).</summary>
    public sealed record Bound(Patron Patron) : BindResult;

    /// <summary>Unknown card, card without a PIN, or wrong PIN: deliberately not told apart.</summary>
    public sealed record WrongCredentials(int AttemptsLeft) : BindResult;

    public sealed record LockedOut(TimeSpan RetryAfter) : BindResult;

    public sealed record CardExpired : BindResult;

    /// <summary>The card is bound to another WeChat account; its holder must unbind it first.</summary>
    public sealed record CardBoundElsewhere : BindResult;

    /// <summary>This WeChat account is bound to another card, shown masked.</summary>
    public sealed record OpenIdBoundElsewhere(string MaskedCardNumber) : BindResult;

    public sealed record CampusLoginFailed(string Reason) : BindResult;

    /// <summary>The campus login names a person the library has no card for.</summary>
    public sealed record NoCardForCampusUser : BindResult;
}
