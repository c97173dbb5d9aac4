using WeChatLib.Domain.Seats;

namespace WeChatLib.Infrastructure.Persistence;

/// <summary>The statements the seat store and its unit of work share, and the rows they read.</summary>
internal static class SeatSql
{
    public const string Live = "('booked', 'checked_in', 'on_leave')";

    public const string SelectZones = """
        select z.id, z.branch_id, b.code as branch_code, z.code, z.name, z.name_en, z.floor, z.kind, z.enabled,
               z.booking_opens_at, z.opens_day_before, z.min_minutes, z.max_minutes, z.daily_max_minutes, z.default_minutes,
               z.checkin_opens_minutes, z.checkin_closes_minutes, z.leave_minutes, z.meal_leave_minutes
        from seat_zones z
        join branches b on b.id = z.branch_id
        """;

    public const string SelectSeats = "select s.id, s.zone_id, s.code, s.has_power, s.has_lamp, s.by_window, s.enabled, s.map_row, s.map_column from seats s";

    public const string SelectBookings = """
        select sb.id, sb.patron_id, sb.seat_id, s.code as seat_code, z.id as zone_id, z.name as zone_name, z.name_en as zone_name_en,
               br.code as branch_code, lower(sb.during) as starts, upper(sb.during) as ends, sb.status, sb.checked_in_at,
               sb.leave_started_at, sb.leave_until, sb.ended_at, sb.end_reason, sb.ended_by, sb.end_note
        from seat_bookings sb
        join seats s on s.id = sb.seat_id
        join seat_zones z on z.id = s.zone_id
        join branches br on br.id = z.branch_id
        """;

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}

internal sealed class SeatZoneRow
{
    public long Id { get; init; }
    public short BranchId { get; init; }
    public string BranchCode { get; init; } = "";
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Floor { get; init; } = "";
    public string Kind { get; init; } = "";
    public bool Enabled { get; init; }
    public TimeOnly BookingOpensAt { get; init; }
    public bool OpensDayBefore { get; init; }
    public int MinMinutes { get; init; }
    public int MaxMinutes { get; init; }
    public int DailyMaxMinutes { get; init; }
    public int DefaultMinutes { get; init; }
    public int CheckinOpensMinutes { get; init; }
    public int CheckinClosesMinutes { get; init; }
    public int LeaveMinutes { get; init; }
    public int MealLeaveMinutes { get; init; }

    public SeatZone ToZone() => new(Id, BranchId, BranchCode, Code, Name, NameEn, Floor, Kind, Enabled, new SeatZoneRules(
        BookingOpensAt, OpensDayBefore, MinMinutes, MaxMinutes, DailyMaxMinutes, DefaultMinutes, CheckinOpensMinutes, CheckinClosesMinutes,
        LeaveMinutes, MealLeaveMinutes));
}

internal sealed class SeatRow
{
    public long Id { get; init; }
    public long ZoneId { get; init; }
    public string Code { get; init; } = "";
    public bool HasPower { get; init; }
    public bool HasLamp { get; init; }
    public bool ByWindow { get; init; }
    public bool Enabled { get; init; }
    public int? MapRow { get; init; }
    public int? MapColumn { get; init; }
    public bool Taken { get; init; }

    public Seat ToSeat() => new(Id, ZoneId, Code, HasPower, HasLamp, ByWindow, Enabled, MapRow, MapColumn);
}

internal sealed class SeatBookingRow
{
    public long Id { get; init; }
    public long PatronId { get; init; }
    public long SeatId { get; init; }
    public string SeatCode { get; init; } = "";
    public long ZoneId { get; init; }
    public string ZoneName { get; init; } = "";
    public string ZoneNameEn { get; init; } = "";
    public string BranchCode { get; init; } = "";
    public DateTime Starts { get; init; }
    public DateTime Ends { get; init; }
    public string Status { get; init; } = "";
    public DateTime? CheckedInAt { get; init; }
    public DateTime? LeaveStartedAt { get; init; }
    public DateTime? LeaveUntil { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public string? EndedBy { get; init; }
    public string? EndNote { get; init; }

    public SeatBooking ToBooking() => new(Id, PatronId, SeatId, SeatCode, ZoneId, ZoneName, ZoneNameEn, BranchCode, SeatSql.Utc(Starts), SeatSql.Utc(Ends),
        Status, SeatSql.Utc(CheckedInAt), SeatSql.Utc(LeaveStartedAt), SeatSql.Utc(LeaveUntil), SeatSql.Utc(EndedAt), EndReason, EndedBy) { EndNote = EndNote };
}
