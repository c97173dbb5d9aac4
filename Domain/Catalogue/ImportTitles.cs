using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// Staff's bulk upsert of titles by ISBN, as the library's ILS exports them: all of the file or none of it, with a
/// row-by-row report. A column the file lacks is never changed; an empty author, publisher, year, CLC class or subjects
/// cell clears it; an empty language cell keeps the title's language.
/// </summary>
public sealed partial class ImportTitles(ICatalogueStore catalogue, LibraryClock clock)
{
    public const int MaxRows = 100_000;
    public const int FirstYear = 1000;
    public const int MaxSubjects = 50;

    public async Task<ImportReport> HandleAsync(IReadOnlyList<TitleImportRow> rows, long staffId, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        if (rows.Count == 0)
            rejected.Add(new RejectedRow(0, "file", "the file has no rows"));
        if (rows.Count > MaxRows)
            rejected.Add(new RejectedRow(0, "file", $"at most {MaxRows} rows per file"));
        var lastYear = clock.Today.Year + 1;
        var valid = rows.Select(row => Validate(row, lastYear, rejected)).OfType<(TitleImportRow Row, TitleRecord Record)>().ToList();
        foreach (var duplicate in valid.GroupBy(v => v.Record.Isbn, StringComparer.Ordinal).Where(g => g.Count() > 1))
            rejected.AddRange(duplicate.Skip(1).Select(v => new RejectedRow(v.Row.Line, "isbn", $"ISBN {duplicate.Key} appears more than once in the file")));
        if (rejected.Count > 0)
            return ImportReport.Refused(rows.Count, [.. rejected.OrderBy(r => r.Line)]);

        var actor = AuditEntry.Staff(staffId);
        var summary = await catalogue.UpsertTitlesAsync([.. valid.Select(v => v.Record)], done => new AuditEntry(actor, "title.import", "titles",
            new Dictionary<string, string?>
            {
                ["rows"] = Invariant(rows.Count),
                ["created"] = Invariant(done.Created),
                ["updated"] = Invariant(done.Updated),
            }), cancellationToken);
        return new ImportReport(rows.Count, rows.Count, [], true, summary.Created, summary.Updated, 0);
    }

    private static (TitleImportRow, TitleRecord)? Validate(TitleImportRow row, int lastYear, List<RejectedRow> rejected)
    {
        var before = rejected.Count;
        void Reject(string field, string reason) => rejected.Add(new RejectedRow(row.Line, field, reason));

        var isbn = Isbn.Normalize(row.Isbn);
        if (isbn is null)
            Reject("isbn", "required: an ISBN-10 or ISBN-13 with a valid check digit (hyphens allowed)");
        var title = row.Title?.Trim() ?? "";
        if (title.Length is 0 or > 500)
            Reject("title", "required, at most 500 characters");
        var author = Text(row.Author, "author", 300, Reject);
        var publisher = Text(row.Publisher, "publisher", 200, Reject);

        int? year = null;
        if (!string.IsNullOrWhiteSpace(row.Year))
        {
            if (int.TryParse(row.Year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= FirstYear && parsed <= lastYear)
                year = parsed;
            else
                Reject("year", $"a year from {FirstYear} to {lastYear}");
        }

        string? clcClass = null;
        if (row.ClcClass is not null)
        {
            clcClass = row.ClcClass.Trim().Length == 0 ? "" : ClcClass.Normalize(row.ClcClass);
            if (clcClass is null)
                Reject("clc_class", "a Chinese Library Classification number, such as I247.5 or TP311.13");
        }

        List<string>? subjects = null;
        if (row.Subjects is not null)
        {
            if (row.Subjects.Any(s => s is null))
                Reject("subjects", "each subject must be text");
            subjects = [.. row.Subjects.OfType<string>().Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
            if (subjects.Count > MaxSubjects || subjects.Any(s => s.Length > 100))
                Reject("subjects", $"at most {MaxSubjects} subjects of at most 100 characters each");
        }

        string? language = null;
        if (!string.IsNullOrWhiteSpace(row.Language))
        {
            language = row.Language.Trim().ToLowerInvariant();
            if (!LanguagePattern().IsMatch(language))
                Reject("language", "a three-letter MARC language code, such as chi or eng");
        }

        return rejected.Count > before
            ? null
            : (row, new TitleRecord(isbn!, title, author, publisher, row.Year is not null, year, clcClass, subjects, language));
    }

    // Null: the column is not in the file (kept); empty: the cell is (cleared).
    private static string? Text(string? value, string field, int maxLength, Action<string, string> reject)
    {
        var text = value?.Trim();
        if (text?.Length > maxLength)
            reject(field, $"at most {maxLength} characters");
        return text;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z]{3}$")]
    private static partial Regex LanguagePattern();
}
