using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>Patrons, each change written with its audit rows in one transaction: no change without its record.</summary>
public interface IPatronStore
{
    Task<Patron?> FindAsync(long patronId, CancellationToken cancellationToken);

    Task<Patron?> FindByCardAsync(string cardNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates by card number in one transaction, changing only what each record states, auditing every
    /// change of group or status as <paramref name="actor"/>, then the import itself when <paramref name="imported"/> says how.
    /// </summary>
    Task<PatronImportSummary> UpsertAsync(
        IReadOnlyList<PatronRecord> patrons, string actor, Func<PatronImportSummary, AuditEntry>? imported, CancellationToken cancellationToken);

    /// <summary>The patron's id, or null when no patron has the card.</summary>
    Task<long?> SetStatusAsync(string cardNumber, PatronStatus status, string? reason, AuditEntry audit, CancellationToken cancellationToken);

    Task SetLanguageAsync(long patronId, Language language, CancellationToken cancellationToken);

    /// <summary>The patrons whose card expired on a day from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    Task<IReadOnlyList<long>> ExpiredBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>
/// A patron as an import file describes it. A null optional value was not in the file: an existing patron keeps what
/// it has and a new one gets the default. The restriction reason goes with the status; a null PIN hash keeps the PIN.
/// </summary>
public sealed record PatronRecord(
    string CardNumber,
    string Name,
    PatronGroup Group,
    string? College,
    string? Campus,
    PatronStatus? Status,
    string? RestrictionReason,
    DateOnly ExpiresOn,
    Language? PreferredLanguage,
    string? PinHash);

/// <param name="Changes">Every existing patron the import updated, with the status and expiry before and after.</param>
public sealed record PatronImportSummary(int Created, int Updated, int GroupChanges, int StatusChanges, IReadOnlyList<PatronChange> Changes);

public sealed record PatronChange(long PatronId, PatronStatus StatusBefore, DateOnly ExpiresBefore, PatronStatus StatusAfter, DateOnly ExpiresAfter);
