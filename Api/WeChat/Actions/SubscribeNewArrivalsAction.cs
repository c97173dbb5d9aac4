using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “订阅 TP” / “订阅 关键词 机器学习” / “subscribe K”: a CLC class, or a keyword, for the weekly new-arrivals digest. Text
/// that is not a class of the CLC is taken as a keyword.
/// </summary>
public sealed class SubscribeNewArrivalsAction(ManageSubscriptions subscriptions, BoundReader reader) : IWeChatAction
{
    // Adding a subscription the reader has is a no-op.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        if (SubscriptionText.Parse(ChatArgument.After(message.Content, "订阅", "subscribe")) is not { } subscription)
            return new WeChatReply.Text(Say.In(lang, SubscriptionText.HintZh, SubscriptionText.HintEn));
        return new WeChatReply.Text(await subscriptions.SubscribeAsync(patron.Id, subscription, cancellationToken) switch
        {
            SubscriptionResult.Subscribed { New: true } => Say.In(lang,
                $"已订阅{SubscriptionText.Name(subscription, lang)}。每周会把相关新书通知您；回复“我的订阅”查看全部。",
                $"Subscribed to {SubscriptionText.Name(subscription, lang)}. Each week you will hear of new titles in it; reply subscriptions to see them all."),
            SubscriptionResult.Subscribed => Say.In(lang, $"您已订阅{SubscriptionText.Name(subscription, lang)}。",
                $"You are already subscribed to {SubscriptionText.Name(subscription, lang)}."),
            SubscriptionResult.TooMany many => Say.In(lang, $"最多订阅 {many.Max} 项，请先回复“退订 …”退订一项。",
                $"At most {many.Max} subscriptions; reply unsubscribe … to end one first."),
            _ => Say.Busy,
        });
    }
}
