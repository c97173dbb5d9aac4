namespace WeChatLib.Domain.Readers;

/// <summary>A reader as the library knows them: a library card and what goes with it.</summary>
public sealed record Patron(
    long Id,
    string CardNumber,
    string Name,
    PatronGroup Group,
    string College,
    string Campus,
    PatronStatus Status,
    string? RestrictionReason,
    DateOnly ExpiresOn,
    Language PreferredLanguage,
    string? PinHash)
{
    /// <summary>A card past its expiry date is expired whatever its recorded status says.</summary>
    public Standing StandingOn(DateOnly today) => StandingOf(Status, ExpiresOn, today);

    public static Standing StandingOf(PatronStatus status, DateOnly expiresOn, DateOnly today) =>
        status == PatronStatus.Expired || expiresOn < today ? Standing.Expired
        : status == PatronStatus.Restricted ? Standing.Restricted
        : Standing.Good;

    /// <summary>The library's rule, also the database's: a restricted patron has a reason, shown to them; no one else has one.</summary>
    public static bool ReasonFits(PatronStatus status, string? restrictionReason) =>
        (status == PatronStatus.Restricted) == (restrictionReason is not null);

    /// <summary>The card number as shown to someone who may not be its holder: only the last four characters.</summary>
    public string MaskedCardNumber => MaskCard(CardNumber);

    public static string MaskCard(string cardNumber) =>
        cardNumber.Length <= 4 ? "****" : new string('*', cardNumber.Length - 4) + cardNumber[^4..];
}
