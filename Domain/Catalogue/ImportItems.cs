using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// Staff's bulk upsert of items by barcode, each attached to a title already in the catalogue (by ISBN): all of the
/// file or none of it, with a row-by-row report. A column the file lacks is never changed; an empty location or call
/// number cell clears it; an empty status cell keeps the item's status (a new item is available); an empty accession date
/// keeps the item's (a new item was accessioned on the library's today): items are new arrivals from that date.
/// </summary>
public sealed partial class ImportItems(ICatalogueStore catalogue, LibraryClock clock)
{
    public const int MaxRows = 100_000;

    public async Task<ImportReport> HandleAsync(IReadOnlyList<ItemImportRow> rows, long staffId, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        if (rows.Count == 0)
            rejected.Add(new RejectedRow(0, "file", "the file has no rows"));
        if (rows.Count > MaxRows)
            rejected.Add(new RejectedRow(0, "file", $"at most {MaxRows} rows per file"));
        var today = clock.Today;
        var valid = rows.Select(row => Validate(row, today, rejected)).OfType<ItemRecord>().ToList();
        foreach (var duplicate in valid.GroupBy(v => v.Barcode, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            rejected.AddRange(duplicate.Skip(1).Select(v => new RejectedRow(v.Line, "barcode", $"barcode {duplicate.Key} appears more than once in the file")));
        if (rejected.Count > 0)
            return ImportReport.Refused(rows.Count, [.. rejected.OrderBy(r => r.Line)]);

        var actor = AuditEntry.Staff(staffId);
        var outcome = await catalogue.UpsertItemsAsync(valid, (item, onLoan, current) => StatusRefusal(item.Status, onLoan, current),
            done => new AuditEntry(actor, "item.import", "items", new Dictionary<string, string?>
            {
                ["rows"] = Invariant(rows.Count),
                ["created"] = Invariant(done.Created),
                ["updated"] = Invariant(done.Updated),
            }), cancellationToken);
        if (outcome.Summary is not { } summary)
            return ImportReport.Refused(rows.Count, [.. outcome.Rejected.OrderBy(r => r.Line)]);
        return new ImportReport(rows.Count, rows.Count, [], true, summary.Created, summary.Updated, 0);
    }

    /// <summary>
    /// Why an import may not give an item this status, or null when it may. An item with an open loan, in transit or on
    /// the hold shelf is circulation's: a check-in or a hold's end moves it on, and a reader may be waiting for it. Only
    /// a checkout puts an item on loan, and only routing puts one in transit or on the hold shelf.
    /// </summary>
    /// <param name="current">The item's status now; null for a new item.</param>
    public static string? StatusRefusal(ItemStatus? stated, bool hasOpenLoan, ItemStatus? current = null)
    {
        if (stated is not { } status || status == current)
            return null;
        if (hasOpenLoan)
            return status == ItemStatus.OnLoan ? null : $"the item is on loan: it can become {status.Code()} only once it is checked in";
        if (current is ItemStatus.InTransit or ItemStatus.OnHoldShelf)
            return $"the item is {current.Value.Code()} for circulation: check it in, or cancel the hold it waits for, before it can become {status.Code()}";
        return status switch
        {
            ItemStatus.OnLoan => "only a checkout puts an item on loan",
            ItemStatus.InTransit or ItemStatus.OnHoldShelf => $"only check-in and holds put an item {status.Code()}",
            _ => null,
        };
    }

    private static ItemRecord? Validate(ItemImportRow row, DateOnly today, List<RejectedRow> rejected)
    {
        var before = rejected.Count;
        void Reject(string field, string reason) => rejected.Add(new RejectedRow(row.Line, field, reason));

        var barcode = Barcode.Normalize(row.Barcode);
        if (!BarcodePattern().IsMatch(barcode))
            Reject("barcode", "required: 4 to 32 letters, digits or hyphens");
        var isbn = Isbn.Normalize(row.Isbn);
        if (isbn is null)
            Reject("isbn", "required: the ISBN-10 or ISBN-13 of a title in the catalogue, with a valid check digit");
        var branch = row.Branch?.Trim().ToLowerInvariant() ?? "";
        if (!BranchPattern().IsMatch(branch))
            Reject("branch", "required: a branch code such as main");
        var itemType = row.ItemType?.Trim().ToLowerInvariant() ?? "";
        if (!ItemTypePattern().IsMatch(itemType))
            Reject("item_type", "required: an item type code such as book");
        var location = row.Location?.Trim();
        if (location?.Length > 100)
            Reject("location", "at most 100 characters");
        var callNumber = row.CallNumber?.Trim();
        if (callNumber?.Length > 100)
            Reject("call_number", "at most 100 characters");
        ItemStatus? status = null;
        if (!string.IsNullOrWhiteSpace(row.Status))
        {
            if (CatalogueCodes.TryParseStatus(row.Status, out var parsed))
                status = parsed;
            else
                Reject("status", $"must be one of {string.Join(", ", CatalogueCodes.StatusCodes)}");
        }

        DateOnly? accessionedOn = null;
        if (!string.IsNullOrWhiteSpace(row.AccessionedOn))
        {
            if (IsoDate.TryParse(row.AccessionedOn.Trim(), out var date) && date <= today)
                accessionedOn = date;
            else
                Reject("accessioned_on", "a date (YYYY-MM-DD) no later than today");
        }

        return rejected.Count > before ? null : new ItemRecord(row.Line, barcode, isbn!, branch, itemType, location, callNumber, status, accessionedOn, today);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9A-Za-z-]{4,32}$")]
    private static partial Regex BarcodePattern();

    [GeneratedRegex("^[a-z0-9-]{2,32}$")]
    private static partial Regex BranchPattern();

    [GeneratedRegex("^[a-z0-9_-]{2,32}$")]
    private static partial Regex ItemTypePattern();
}
