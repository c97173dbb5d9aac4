using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>The last step every binding route shares: the card's standing, the database's one-to-one rule, the audit.</summary>
public sealed class BindingCompletion(IBindingStore bindings, IPatronStore patrons, IPatronSessions sessions, LibraryClock clock)
{
    public async Task<BindResult> CompleteAsync(Patron patron, string openId, BindingRoute via, CancellationToken cancellationToken)
    {
        if (patron.StandingOn(clock.Today) == Standing.Expired)
            return new BindResult.CardExpired();

        var audit = new AuditEntry(AuditEntry.Patron(patron.Id), "binding.create", patron.CardNumber,
            new Dictionary<string, string?> { ["via"] = via.ToString().ToLowerInvariant() });
        switch (await bindings.LinkAsync(patron.Id, openId, via, audit, cancellationToken))
        {
            case BindOutcome.Bound:
                // A new binding is a new start: no session of the card's earlier bindings survives it.
                await sessions.EndAllAsync([patron.Id], cancellationToken);
                return new BindResult.Bound(patron);
            case BindOutcome.AlreadyBoundToThisOpenId:
                return new BindResult.Bound(patron);
            case BindOutcome.CardBoundToAnotherOpenId:
                return new BindResult.CardBoundElsewhere();
            default:
                var current = await bindings.FindByOpenIdAsync(openId, cancellationToken);
                var other = current is null ? null : await patrons.FindAsync(current.PatronId, cancellationToken);
                return new BindResult.OpenIdBoundElsewhere(other?.MaskedCardNumber ?? "****");
        }
    }
}
