using System.Text;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“我的订阅” / “订阅” / “subscriptions”: the reader's subscriptions to new arrivals, and how to add one.</summary>
public sealed class MySubscriptionsAction(ManageSubscriptions subscriptions, BoundReader reader) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        if (await subscriptions.ListAsync(patron.Id, cancellationToken) is not SubscriptionResult.Listed { Subscriptions: var all })
            return new WeChatReply.Text(Say.Busy);
        var text = new StringBuilder();
        if (all.Count == 0)
            text.Line(Say.In(lang, "您还没有订阅新书通报。", "You have no new-arrival subscriptions."));
        else
        {
            text.Line(Say.In(lang, $"您订阅了 {all.Count} 项：", $"Your {all.Count} subscriptions:"));
            foreach (var subscription in all)
                text.Line("· " + SubscriptionText.Name(subscription, lang));
        }
        text.Line(Say.In(lang, SubscriptionText.HintZh, SubscriptionText.HintEn), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }
}
