using System.Globalization;
using System.Text;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// WeChat takes at most 2,048 UTF-8 bytes of text in a passive reply. A longer answer ends at a whole line with a
/// pointer to "更多", and the rest waits in the reader's session; nothing is ever cut mid-character.
/// </summary>
public static class ReplyLength
{
    public const int MaxBytes = 2048;
    public const string MoreSuffix = "\n……回复“更多”查看其余内容 (reply 更多 for the rest)";

    public static (string Now, string? Later) Fit(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxBytes)
            return (text, null);
        var room = MaxBytes - Encoding.UTF8.GetByteCount(MoreSuffix);
        var lines = text.Split('\n');
        var now = new StringBuilder();
        var taken = 0;
        while (taken < lines.Length && Encoding.UTF8.GetByteCount(now + lines[taken] + "\n") <= room)
            now.Append(lines[taken++]).Append('\n');
        if (taken == 0)
        {
            // One line longer than the room: cut it between whole characters.
            var elements = StringInfo.GetTextElementEnumerator(lines[0]);
            while (elements.MoveNext() && Encoding.UTF8.GetByteCount(now + elements.GetTextElement()) <= room)
                now.Append(elements.GetTextElement());
            return (now + MoreSuffix, lines[0][now.Length..] + (lines.Length > 1 ? "\n" + string.Join('\n', lines[1..]) : ""));
        }
        return (now.ToString().TrimEnd('\n') + MoreSuffix, string.Join('\n', lines[taken..]));
    }
}
