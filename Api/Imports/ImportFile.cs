using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;

namespace WeChatLib.Api.Imports;

/// <summary>
/// Reads an import file, CSV with a header row or a JSON array of objects, into rows of named fields (snake_case,
/// as in the CSV header). Line numbers count data rows from 1 in both formats.
/// </summary>
public static class ImportFile
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public static async Task<ImportFileResult> ReadAsync(HttpRequest request, IReadOnlyList<string> requiredColumns)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            return mediaType switch
            {
                "text/csv" => ReadCsv(await ReadTextAsync(request), requiredColumns),
                "application/json" => ReadJson(await ReadTextAsync(request), requiredColumns),
                _ => ImportFileResult.Unreadable("Send the file as text/csv (with a header row) or application/json (an array of objects)."),
            };
        }
        catch (Exception e) when (e is MalformedLineException or JsonException or DecoderFallbackException)
        {
            return ImportFileResult.Unreadable($"The file could not be read: {e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)}.");
        }
    }

    private static async Task<string> ReadTextAsync(HttpRequest request)
    {
        // UTF-8 only, strictly, with or without a BOM: a file saved in GBK is refused rather than imported garbled.
        using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync();
    }

    // The BCL's RFC 4180 reader: quoted fields, doubled quotes and line breaks inside quotes.
    private static ImportFileResult ReadCsv(string text, IReadOnlyList<string> requiredColumns)
    {
        using var csv = new TextFieldParser(new StringReader(text)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        csv.SetDelimiters(",");
        if (csv.ReadFields() is not { } headerFields)
            return ImportFileResult.Unreadable("The file is empty.");
        var header = headerFields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (requiredColumns.Except(header).ToList() is { Count: > 0 } missing)
            return ImportFileResult.Unreadable($"Missing columns: {string.Join(", ", missing)}.");

        var rows = new List<ImportRow>();
        while (csv.ReadFields() is { } fields)
        {
            if (fields is [""])
                continue;
            // A short row (trailing cells left off, as spreadsheets save them) lacks those cells: they are not in the file
            // for this row, so they change nothing, unlike a cell present and empty.
            rows.Add(new ImportRow(rows.Count + 1, header.Take(fields.Length).Select((name, i) => (name, Value: (string?)fields[i]))
                .DistinctBy(f => f.name).ToDictionary(f => f.name, f => f.Value)));
        }
        return new ImportFileResult(rows, null);
    }

    private static ImportFileResult ReadJson(string text, IReadOnlyList<string> requiredColumns)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            return ImportFileResult.Unreadable("The JSON must be an array of objects.");
        var rows = new List<ImportRow>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                return ImportFileResult.Unreadable($"Item {rows.Count + 1} is not an object.");
            var fields = new Dictionary<string, string?>();
            var lists = new Dictionary<string, IReadOnlyList<string?>>();
            foreach (var property in item.EnumerateObject())
            {
                // An array (of subject headings, say) is also kept as a list; an entry that is not a string is null.
                if (property.Value.ValueKind == JsonValueKind.Array)
                    lists[property.Name.ToLowerInvariant()] = [.. property.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null)];
                // Keys are matched ignoring case, so "College" and "college" in one item would be two values for one column.
                if (!fields.TryAdd(property.Name.ToLowerInvariant(), property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    }))
                    return ImportFileResult.Unreadable(
                        $"Item {rows.Count + 1} has the key {property.Name.ToLowerInvariant()} more than once (keys are compared ignoring case).");
            }
            rows.Add(new ImportRow(rows.Count + 1, fields, lists));
        }
        return new ImportFileResult(rows, null);
    }
}

/// <param name="Line">The row's number, counting data rows from 1.</param>
/// <param name="Fields">The row's cells by column name; a JSON array or object as its JSON text.</param>
/// <param name="Lists">The JSON arrays of the row, by field name (a CSV row has none).</param>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string?> Fields, IReadOnlyDictionary<string, IReadOnlyList<string?>>? Lists = null)
{
    public string? this[string name] => Fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>An optional column: null when the row lacks it, empty when its cell is empty (or JSON null).</summary>
    public string? Optional(string name) => Fields.TryGetValue(name, out var value) ? value ?? "" : null;

    /// <summary>
    /// A list column: a JSON array as it is, or text split at <paramref name="separator"/>; null when the row lacks it and
    /// empty when its cell is empty.
    /// </summary>
    public IReadOnlyList<string?>? List(string name, char separator) =>
        Lists?.TryGetValue(name, out var list) == true ? list
        : Optional(name) is { } text ? text.Split(separator)
        : null;
}

public sealed record ImportFileResult(IReadOnlyList<ImportRow> Rows, string? Problem)
{
    public static ImportFileResult Unreadable(string problem) => new([], problem);
}
