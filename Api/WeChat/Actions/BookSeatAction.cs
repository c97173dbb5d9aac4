using System.Globalization;
using System.Text.RegularExpressions;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “订座 2” / “book 2”, or a bare “2” right after the “座位” list: the best free seat of zone 2 from now until the zone's
/// default end; “订座 A2-017”: that seat. Answers the seat, the time and until when to check in, every reason it is
/// refused, or “taken” with the nearest seats still free.
/// </summary>
public sealed partial class BookSeatAction(BookSeat bookSeat, LastSeatZoneList lastList, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return reader.BindFirst();
        var lang = patron.PreferredLanguage;
        var bare = MessageRouter.RouteKey(message) == MessageRouter.BareNumber;
        var asked = bare ? ChatArgument.After(message.Content, "") : ChatArgument.After(message.Content, "订座", "book");

        SeatRequest request;
        if (ListNumber().IsMatch(asked))
        {
            var number = int.Parse(asked, CultureInfo.InvariantCulture);
            if (await lastList.FindAsync(message.FromUserName, lastShown: bare) is not { } zones)
                return Text(lang, "请先回复“座位”查看各区空位（列表 5 分钟内有效），再回复“订座 序号”。",
                    "Please reply seats first to see the free seats (the list is kept for 5 minutes), then book N.");
            if (number < 1 || number > zones.Count)
                return Text(lang, $"列表中没有第 {number} 个区域（共 {zones.Count} 个）。回复“座位”重新查看。",
                    $"The list has no zone {number} (it has {zones.Count}). Reply seats to see it again.");
            request = new SeatRequest(null, zones[number - 1]);
        }
        else if (!bare && SeatCode().IsMatch(asked))
        {
            request = new SeatRequest(asked.ToUpperInvariant(), null);
        }
        else
        {
            return Text(lang, "回复“座位”查看各区空位，再回复“订座 序号”预订该区最合适的空位，或“订座 座位号”预订指定座位。",
                "Reply seats to see the free seats, then book N for the best free seat in zone N, or book followed by a seat code.");
        }

        var now = clock.UtcNow;
        return await bookSeat.HandleAsync(new ReaderRef.WeChat(message.FromUserName), request, cancellationToken) switch
        {
            SeatBookingResult.Booked b => Booked(b, now),
            SeatBookingResult.Refused r => new WeChatReply.Text(SeatText.Refused("预订", "book", r.Reasons, r.Language, clock.Zone)),
            SeatBookingResult.Taken t => Taken(t),
            SeatBookingResult.TooManyRequests => Text(lang, "操作过于频繁，请一分钟后再试。", "Too many seat requests; please try again in a minute."),
            _ => reader.BindFirst(),
        };
    }

    private WeChatReply.Text Booked(SeatBookingResult.Booked booked, DateTimeOffset now)
    {
        var (b, lang, zone) = (booked.Booking, booked.Language, clock.Zone);
        var (opens, closes) = SeatRules.CheckInWindow(b, booked.Rules);
        var from = opens > now ? Say.In(lang, $"{SeatText.Time(opens, zone, now)} 起", $"from {SeatText.Time(opens, zone, now)} ") : "";
        return Text(lang,
            $"已预订 {SeatText.Seat(b, lang)}，{SeatText.Time(b.Starts, zone, now)}–{SeatText.Time(b.Ends, zone, now)}。\n请于 {from}{SeatText.Time(closes, zone, now)} 前扫码签到，逾时座位将被释放。",
            $"Booked: {SeatText.Seat(b, lang)}, {SeatText.Time(b.Starts, zone, now)}–{SeatText.Time(b.Ends, zone, now)}.\nScan the seat's QR code {from}by {SeatText.Time(closes, zone, now)} to check in, or the seat is released.");
    }

    private static WeChatReply.Text Taken(SeatBookingResult.Taken taken)
    {
        var lang = taken.Language;
        var first = taken.Seat is { } seat ? Say.In(lang, $"抱歉，座位 {seat} 刚被预订。", $"Sorry, seat {seat} was just taken.")
            : Say.In(lang, $"抱歉，{SeatText.Zone(taken.Zone, lang)}的空位刚被订完。", $"Sorry, {SeatText.Zone(taken.Zone, lang)} has just been filled.");
        if (taken.Nearest.Count == 0)
            return new WeChatReply.Text(first + Say.In(lang, "回复“座位”查看其他区域。", " Reply seats to see other zones."));
        var codes = string.Join(Say.In(lang, "、", ", "), taken.Nearest.Select(s => s.Code));
        return new WeChatReply.Text(first + Say.In(lang, $"\n附近空位：{codes}，回复“订座 {taken.Nearest[0].Code}”预订。",
            $"\nStill free nearby: {codes}; reply book {taken.Nearest[0].Code} to book one."));
    }

    private static WeChatReply.Text Text(Language language, string zh, string en) => new(Say.In(language, zh, en));

    // The zone list has a handful of entries; a seat code has letters or a dash.
    [GeneratedRegex("^[0-9]{1,2}$")]
    private static partial Regex ListNumber();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
    private static partial Regex SeatCode();
}
