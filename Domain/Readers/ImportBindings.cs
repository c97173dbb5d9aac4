using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Audit;

namespace WeChatLib.Domain.Readers;

/// <summary>
/// Staff's migration of existing (card, openid) bindings from the previous WeChat service: all of the file or
/// none of it, with a row-by-row report. A binding already present is accepted as is.
/// </summary>
public sealed partial class ImportBindings(IBindingStore bindings)
{
    public async Task<ImportReport> HandleAsync(IReadOnlyList<BindingImportRow> rows, long staffId, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        if (rows.Count == 0)
            rejected.Add(new RejectedRow(0, "file", "the file has no rows"));
        foreach (var row in rows)
        {
            if (!ImportPatrons.CardNumberPattern().IsMatch(row.CardNumber?.Trim() ?? ""))
                rejected.Add(new RejectedRow(row.Line, "card_number", "required: 4 to 32 letters, digits or hyphens"));
            if (!OpenIdPattern().IsMatch(row.OpenId?.Trim() ?? ""))
                rejected.Add(new RejectedRow(row.Line, "openid", "required: 6 to 64 letters, digits, '-' or '_'"));
        }
        Duplicates(rows, r => r.CardNumber, "card_number", rejected);
        Duplicates(rows, r => r.OpenId, "openid", rejected);
        if (rejected.Count > 0)
            return ImportReport.Refused(rows.Count, [.. rejected.OrderBy(r => r.Line)]);

        var actor = AuditEntry.Staff(staffId);
        var outcome = await bindings.ImportAsync([.. rows.Select(r => (r.CardNumber!.Trim(), r.OpenId!.Trim()))],
            card => new AuditEntry(actor, "binding.create", card, new Dictionary<string, string?> { ["via"] = "import" }),
            done => new AuditEntry(actor, "binding.import", "bindings", new Dictionary<string, string?>
            {
                ["rows"] = rows.Count.ToString(CultureInfo.InvariantCulture),
                ["created"] = done.Applied.ToString(CultureInfo.InvariantCulture),
                ["alreadyPresent"] = done.AlreadyPresent.ToString(CultureInfo.InvariantCulture),
            }),
            cancellationToken);
        if (outcome.Rejected.Count > 0)
            return ImportReport.Refused(rows.Count, outcome.Rejected);

        return new ImportReport(rows.Count, rows.Count, [], true, outcome.Applied, 0, 0);
    }

    private static void Duplicates(IReadOnlyList<BindingImportRow> rows, Func<BindingImportRow, string?> key, string field, List<RejectedRow> rejected)
    {
        foreach (var group in rows.Where(r => !string.IsNullOrWhiteSpace(key(r))).GroupBy(r => key(r)!.Trim(), StringComparer.Ordinal).Where(g => g.Count() > 1))
            rejected.AddRange(group.Skip(1).Select(r => new RejectedRow(r.Line, field, $"{field} appears more than once in the file")));
    }

    [GeneratedRegex("^[0-9A-Za-z_-]{6,64}$")]
    internal static partial Regex OpenIdPattern();
}
