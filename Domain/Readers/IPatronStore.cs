namespace WeChatLib.Domain.Readers;

public interface IPatronStore
{
    Task<Patron?> FindAsync(long patronId, CancellationToken cancellationToken);

    Task<Patron?> FindByCardAsync(string cardNumber, CancellationToken cancellationToken);

    /// <summary>Inserts or updates by card number in one transaction, auditing every change of group.</summary>
    Task<PatronImportSummary> UpsertAsync(IReadOnlyList<PatronRecord> patrons, string actor, CancellationToken cancellationToken);

    Task<bool> SetStatusAsync(string cardNumber, PatronStatus status, string? reason, CancellationToken cancellationToken);

    Task SetLanguageAsync(long patronId, Language language, CancellationToken cancellationToken);
}

/// <summary>A patron as an import file describes it. A null <see cref="PinHash"/> keeps the current PIN.</summary>
public sealed record PatronRecord(
    string CardNumber,
    string Name,
    PatronGroup Group,
    string College,
    string Campus,
    PatronStatus Status,
    string? RestrictionReason,
    DateOnly ExpiresOn,
    Language PreferredLanguage,
    string? PinHash);

public sealed record PatronImportSummary(int Created, int Updated, int GroupChanges);
