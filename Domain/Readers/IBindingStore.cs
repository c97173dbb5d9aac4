using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>Bindings, each change written with its audit row in one transaction: no change without its record.</summary>
public interface IBindingStore
{
    Task<WeChatBinding?> FindByPatronAsync(long patronId, CancellationToken cancellationToken);

    Task<WeChatBinding?> FindByOpenIdAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Links the card to the openid; the database refuses a second link on either side. Audited when linked.</summary>
    Task<BindOutcome> LinkAsync(long patronId, string openId, BindingRoute via, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the card's binding, or only its binding to <paramref name="openId"/> when one is given; audited when one
    /// was removed.
    /// </summary>
    Task<bool> UnbindAsync(long patronId, string? openId, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Adds every binding in one transaction, or none, auditing each card bound and then the whole import.</summary>
    Task<BindingImportOutcome> ImportAsync(
        IReadOnlyList<(string CardNumber, string OpenId)> bindings, Func<string, AuditEntry> cardBound, Func<BindingImportOutcome, AuditEntry> imported,
        CancellationToken cancellationToken);
}

public enum BindOutcome
{
    Bound,
    AlreadyBoundToThisOpenId,
    CardBoundToAnotherOpenId,
    OpenIdBoundToAnotherCard,
}

/// <summary>What the database found wrong with an import of bindings; empty when it was applied.</summary>
public sealed record BindingImportOutcome(IReadOnlyList<RejectedRow> Rejected, int Applied, int AlreadyPresent);
