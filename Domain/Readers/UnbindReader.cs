using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Removes a card's WeChat binding, by its holder or by staff, and ends every session signed in through it;
/// unbinding an unbound card changes nothing.
/// </summary>
public sealed class UnbindReader(IBindingStore bindings, IPatronSessions sessions)
{
    public async Task<bool> HandleAsync(Patron patron, string actor, CancellationToken cancellationToken)
    {
        var removed = await bindings.UnbindAsync(patron.Id, new AuditEntry(actor, "binding.remove", patron.CardNumber), cancellationToken);
        // Also when nothing was removed: a repeated unbind still ends a session that a racing sign-in started.
        await sessions.EndAllAsync([patron.Id], cancellationToken);
        return removed;
    }
}
