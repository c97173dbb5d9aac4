using System.Text;
using WeChatLib.Domain.Branches;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// SEATS / “座位” / “seats”: the open zones with how many seats are free now, numbered, under each branch's name; the
/// order is kept a few minutes for “订座 N”.
/// </summary>
public sealed class SeatZonesAction(ListSeatZones listZones, ListBranches listBranches, LastSeatZoneList lastList, BoundReader reader) : IWeChatAction
{
    // Reads, and keeps the same list again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        var branches = (await listBranches.HandleAsync(cancellationToken)).ToDictionary(b => b.Branch.Code);
        // By branch, floor and code, as the use case answers them.
        var zones = await listZones.HandleAsync(null, enabledOnly: true, cancellationToken);
        if (zones.Count == 0)
            return new WeChatReply.Text(Say.In(lang, "目前没有开放预约的座位区域。", "No study zone is open for booking now."));
        await lastList.KeepAsync(message.FromUserName, zones.Select(z => z.Zone.Id));

        var text = new StringBuilder(Say.In(lang, "当前空位：", "Free seats now:"));
        string? branch = null;
        for (var i = 0; i < zones.Count; i++)
        {
            var (zone, count) = (zones[i].Zone, zones[i].Count);
            if (zone.BranchCode != branch)
            {
                branch = zone.BranchCode;
                text.Line(BranchLine(branches.GetValueOrDefault(branch), branch, lang), newEntry: true);
            }
            text.Line(Say.In(lang, $"{i + 1}. {SeatText.Zone(zone, lang)} · {zone.Floor} · 空闲 {count.Free}/{count.Seats}",
                $"{i + 1}. {SeatText.Zone(zone, lang)} · {zone.Floor} · {count.Free} of {count.Seats} free"));
        }
        text.Line(Say.In(lang, "回复 订座 N 预订该区最合适的空位", "Reply book N to book the best free seat in zone N"), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }

    private static string BranchLine(BranchStatus? branch, string code, Language lang) => branch is null
        ? code
        : (lang == Language.En ? branch.Branch.NameEn : branch.Branch.Name) + (branch.OpenNow ? "" : Say.In(lang, "（闭馆中）", " (closed now)"));
}
