using WeChatLib.Domain.Catalogue;

namespace WeChatLib.Domain.NewArrivals;

public enum SubscriptionKind
{
    /// <summary>A CLC class and everything below it: <c>TP</c> covers TP311.13.</summary>
    Class,

    /// <summary>Words found in a new title's title, author or subjects.</summary>
    Keyword,
}

/// <summary>What a reader wants to hear about; <see cref="Value"/> is a class number in capitals, or a keyword as typed.</summary>
public sealed record Subscription(SubscriptionKind Kind, string Value)
{
    public const int MaxPerReader = 20;
    public const int MaxKeywordLength = 30;
    public const int MaxClassLength = 10;

    /// <summary>A class subscription, when the text names a CLC main class or a class below one; otherwise null.</summary>
    public static Subscription? Class(string? text) =>
        ClcClass.Normalize(text) is { Length: <= MaxClassLength } code && ClcMainClasses.Of(code) is not null
            ? new Subscription(SubscriptionKind.Class, code)
            : null;

    /// <summary>A keyword subscription: one to 30 characters, spaces inside kept as one.</summary>
    public static Subscription? Keyword(string? text)
    {
        var words = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return words.Length is 0 or > MaxKeywordLength || words.Any(char.IsControl) ? null : new Subscription(SubscriptionKind.Keyword, words);
    }

    /// <summary>The kind's code in the database and the API.</summary>
    public string KindCode => Kind == SubscriptionKind.Class ? "class" : "keyword";

    public static SubscriptionKind? ParseKind(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "class" => SubscriptionKind.Class,
        "keyword" => SubscriptionKind.Keyword,
        _ => null,
    };
}
