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
        ["click:RENEW_ALL"] = typeof(RenewAllAction),
        ["click:MY_HOLDS"] = typeof(MyHoldsAction),
        ["click:SEATS"] = typeof(SeatZonesAction),
        ["click:MY_BOOKINGS"] = typeof(MyBookingsAction),
        ["click:ROOMS"] = typeof(RoomsAction),
        ["click:NEW_BOOKS"] = typeof(NewBooksAction),
        ["click:BIND"] = typeof(BindAction),
        ["click:HELP"] = typeof(HelpAction),
        ["scan:SEAT_CHECKIN"] = typeof(SeatCheckInAction),
        ["event:subscribe"] = typeof(SubscribeAction),
        ["event:unsubscribe"] = typeof(UnsubscribeAction),
        ["event:templatesendjobfinish"] = typeof(TemplateSendFinishedAction),
        ["event:masssendjobfinish"] = typeof(MassSendFinishedAction),
        ["text:借阅"] = typeof(MyLoansAction),
        ["text:我的借阅"] = typeof(MyLoansAction),
        ["text:loans"] = typeof(MyLoansAction),
        ["text:续借"] = typeof(RenewAllAction),
        ["text:renew"] = typeof(RenewAllAction),
        ["text:我的预约"] = typeof(MyHoldsAction),
        ["text:预约"] = typeof(MyHoldsAction),
        ["text:holds"] = typeof(MyHoldsAction),
        ["text:检索"] = typeof(SearchTitlesAction),
        ["text:search"] = typeof(SearchTitlesAction),
        ["text:座位"] = typeof(SeatZonesAction),
        ["text:预约座位"] = typeof(SeatZonesAction),
        ["text:订座"] = typeof(SeatZonesAction),
        ["text:seat"] = typeof(SeatZonesAction),
        ["text:seats"] = typeof(SeatZonesAction),
        ["text:book"] = typeof(SeatZonesAction),
        [MessageRouter.BareNumber] = typeof(BookSeatAction),
        ["text:我的座位"] = typeof(MySeatAction),
        ["text:my seat"] = typeof(MySeatAction),
        ["text:取消座位"] = typeof(CancelSeatAction),
        ["text:cancel seat"] = typeof(CancelSeatAction),
        ["text:暂离"] = typeof(SeatLeaveAction),
        ["text:away"] = typeof(SeatLeaveAction),
        ["text:返回"] = typeof(SeatReturnAction),
        ["text:back"] = typeof(SeatReturnAction),
        ["text:签退"] = typeof(LeaveSeatAction),
        ["text:leave seat"] = typeof(LeaveSeatAction),
        ["text:研讨室"] = typeof(RoomsAction),
        ["text:研讨间"] = typeof(RoomsAction),
        ["text:room"] = typeof(RoomsAction),
        ["text:rooms"] = typeof(RoomsAction),
        ["text:我的研讨室"] = typeof(MyBookingsAction),
        ["text:my rooms"] = typeof(MyBookingsAction),
        ["text:my bookings"] = typeof(MyBookingsAction),
        ["text:确认"] = typeof(ConfirmRoomAction),
        ["text:confirm"] = typeof(ConfirmRoomAction),
        ["text:取消研讨室"] = typeof(CancelRoomAction),
        ["text:cancel room"] = typeof(CancelRoomAction),
        ["text:新书"] = typeof(NewBooksAction),
        ["text:new books"] = typeof(NewBooksAction),
        ["text:热门"] = typeof(HotLoansAction),
        ["text:hot"] = typeof(HotLoansAction),
        ["text:订阅"] = typeof(MySubscriptionsAction),
        ["text:我的订阅"] = typeof(MySubscriptionsAction),
        ["text:subscriptions"] = typeof(MySubscriptionsAction),
        ["text:公告"] = typeof(AnnouncementsAction),
        ["text:announcements"] = typeof(AnnouncementsAction),
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

    /// <summary>
    /// Keywords that carry what the reader names after them (“续借 2”, “续借C0012345”, “renew 2”, “预约 2”, “确认 12”), tried only when no
    /// route above matches the whole text. Each key, with “*” for the argument, is the route's label.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Type> PrefixRoutes = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["text:续借"] = typeof(RenewLoanAction),
        ["text:renew "] = typeof(RenewLoanAction),
        ["text:预约"] = typeof(PlaceHoldAction),
        ["text:hold "] = typeof(PlaceHoldAction),
        ["text:订座"] = typeof(BookSeatAction),
        ["text:book "] = typeof(BookSeatAction),
        ["text:取消预约"] = typeof(CancelHoldAction),
        ["text:cancel hold "] = typeof(CancelHoldAction),
        ["text:检索"] = typeof(SearchTitlesAction),
        ["text:search "] = typeof(SearchTitlesAction),
        ["text:确认"] = typeof(ConfirmRoomAction),
        ["text:confirm "] = typeof(ConfirmRoomAction),
        ["text:取消研讨室"] = typeof(CancelRoomAction),
        ["text:cancel room "] = typeof(CancelRoomAction),
        ["text:热门"] = typeof(HotLoansAction),
        ["text:hot "] = typeof(HotLoansAction),
        ["text:订阅"] = typeof(SubscribeNewArrivalsAction),
        ["text:subscribe "] = typeof(SubscribeNewArrivalsAction),
        ["text:退订"] = typeof(UnsubscribeNewArrivalsAction),
        ["text:unsubscribe "] = typeof(UnsubscribeNewArrivalsAction),
        ["text:预览"] = typeof(PairPreviewAction),
        ["text:preview "] = typeof(PairPreviewAction),
    };

    /// <summary>The action for a route key: its exact route, else the prefix route it starts with (followed by more text).</summary>
    public static Type? Find(string routeKey) =>
        Routes.GetValueOrDefault(routeKey) ?? (PrefixOf(routeKey) is { } prefix ? PrefixRoutes[prefix] : null);

    /// <summary>The prefix route a route key falls under, if no exact route matches it.</summary>
    public static string? PrefixOf(string routeKey)
    {
        foreach (var prefix in PrefixRoutes.Keys)
        {
            if (routeKey.Length > prefix.Length && routeKey.StartsWith(prefix, StringComparison.Ordinal) && !Routes.ContainsKey(routeKey))
                return prefix;
        }
        return null;
    }

    public static IServiceCollection AddWeChatActions(this IServiceCollection services)
    {
        foreach (var action in Routes.Values.Concat(PrefixRoutes.Values).Append(typeof(HelpAction)).Append(typeof(NothingAction)).Distinct())
            services.AddSingleton(action);
        services.AddSingleton<BoundReader>();
        services.AddSingleton<LastLoanList>();
        services.AddSingleton<LastHoldList>();
        services.AddSingleton<LastTitleList>();
        services.AddSingleton<LastSeatZoneList>();
        services.AddSingleton<MessageRouter>();
        services.AddSingleton<WeChatDispatcher>();
        services.AddSingleton<WeChatMenu>();
        return services;
    }
}
