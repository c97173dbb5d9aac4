using System.Globalization;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;

namespace WeChatLib.Domain.Rooms;

/// <summary>
/// The room notices booking queues, one per member with the key <c>{kind}:{bookingId}:{patronId}</c>, so that no repeat
/// tells a member twice; fields are short, for WeChat's 20-character template fields.
/// </summary>
public static class RoomNotices
{
    /// <summary>To a companion: who invites them, to which room and time, and until when to confirm (by reply or a tap).</summary>
    public static Notice Invitation(RoomBooking booking, long companionId, string organiserName, LibraryClock clock) =>
        For(NoticeKind.RoomInvitation, booking, companionId, clock, new()
        {
            ["organiser"] = organiserName,
            ["confirmBy"] = Time(booking.ConfirmBy, clock),
            ["confirmByDate"] = IsoDate.Format(RoomRules.LocalDate(booking.ConfirmBy, clock.Zone)),
            ["hint"] = $"回复“确认 {Id(booking)}”或点击此消息确认",
        });

    /// <summary>To each member named: the booking holds.</summary>
    public static IReadOnlyList<Notice> Confirmed(RoomBooking booking, IEnumerable<long> patronIds, RoomLimits limits, LibraryClock clock) =>
        [.. patronIds.Select(id => For(NoticeKind.RoomConfirmed, booking, id, clock, new()
        {
            ["checkInFrom"] = Time(RoomRules.CheckInWindow(booking, limits).Opens, clock),
        }))];

    /// <summary>To every member but those who declined: staff approved, or rejected with the reason.</summary>
    public static IReadOnlyList<Notice> Approval(RoomBooking booking, bool approved, string? note, LibraryClock clock) =>
        [.. booking.Told.Select(m => For(NoticeKind.RoomApproval, booking, m.PatronId, clock, new()
        {
            ["result"] = approved ? "已通过" : "未通过",
            ["approved"] = approved ? "true" : "false",
            ["note"] = string.IsNullOrWhiteSpace(note) ? (approved ? "请按时签到" : "无") : note.Trim(),
        }))];

    /// <summary>To the members named: the booking is cancelled, and why.</summary>
    public static IReadOnlyList<Notice> Cancelled(RoomBooking booking, IEnumerable<RoomMember> members, string reason, LibraryClock clock) =>
        [.. members.Select(m => For(NoticeKind.RoomCancelled, booking, m.PatronId, clock, new() { ["reason"] = reason }))];

    private static Notice For(string kind, RoomBooking booking, long patronId, LibraryClock clock, Dictionary<string, string> extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["bookingId"] = Id(booking),
            ["room"] = booking.RoomName,
            ["roomCode"] = booking.RoomCode,
            ["date"] = IsoDate.Format(RoomRules.LocalDate(booking.Starts, clock.Zone)),
            ["starts"] = Time(booking.Starts, clock),
            ["ends"] = Time(booking.Ends, clock),
        };
        foreach (var (key, value) in extra)
            fields[key] = value;
        return Notice.ForPatron($"{kind}:{Id(booking)}:{patronId.ToString(CultureInfo.InvariantCulture)}", kind, patronId, fields);
    }

    private static string Id(RoomBooking booking) => booking.Id.ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at, LibraryClock clock) =>
        TimeZoneInfo.ConvertTime(at, clock.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);
}
