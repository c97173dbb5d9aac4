using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.NewArrivals;

/// <summary>
/// A reader's subscriptions to new arrivals, from the chat (订阅 TP, 订阅 关键词 机器学习, 退订 …, 我的订阅) and REST alike.
/// Any reader on record may subscribe: hearing about new books borrows nothing.
/// </summary>
public sealed class ManageSubscriptions(INewArrivals arrivals, ReaderGate gate)
{
    public async Task<SubscriptionResult> ListAsync(long patronId, CancellationToken cancellationToken) =>
        await gate.CheckAsync(patronId, cancellationToken) is ReaderAccess.Unknown
            ? new SubscriptionResult.UnknownReader()
            : new SubscriptionResult.Listed(await arrivals.SubscriptionsAsync(patronId, cancellationToken));

    public async Task<SubscriptionResult> SubscribeAsync(long patronId, Subscription subscription, CancellationToken cancellationToken)
    {
        if (await gate.CheckAsync(patronId, cancellationToken) is ReaderAccess.Unknown)
            return new SubscriptionResult.UnknownReader();
        return await arrivals.AddAsync(patronId, subscription, Subscription.MaxPerReader, cancellationToken) switch
        {
            SubscriptionChange.TooMany => new SubscriptionResult.TooMany(Subscription.MaxPerReader),
            var change => new SubscriptionResult.Subscribed(subscription, change == SubscriptionChange.Added),
        };
    }

    public async Task<SubscriptionResult> UnsubscribeAsync(long patronId, Subscription subscription, CancellationToken cancellationToken)
    {
        if (await gate.CheckAsync(patronId, cancellationToken) is ReaderAccess.Unknown)
            return new SubscriptionResult.UnknownReader();
        return await arrivals.RemoveAsync(patronId, subscription, cancellationToken)
            ? new SubscriptionResult.Unsubscribed(subscription)
            : new SubscriptionResult.NotSubscribed(subscription);
    }
}

public abstract record SubscriptionResult
{
    private SubscriptionResult()
    {
    }

    public sealed record Listed(IReadOnlyList<Subscription> Subscriptions) : SubscriptionResult;

    /// <summary><paramref name="New"/> is false when the reader already had it.</summary>
    public sealed record Subscribed(Subscription Subscription, bool New) : SubscriptionResult;

    public sealed record Unsubscribed(Subscription Subscription) : SubscriptionResult;

    public sealed record NotSubscribed(Subscription Subscription) : SubscriptionResult;

    public sealed record TooMany(int Max) : SubscriptionResult;

    public sealed record UnknownReader : SubscriptionResult;
}
