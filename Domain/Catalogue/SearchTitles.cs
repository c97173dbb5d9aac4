using System.Text;

namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// Catalogue search for the chat (检索) and REST: an ISBN finds its title; otherwise titles whose title, author or
/// subjects contain every word, best matches first (the whole title, then its start, then similarity; in a large
/// catalogue, among a bounded set of candidates that always holds the whole title and its start), each with its copies per branch, so that a reader can borrow one or place a hold (预约 N) on one whose copies are all out.
/// </summary>
public sealed class SearchTitles(ICatalogueStore catalogue)
{
    /// <summary>Hits in one chat answer: a chat reply lists them all.</summary>
    public const int MaxHits = 8;

    public const int MaxLimit = 50;

    /// <summary>Words past this many are ignored: a reader's message is not a query language.</summary>
    private const int MaxWords = 5;

    private const int MaxWordLength = 50;

    public Task<IReadOnlyList<TitleHit>> HandleAsync(string words, CancellationToken cancellationToken) =>
        HandleAsync(words, MaxHits, cancellationToken);

    public async Task<IReadOnlyList<TitleHit>> HandleAsync(string words, int limit, CancellationToken cancellationToken) =>
        Parse(words) is { } query ? await catalogue.SearchTitlesAsync(query, Math.Clamp(limit, 1, MaxLimit), cancellationToken) : [];

    /// <summary>The query a reader's text stands for; null when it has no words.</summary>
    public static CatalogueQuery? Parse(string text)
    {
        var plain = text.Normalize(NormalizationForm.FormKC);
        var terms = plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Select(w => w.Length > MaxWordLength ? w[..MaxWordLength] : w)
            .Distinct(StringComparer.Ordinal).Take(MaxWords).ToArray();
        if (terms.Length == 0)
            return null;
        return new CatalogueQuery(terms.Length == 1 ? Isbn.Normalize(terms[0]) : null, terms, string.Join(' ', terms));
    }
}

/// <summary>
/// What to look for: the title with <paramref name="Isbn"/> when the text is one, and titles containing every one of
/// <paramref name="Terms"/> (NFKC, in lower case); <paramref name="Phrase"/> is the whole text, for ranking. The store
/// compares them with its titles in the one form it keeps its search text in, folding both the same way.
/// </summary>
public sealed record CatalogueQuery(string? Isbn, IReadOnlyList<string> Terms, string Phrase);

/// <summary>A title found: <paramref name="Available"/> copies on the open shelves of <paramref name="Copies"/> that circulate, and the same per branch.</summary>
public sealed record TitleHit(long TitleId, string Title, string Author, string Isbn, int Copies, int Available)
{
    public IReadOnlyList<BranchCopies> Branches { get; init; } = [];
}

/// <summary>A title's copies that circulate at one branch, and how many of them are on the shelf.</summary>
public sealed record BranchCopies(string Branch, string Name, string NameEn, int Copies, int Available);
