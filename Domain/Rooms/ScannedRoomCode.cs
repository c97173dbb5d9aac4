using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The room code in what a room door's QR code carries, as <see cref="Seats.ScannedSeatCode"/> reads a seat's: the bare
/// code (<c>M4-DR1</c>), or a URL or text naming it (<c>https://lib.example.edu/room?code=M4-DR1</c>, <c>room:M4-DR1</c>):
/// the last code-shaped word wins.
/// </summary>
public static partial class ScannedRoomCode
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

    [GeneratedRegex(@"(?:[?&]|\b)(?:room|code|room_code|roomCode)[=:/](?<code>[A-Za-z0-9-]{1,32})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();

    [GeneratedRegex("[A-Za-z0-9-]{1,32}")]
    private static partial Regex Word();
}
