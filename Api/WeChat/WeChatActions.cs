using WeChatLib.Api.WeChat.Actions;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// Every route from a WeChat message to its action, in one table: menu CLICK keys, scancode keys, events and text
/// keywords (Chinese and English). The menu in <c>Api/WeChat/menu.json</c> uses the same keys.
/// </summary>
public static class WeChatActions
{
    public static readonly IReadOnlyDictionary<string, Type> Routes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["click:MY_LOANS"] = typeof(MyLoansAction),
        ["click:RENEW_ALL"] = typeof(ComingSoonAction),
        ["click:SEATS"] = typeof(ComingSoonAction),
        ["click:MY_BOOKINGS"] = typeof(ComingSoonAction),
        ["click:ROOMS"] = typeof(ComingSoonAction),
        ["click:NEW_BOOKS"] = typeof(ComingSoonAction),
        ["click:BIND"] = typeof(BindAction),
        ["click:HELP"] = typeof(HelpAction),
        ["scan:SEAT_CHECKIN"] = typeof(ComingSoonAction),
        ["event:subscribe"] = typeof(SubscribeAction),
        ["event:unsubscribe"] = typeof(UnsubscribeAction),
        ["event:templatesendjobfinish"] = typeof(TemplateSendFinishedAction),
        ["text:借阅"] = typeof(MyLoansAction),
        ["text:我的借阅"] = typeof(MyLoansAction),
        ["text:loans"] = typeof(MyLoansAction),
        ["text:续借"] = typeof(ComingSoonAction),
        ["text:renew"] = typeof(ComingSoonAction),
        ["text:座位"] = typeof(ComingSoonAction),
        ["text:seat"] = typeof(ComingSoonAction),
        ["text:研讨室"] = typeof(ComingSoonAction),
        ["text:room"] = typeof(ComingSoonAction),
        ["text:新书"] = typeof(ComingSoonAction),
        ["text:绑定"] = typeof(BindAction),
        ["text:bind"] = typeof(BindAction),
        ["text:解绑"] = typeof(UnbindAction),
        ["text:unbind"] = typeof(UnbindAction),
        ["text:确认解绑"] = typeof(ConfirmUnbindAction),
        ["text:confirm unbind"] = typeof(ConfirmUnbindAction),
        ["text:更多"] = typeof(MoreAction),
        ["text:more"] = typeof(MoreAction),
        ["text:帮助"] = typeof(HelpAction),
        ["text:help"] = typeof(HelpAction),
        ["text:?"] = typeof(HelpAction),
        ["text:？"] = typeof(HelpAction),
    };

    public static IServiceCollection AddWeChatActions(this IServiceCollection services)
    {
        foreach (var action in Routes.Values.Distinct().Append(typeof(HelpAction)).Append(typeof(NothingAction)).Distinct())
            services.AddSingleton(action);
        services.AddSingleton<BoundReader>();
        services.AddSingleton<MessageRouter>();
        services.AddSingleton<WeChatDispatcher>();
        services.AddSingleton<WeChatMenu>();
        return services;
    }
}
