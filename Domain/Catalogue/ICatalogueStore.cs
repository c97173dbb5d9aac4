using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Catalogue;

/// <summary>The catalogue's titles and items, each import written with its audit row in one transaction.</summary>
public interface ICatalogueStore
{
    /// <summary>Inserts or updates titles by ISBN in one transaction, changing only what each record states.</summary>
    Task<CatalogueImportSummary> UpsertTitlesAsync(
        IReadOnlyList<TitleRecord> titles, Func<CatalogueImportSummary, AuditEntry> imported, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates items by barcode in one transaction, with the items named locked. A row whose title, branch or
    /// item type the catalogue lacks, or whose status <paramref name="statusRefusal"/> refuses for the item as it stands
    /// (given whether it has an open loan, and its status now if it exists), is rejected, and then nothing changes.
    /// </summary>
    Task<ItemImportOutcome> UpsertItemsAsync(
        IReadOnlyList<ItemRecord> items, Func<ItemRecord, bool, ItemStatus?, string?> statusRefusal, Func<CatalogueImportSummary, AuditEntry> imported,
        CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> titles: the one with the query's ISBN, and those whose title, author or subjects
    /// contain every term, ranked, each with its copies counted per branch.
    /// </summary>
    Task<IReadOnlyList<TitleHit>> SearchTitlesAsync(CatalogueQuery query, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// A title as an import file describes it, its ISBN as 13 digits. A null optional value was not in the file: an existing
/// title keeps what it has and a new one gets the default. The year changes only when <see cref="YearStated"/>.
/// </summary>
public sealed record TitleRecord(
    string Isbn,
    string Title,
    string? Author,
    string? Publisher,
    bool YearStated,
    int? Year,
    string? ClcClass,
    IReadOnlyList<string>? Subjects,
    string? Language);

/// <summary>
/// An item as an import file describes it; a null optional value was not in the file (or, for the status and the
/// accession date, left empty). A new item without an accession date was accessioned on <paramref name="ImportedOn"/>.
/// </summary>
public sealed record ItemRecord(
    int Line,
    string Barcode,
    string Isbn,
    string BranchCode,
    string ItemType,
    string? Location,
    string? CallNumber,
    ItemStatus? Status,
    DateOnly? AccessionedOn = null,
    DateOnly? ImportedOn = null);

public sealed record CatalogueImportSummary(int Created, int Updated);

/// <summary>Either the rows the catalogue refused (nothing changed), or what the import did.</summary>
public sealed record ItemImportOutcome(IReadOnlyList<RejectedRow> Rejected, CatalogueImportSummary? Summary);
