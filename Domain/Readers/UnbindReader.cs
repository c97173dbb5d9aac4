using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>Removes a card's WeChat binding, by its holder or by staff; unbinding an unbound card changes nothing.</summary>
public sealed class UnbindReader(IBindingStore bindings, IAuditLog audit)
{
    public async Task<bool> HandleAsync(Patron patron, string actor, CancellationToken cancellationToken)
    {
        var removed = await bindings.UnbindAsync(patron.Id, cancellationToken);
        if (removed)
            await audit.RecordAsync(new AuditEntry(actor, "binding.remove", patron.CardNumber), cancellationToken);
        return removed;
    }
}
