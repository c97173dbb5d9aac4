using System.Text;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Announcements;

/// <summary>
/// An uploaded list of card numbers, as staff export it: one card per line, or a table (comma, semicolon or tab
/// separated, quotes allowed) whose header names a <c>card</c> (or <c>card_number</c>) column. Cards are kept in capitals,
/// once each; a list with any malformed line is refused whole, its lines named, so that nothing is dropped unseen.
/// </summary>
public static partial class CardList
{
    public const int MaxCards = 50_000;

    private static readonly string[] CardColumns = ["card", "card_number"];

    public static CardListRead Read(string text)
    {
        var lines = (text ?? "").TrimStart('\uFEFF').Split(["\r\n", "\n", "\r"], StringSplitOptions.None)
            .Select((line, i) => (Number: i + 1, Text: line)).Where(l => l.Text.Trim().Length > 0).ToList();
        if (lines.Count == 0)
            return CardListRead.Unreadable("The list is empty.");

        var delimiter = Delimiter(lines[0].Text);
        var header = Split(lines[0].Text, delimiter).Select(f => f.Trim().ToLowerInvariant()).ToList();
        var column = header.FindIndex(CardColumns.Contains);
        IEnumerable<(int Number, string Text)> rows = lines;
        if (column >= 0)
            rows = lines.Skip(1);
        else if (header.Count > 1)
            return CardListRead.Unreadable($"A list of several columns needs a header naming the '{CardColumns[0]}' column.");

        var cards = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<RejectedRow>();
        var duplicates = 0;
        foreach (var (number, line) in rows)
        {
            var fields = Split(line, column >= 0 ? delimiter : null);
            var card = (column >= 0 ? fields.ElementAtOrDefault(column) : fields.Single())?.Trim() ?? "";
            if (!CardPattern().IsMatch(card))
            {
                rejected.Add(new RejectedRow(number, "card", card.Length == 0 ? "no card number" : "not a card number: 4 to 32 letters, digits or hyphens"));
                continue;
            }
            if (seen.Add(card.ToUpperInvariant()))
                cards.Add(card.ToUpperInvariant());
            else
                duplicates++;
        }
        if (rejected.Count > 0)
            return new CardListRead([], duplicates, rejected, null);
        if (cards.Count is 0 or > MaxCards)
            return CardListRead.Unreadable($"Between 1 and {MaxCards} card numbers, please.");
        return new CardListRead(cards, duplicates, [], null);
    }

    /// <summary>Whether a value is shaped like a card number (as the patron import accepts them).</summary>
    public static bool IsCard(string value) => CardPattern().IsMatch(value);

    // The first of tab, semicolon and comma the header holds (spreadsheets save with any of them); none: one card a line.
    private static char? Delimiter(string header) =>
        header.Contains('\t', StringComparison.Ordinal) ? '\t'
        : header.Contains(';', StringComparison.Ordinal) ? ';'
        : header.Contains(',', StringComparison.Ordinal) ? ','
        : null;

    // One line's fields: quoted fields may hold the delimiter, and a doubled quote stands for one.
    private static List<string> Split(string line, char? delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }

    [GeneratedRegex("^[0-9A-Za-z-]{4,32}$")]
    private static partial Regex CardPattern();
}

/// <summary>
/// The cards a list names (in capitals, once each, in the list's order) and how many lines repeated one; or why it was
/// refused: a problem with the whole list, or the lines that are not card numbers.
/// </summary>
public sealed record CardListRead(IReadOnlyList<string> Cards, int Duplicates, IReadOnlyList<RejectedRow> Rejected, string? Problem)
{
    public bool Accepted => Problem is null && Rejected.Count == 0;

    public static CardListRead Unreadable(string problem) => new([], 0, [], problem);
}
