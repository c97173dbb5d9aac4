namespace WeChatLib.Domain.Catalogue;

/// <summary>
/// A quick look-up for the chat (检索): titles whose title or author contains every word, with how many copies are on
/// the shelves, so that a reader can borrow one or place a hold (预约 N) on one whose copies are all out.
/// </summary>
public sealed class SearchTitles(ICatalogueStore catalogue)
{
    /// <summary>Hits in one answer: a chat reply lists them all.</summary>
    public const int MaxHits = 8;

    /// <summary>Words past this many are ignored: a reader's message is not a query language.</summary>
    private const int MaxWords = 5;

    public async Task<IReadOnlyList<TitleHit>> HandleAsync(string words, CancellationToken cancellationToken)
    {
        var terms = words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Take(MaxWords).ToArray();
        return terms.Length == 0 ? [] : await catalogue.SearchTitlesAsync(terms, MaxHits, cancellationToken);
    }
}

/// <summary>A title found: <paramref name="Available"/> copies on the open shelves of <paramref name="Copies"/> that circulate.</summary>
public sealed record TitleHit(long TitleId, string Title, string Author, string Isbn, int Copies, int Available);
