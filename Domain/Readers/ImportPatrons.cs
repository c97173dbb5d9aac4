using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Staff's bulk upsert of patrons by card number. A patron whose group changes (an undergraduate admitted to
/// graduate study, an admitted student who enrols) keeps card, binding and loans; the change is audited.
/// An import changes only what the file states: a column the file lacks is never changed; an empty college or
/// campus cell clears it; an empty status, language or PIN cell keeps what the patron has.
/// </summary>
public sealed partial class ImportPatrons(IPatronStore patrons, ISecretHasher hasher, IPatronSessions sessions, LibraryClock clock)
{
    public const int MaxRows = 100_000;

    public async Task<ImportReport> HandleAsync(IReadOnlyList<PatronImportRow> rows, long staffId, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        if (rows.Count > MaxRows)
            rejected.Add(new RejectedRow(0, "file", $"at most {MaxRows} rows per file"));
        var valid = rows.Select(row => Validate(row, rejected)).OfType<(PatronImportRow Row, PatronRecord Record)>().ToList();
        foreach (var duplicate in valid.GroupBy(v => v.Record.CardNumber, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            rejected.AddRange(duplicate.Skip(1).Select(v => new RejectedRow(v.Row.Line, "card_number", $"card {duplicate.Key} appears more than once")));
        if (rows.Count == 0)
            rejected.Add(new RejectedRow(0, "file", "the file has no rows"));
        if (rejected.Count > 0)
            return ImportReport.Refused(rows.Count, [.. rejected.OrderBy(r => r.Line)]);

        // PBKDF2 is slow on purpose; spread a large file's PINs over the cores.
        var records = valid.AsParallel().AsOrdered()
            .Select(v => v.Row.Pin is { Length: > 0 } pin && pin.Trim().Length > 0 ? v.Record with { PinHash = hasher.Hash(pin.Trim()) } : v.Record)
            .ToList();
        var actor = AuditEntry.Staff(staffId);
        var summary = await patrons.UpsertAsync(records, actor, done => new AuditEntry(actor, "patron.import", "patrons", new Dictionary<string, string?>
        {
            ["rows"] = Invariant(rows.Count),
            ["created"] = Invariant(done.Created),
            ["updated"] = Invariant(done.Updated),
            ["groupChanges"] = Invariant(done.GroupChanges),
            ["statusChanges"] = Invariant(done.StatusChanges),
        }), cancellationToken);

        // A patron restricted or expired by the file is signed out, as when staff restrict one by hand.
        var today = clock.Today;
        var worse = summary.Changes
            .Where(c => Patron.StandingOf(c.StatusAfter, c.ExpiresAfter, today) > Patron.StandingOf(c.StatusBefore, c.ExpiresBefore, today))
            .Select(c => c.PatronId).ToList();
        if (worse.Count > 0)
            await sessions.EndAllAsync(worse, cancellationToken);
        return new ImportReport(rows.Count, rows.Count, [], true, summary.Created, summary.Updated, summary.GroupChanges);
    }

    private static (PatronImportRow, PatronRecord)? Validate(PatronImportRow row, List<RejectedRow> rejected)
    {
        var before = rejected.Count;
        void Reject(string field, string reason) => rejected.Add(new RejectedRow(row.Line, field, reason));

        var card = row.CardNumber?.Trim() ?? "";
        if (!CardNumberPattern().IsMatch(card))
            Reject("card_number", "required: 4 to 32 letters, digits or hyphens");
        var name = row.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
            Reject("name", "required, at most 100 characters");
        if (!PatronCodes.TryParseGroup(row.Group, out var group))
            Reject("group", $"must be one of {string.Join(", ", PatronCodes.GroupCodes)}");
        if (!DateOnly.TryParseExact(row.ExpiresOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresOn))
            Reject("expires_on", "required, as YYYY-MM-DD");
        // Null: the column is not in the file (kept); empty: the cell is (cleared, for the free-text columns).
        PatronStatus? status = null;
        if (!string.IsNullOrWhiteSpace(row.Status))
        {
            if (PatronCodes.TryParseStatus(row.Status, out var parsedStatus))
                status = parsedStatus;
            else
                Reject("status", "must be active, restricted or expired");
        }
        var reason = string.IsNullOrWhiteSpace(row.RestrictionReason) ? null : row.RestrictionReason.Trim();
        if (status is { } stated && !Patron.ReasonFits(stated, reason))
            Reject("restriction_reason", reason is null ? "required when the status is restricted" : "only for a restricted patron");
        if (string.IsNullOrWhiteSpace(row.Status) && reason is not null)
            Reject("restriction_reason", "only with the status restricted in the same row");
        Language? language = null;
        if (!string.IsNullOrWhiteSpace(row.PreferredLanguage))
        {
            if (PatronCodes.TryParseLanguage(row.PreferredLanguage, out var parsedLanguage))
                language = parsedLanguage;
            else
                Reject("preferred_language", "must be zh or en");
        }
        if (row.Pin is { Length: > 0 } pin && pin.Trim().Length > 0 && !PinPattern().IsMatch(pin.Trim()))
            Reject("pin", "4 to 12 digits");

        return rejected.Count > before
            ? null
            : (row, new PatronRecord(card, name, group, row.College?.Trim(), row.Campus?.Trim(), status, reason, expiresOn, language, null));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9A-Za-z-]{4,32}$")]
    internal static partial Regex CardNumberPattern();

    [GeneratedRegex("^[0-9]{4,12}$")]
    private static partial Regex PinPattern();
}
