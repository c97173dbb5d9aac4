namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// ISBNs as the catalogue keeps them: 13 digits, no hyphens. An ISBN-10 is read as its ISBN-13 (978 + the first nine
/// digits + a new check digit), so that a title imported once with each form is still one title.
/// </summary>
public static class Isbn
{
    /// <summary>The ISBN-13 of an ISBN-10 or ISBN-13 with a valid check digit (hyphens and spaces allowed); null otherwise.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var compact = string.Concat(text.Where(c => c is not '-' and not ' ')).ToUpperInvariant();
        return compact.Length switch
        {
            10 when IsValidIsbn10(compact) => "978" + compact[..9] + Isbn13CheckDigit("978" + compact[..9]),
            13 when compact.All(char.IsAsciiDigit) && compact[..3] is "978" or "979" && Isbn13CheckDigit(compact[..12]) == compact[12] => compact,
            _ => null,
        };
    }

    // Weights 10 down to 1; the last may be X (10); the weighted sum is a multiple of 11.
    private static bool IsValidIsbn10(string isbn)
    {
        if (!isbn[..9].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(isbn[9]) || isbn[9] == 'X'))
            return false;
        var sum = 0;
        for (var i = 0; i < 10; i++)
            sum += (10 - i) * (isbn[i] == 'X' ? 10 : isbn[i] - '0');
        return sum % 11 == 0;
    }

    // Weights 1 and 3 alternating over the first twelve digits.
    private static char Isbn13CheckDigit(string twelveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
            sum += (i % 2 == 0 ? 1 : 3) * (twelveDigits[i] - '0');
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
