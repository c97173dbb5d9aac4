namespace WeChatLib.Domain.Readers;

public interface IBindingStore
{
    Task<WeChatBinding?> FindByPatronAsync(long patronId, CancellationToken cancellationToken);

    Task<WeChatBinding?> FindByOpenIdAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Links the card to the openid; the database refuses a second link on either side.</summary>
    Task<BindOutcome> LinkAsync(long patronId, string openId, BindingRoute via, CancellationToken cancellationToken);

    Task<bool> UnbindAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>Adds every binding in one transaction, or none.</summary>
    Task<BindingImportOutcome> ImportAsync(IReadOnlyList<(string CardNumber, string OpenId)> bindings, CancellationToken cancellationToken);
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
