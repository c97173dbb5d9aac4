using System.Globalization;
using System.Text;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// WeChat takes at most 2,048 UTF-8 bytes of text in a passive reply. A longer answer, or one with a
/// <see cref="PageBreak"/>, ends with a pointer to "更多" and the rest waits in the reader's session. A page ends at the
/// answer's own page break, else after a whole entry (at a blank line), else at a whole line; never mid-character.
/// </summary>
public static class ReplyLength
{
    public const int MaxBytes = 2048;
    public const string MoreSuffix = "\n……回复“更多”查看其余内容 (reply 更多 for the rest)";

    /// <summary>Where an answer wants a page to end (a list shows a few entries at a time); never sent to WeChat.</summary>
    public const char PageBreak = '\f';

    private static readonly int Room = MaxBytes - Encoding.UTF8.GetByteCount(MoreSuffix);

    public static (string Now, string? Later) Fit(string text)
    {
        var pageEnd = text.IndexOf(PageBreak, StringComparison.Ordinal);
        var page = pageEnd < 0 ? text : text[..pageEnd].TrimEnd('\n');
        var rest = pageEnd < 0 ? "" : text[(pageEnd + 1)..].TrimStart('\n', PageBreak);
        if (Encoding.UTF8.GetByteCount(page) <= (rest.Length == 0 ? MaxBytes : Room))
            return rest.Length == 0 ? (page, null) : (page + MoreSuffix, rest);
        var (now, later) = Cut(page);
        return (now + MoreSuffix, rest.Length == 0 ? later : later + PageBreak + rest);
    }

    private static (string Now, string Later) Cut(string page)
    {
        var lines = page.Split('\n');
        var used = 0;
        var taken = 0;
        while (taken < lines.Length && used + Encoding.UTF8.GetByteCount(lines[taken]) + 1 <= Room)
            used += Encoding.UTF8.GetByteCount(lines[taken++]) + 1;
        if (taken == 0)
        {
            // One line longer than the room: cut it between whole characters.
            var now = new StringBuilder();
            var elements = StringInfo.GetTextElementEnumerator(lines[0]);
            while (elements.MoveNext() && Encoding.UTF8.GetByteCount(now + elements.GetTextElement()) <= Room)
                now.Append(elements.GetTextElement());
            return (now.ToString(), lines[0][now.Length..] + (lines.Length > 1 ? "\n" + string.Join('\n', lines[1..]) : ""));
        }
        var end = LastEntryEnd(lines, taken) ?? taken;
        return (string.Join('\n', lines[..end]).TrimEnd('\n'), string.Join('\n', lines[end..]).TrimStart('\n'));
    }

    // The last blank line at or before the cut with text above it: the page ends with a whole entry.
    private static int? LastEntryEnd(string[] lines, int taken)
    {
        var firstText = Array.FindIndex(lines, l => l.Length > 0);
        for (var blank = Math.Min(taken, lines.Length - 1); blank > firstText; blank--)
        {
            if (lines[blank].Length == 0)
                return blank;
        }
        return null;
    }
}
