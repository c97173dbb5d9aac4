using System.Text.RegularExpressions;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>The room code in what a room door's QR code carries (<see cref="ScannedCode"/>), named by room=, code= or room:.</summary>
public static partial class ScannedRoomCode
{
    public static string? From(string? scanned) => ScannedCode.From(scanned, Named());

    [GeneratedRegex(@"(?:[?&]|\b)(?:room|code|room_code|roomCode)[=:/](?<code>[A-Za-z0-9-]{1,32})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
