using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>The reader asking, with their standing on the library's date and their card's expiry.</summary>
public sealed record RenewingReader(long ReaderId, Standing Standing, string? RestrictionReason, DateOnly CardExpiry)
{
    public static RenewingReader Of(Patron patron, DateOnly today) =>
        new(patron.Id, patron.StandingOn(today), patron.RestrictionReason, patron.ExpiresOn);
}
