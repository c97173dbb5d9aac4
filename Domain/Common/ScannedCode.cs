using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Common;

/// <summary>
/// The code in what a QR code carries: the bare code (<c>A3-017</c>), or a URL or text naming it with one of the
/// kind's words (<c>https://lib.example.edu/seat?code=A3-017</c>, <c>seat:A3-017</c>): the last code-shaped word wins.
/// </summary>
public static partial class ScannedCode
{
    /// <param name="named">Finds the code after one of the kind's words; its group <c>code</c> is the code.</param>
    public static string? From(string? scanned, Regex named)
    {
        if (string.IsNullOrWhiteSpace(scanned))
            return null;
        var text = scanned.Trim();
        if (Bare().IsMatch(text))
            return text;
        var found = named.Match(text);
        if (found.Success)
            return found.Groups["code"].Value;
        var words = Word().Matches(text);
        return words.Count > 0 ? words[^1].Value : null;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex Bare();

    [GeneratedRegex("[A-Za-z0-9-]{1,32}")]
    private static partial Regex Word();
}
