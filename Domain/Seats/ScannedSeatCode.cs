using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// The seat code in what a seat's QR code carries: the bare code (<c>A3-017</c>), or a URL or text naming it
/// (<c>https://lib.example.edu/seat?code=A3-017</c>, <c>seat:A3-017</c>): the last code-shaped word wins.
/// </summary>
public static partial class ScannedSeatCode
{
    public static string? From(string? scanned)
    {
        if (string.IsNullOrWhiteSpace(scanned))
            return null;
        var text = scanned.Trim();
        if (Bare().IsMatch(text))
            return text;
        var named = Named().Match(text);
        if (named.Success)
            return named.Groups["code"].Value;
        var words = Word().Matches(text);
        return words.Count > 0 ? words[^1].Value : null;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex Bare();

    [GeneratedRegex(@"(?:[?&]|\b)(?:seat|code|seat_code|seatCode)[=:/](?<code>[A-Za-z0-9-]{1,32})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();

    [GeneratedRegex("[A-Za-z0-9-]{1,32}")]
    private static partial Regex Word();
}
