using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Removes a card's WeChat binding, by its holder or by staff, and ends every session signed in through it;
/// unbinding an unbound card changes nothing.
/// </summary>
public sealed class UnbindReader(IBindingStore bindings, IPatronSessions sessions)
{
    /// <summary>By staff: whatever WeChat account the card is bound to.</summary>
    public Task<bool> HandleAsync(Patron patron, string actor, CancellationToken cancellationToken) =>
        HandleAsync(patron, actor, null, cancellationToken);

    /// <summary>
    /// By the reader: only the binding to <paramref name="boundTo"/>, the WeChat account they act from (the chat's
    /// sender, or the one their session signed in through). False when the card is not bound to it: a stale session
    /// whose end was missed must not remove the binding made since on another phone, nor end its sessions.
    /// </summary>
    public async Task<bool> HandleAsync(Patron patron, string actor, string? boundTo, CancellationToken cancellationToken)
    {
        var removed = await bindings.UnbindAsync(patron.Id, boundTo, new AuditEntry(actor, "binding.remove", patron.CardNumber), cancellationToken);
        // Also when nothing was removed by staff: a repeated unbind still ends a session that a racing sign-in started.
        if (removed || boundTo is null)
            await sessions.EndAllAsync([patron.Id], cancellationToken);
        return removed;
    }
}
