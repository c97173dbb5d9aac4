using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“退订 TP” / “退订 关键词 机器学习” / “unsubscribe K”: ends one subscription to new arrivals.</summary>
public sealed class UnsubscribeNewArrivalsAction(ManageSubscriptions subscriptions, BoundReader reader) : IWeChatAction
{
    // Removing what is gone already changes nothing.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        if (SubscriptionText.Parse(ChatArgument.After(message.Content, "退订", "unsubscribe")) is not { } subscription)
            return new WeChatReply.Text(Say.In(lang, SubscriptionText.HintZh, SubscriptionText.HintEn));
        return new WeChatReply.Text(await subscriptions.UnsubscribeAsync(patron.Id, subscription, cancellationToken) switch
        {
            SubscriptionResult.Unsubscribed => Say.In(lang, $"已退订{SubscriptionText.Name(subscription, lang)}。",
                $"Unsubscribed from {SubscriptionText.Name(subscription, lang)}."),
            SubscriptionResult.NotSubscribed => Say.In(lang, $"您没有订阅{SubscriptionText.Name(subscription, lang)}；回复“我的订阅”查看全部。",
                $"You are not subscribed to {SubscriptionText.Name(subscription, lang)}; reply subscriptions to see them all."),
            _ => Say.Busy,
        });
    }
}
