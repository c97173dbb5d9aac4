using System.Text.RegularExpressions;

namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// The shape of a Chinese Library Classification (中图法) class number: one of the 22 main classes (A–K, N–V, X, Z;
/// T with its two-letter subclasses such as TP), then digits with the notation's dots and auxiliary signs, e.g.
/// <c>I247.5</c>, <c>TP311.13</c>, <c>K825.6=76</c>, <c>D923.4-44</c>.
/// </summary>
public static partial class ClcClass
{
    public const int MaxLength = 32;

    /// <summary>The class number in upper case, or null when it does not have the shape of one.</summary>
    public static string? Normalize(string? text)
    {
        var candidate = text?.Trim().ToUpperInvariant() ?? "";
        return candidate.Length <= MaxLength && Shape().IsMatch(candidate) ? candidate : null;
    }

    [GeneratedRegex("""^(?:[A-KNO-SUVXZ]|T[BDEFGHJKLMNPQSUV]?)(?:[0-9][0-9A-Z.\-=:+/()"<>#]*)?$""")]
    private static partial Regex Shape();
}
