using WeChatLib.Domain.Catalogue;

namespace WeChatLib.Domain.NewArrivals;

/// <summary>Readers' subscriptions, the latest arrivals and the weekly digest, in the store of record.</summary>
public interface INewArrivals
{
    Task<IReadOnlyList<Subscription>> SubscriptionsAsync(long patronId, CancellationToken cancellationToken);

    /// <summary>Adds the subscription unless the reader already has it, or already has <paramref name="max"/>.</summary>
    Task<SubscriptionChange> AddAsync(long patronId, Subscription subscription, int max, CancellationToken cancellationToken);

    /// <summary>False when the reader had no such subscription.</summary>
    Task<bool> RemoveAsync(long patronId, Subscription subscription, CancellationToken cancellationToken);

    /// <summary>
    /// Titles that arrived from <paramref name="since"/> on, newest first: those matching the reader's subscriptions
    /// first when <paramref name="patronId"/> is given.
    /// </summary>
    Task<IReadOnlyList<NewArrival>> LatestAsync(long? patronId, DateOnly since, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The digest in one statement: for each subscriber, the titles matching their subscriptions that arrived after
    /// their last digest (never before <paramref name="window"/>'s start) up to its end, one notice with key
    /// <c>new-arrivals:{patron}:{week}</c>; none when nothing matches.
    /// </summary>
    Task<DigestReport> RunDigestAsync(DigestWindow window, CancellationToken cancellationToken);
}

public enum SubscriptionChange
{
    Added,
    AlreadySubscribed,
    TooMany,
}

/// <summary>
/// A title new to the library since <paramref name="AccessionedOn"/>; <paramref name="Matches"/> one of the reader's
/// subscriptions. Its copies per branch tell whether to borrow it or place a hold.
/// </summary>
public sealed record NewArrival(long TitleId, string Title, string Author, string Isbn, string ClcClass, DateOnly AccessionedOn, bool Matches)
{
    public IReadOnlyList<BranchCopies> Branches { get; init; } = [];
}

/// <summary>
/// A digest run: the week it belongs to (its Monday), the earliest accession date a first or caught-up digest covers,
/// and the last (the day before the run's).
/// </summary>
public sealed record DigestWindow(DateOnly Week, DateOnly Earliest, DateOnly Until);

public sealed record DigestReport(DateOnly Week, int Subscribers, int Enqueued, int NothingNew, IReadOnlyDictionary<string, int> Skipped);
