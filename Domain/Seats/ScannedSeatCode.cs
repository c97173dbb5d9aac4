using System.Text.RegularExpressions;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Seats;

/// <summary>The seat code in what a seat's QR code carries (<see cref="ScannedCode"/>), named by seat=, code= or seat:.</summary>
public static partial class ScannedSeatCode
{
    public static string? From(string? scanned) => ScannedCode.From(scanned, Named());

    [GeneratedRegex(@"(?:[?&]|\b)(?:seat|code|seat_code|seatCode)[=:/](?<code>[A-Za-z0-9-]{1,32})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Named();
}
