using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// The one place every reader action passes through: the patron is read afresh, so a token or session issued
/// before a restriction or an expiry cannot act.
/// </summary>
public sealed class ReaderGate(IPatronStore patrons, LibraryClock clock)
{
    public async Task<ReaderAccess> CheckAsync(long patronId, CancellationToken cancellationToken)
    {
        var patron = await patrons.FindAsync(patronId, cancellationToken);
        return patron is null ? new ReaderAccess.Unknown() : Judge(patron, clock.Today);
    }

    /// <summary>The gate's rule, for a use case that has just read the patron itself.</summary>
    public static ReaderAccess Judge(Patron patron, DateOnly today) =>
        patron.StandingOn(today) switch
        {
            Standing.Good => new ReaderAccess.Allowed(patron),
            Standing.Restricted => new ReaderAccess.Restricted(patron, patron.RestrictionReason ?? ""),
            _ => new ReaderAccess.Expired(patron),
        };
}

public abstract record ReaderAccess
{
    private ReaderAccess()
    {
    }

    public sealed record Allowed(Patron Patron) : ReaderAccess;

    public sealed record Restricted(Patron Patron, string Reason) : ReaderAccess;

    public sealed record Expired(Patron Patron) : ReaderAccess;

    /// <summary>No such patron any more (the token outlived the record).</summary>
    public sealed record Unknown : ReaderAccess;
}
