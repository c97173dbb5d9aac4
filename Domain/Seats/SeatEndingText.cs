using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>How a booking ended, said shortly in the reader's language with the library-local time.</summary>
public static class SeatEndingText
{
    public static string? For(SeatBooking b, Language language, TimeZoneInfo zone)
    {
        if (b.EndedAt is not { } at || b.EndReason is not { } reason)
            return null;
        var time = TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var en = language == Language.En;
        return reason switch
        {
            SeatEndReason.NoShow => en ? $"released {time}, no check-in" : $"{time} 未签到，已释放",
            SeatEndReason.LeaveOverrun => en ? $"released {time}, leave overrun" : $"{time} 暂离超时，已释放",
            SeatEndReason.ReleasedByStaff when b.EndNote is { } why => en ? $"released {time} by staff: {why}" : $"{time} 由馆员释放：{why}",
            SeatEndReason.ReleasedByStaff => en ? $"released {time} by staff" : $"{time} 由馆员释放",
            SeatEndReason.Left => en ? $"left {time}" : $"{time} 签退",
            SeatEndReason.TimeUp => en ? $"ended {time}" : $"{time} 到时结束",
            SeatEndReason.CancelledByReader => en ? $"cancelled {time}" : $"{time} 已取消",
            SeatEndReason.CancelledByStaff => en ? $"cancelled {time} by staff" : $"{time} 由馆员取消",
            SeatEndReason.ZoneClosed => en ? $"cancelled {time}, zone closed" : $"{time} 区域关闭，已取消",
            _ => $"{reason} {time}",
        };
    }
}
