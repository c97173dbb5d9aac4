using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.WeChat;

/// <summary>Chat replies in the reader's language: Chinese by default, English where the reader prefers it.</summary>
public static class Say
{
    public static string In(Language language, string zh, string en) => language == Language.En ? en : zh;

    public static string In(string languageCode, string zh, string en) => languageCode == "en" ? en : zh;

    /// <summary>
    /// People's words (a staff member's reason, say) made safe for a text reply, which WeChat renders with its links:
    /// angle brackets become their full-width forms, so no markup in them turns into a link under the library's name.
    /// </summary>
    public static string Plain(string words) => words.Replace('<', '＜').Replace('>', '＞');

    public static string Help(Language language) => In(language,
        """
        您可以：
        · 回复“借阅”查看在借图书
        · 回复“续借”续借全部图书，“续借 2”续借列表中的第 2 本
        · 回复“检索 书名”查找图书，“预约 1”预约其中第 1 本，“我的预约”查看预约
        · 回复“新书”看新书，“热门”看热门借阅，“订阅 TP”订阅分类新书，“我的订阅”查看订阅
        · 回复“座位”查看空位，“订座 N”预订，“我的座位”查看预约；扫码签到请用菜单“扫码签到”
        · 回复“研讨室”查看空闲研讨室，“确认”接受同伴邀请，“我的研讨室”查看研讨室预约
        · 回复“公告”查看图书馆最新公告
        · 回复“绑定”绑定借书证，“解绑”解除绑定
        · 回复“帮助”查看本说明
        也可以使用下方菜单。
        """,
        """
        You can reply:
        · loans — your current loans
        · renew — renew everything; renew 2 — item 2 of your list
        · search words — find a title; hold 1 — hold title 1 of it; holds — your holds
        · new books, hot — new arrivals and most borrowed; subscribe TP — new titles of a class weekly; subscriptions
        · seats — free seats; book N — book in zone N; my seat — your booking; check in with the menu's scan button
        · rooms — rooms free soon; confirm — accept a room invitation; my rooms — your room bookings
        · announcements — the library's latest announcements
        · bind / unbind — link or unlink your library card
        · help — this list
        Or use the menu below.
        """);

    public static string BindFirst(string link) =>
        $"请先绑定借书证：<a href=\"{link}\">点此绑定</a>\nPlease bind your library card first: <a href=\"{link}\">bind</a>";

    public const string Busy = "抱歉，系统繁忙，请稍后再试。\nSorry, we are busy; please try again shortly.";

    public const string TooFast = "您发送得太快了，请稍等片刻再试。\nYou are sending too fast; please wait a moment.";
}
