using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Seats in a test database: a zone of the main branch with its seats, and bookings written straight into
/// <c>seat_bookings</c> in any state, so that a test of the server's schedule starts from the morning it needs.
/// </summary>
internal static class Seats
{
    /// <summary>A quiet zone on the main branch's second floor (named <paramref name="name"/>) with seats <c>{prefix}001</c>…; returns the seats' codes.</summary>
    public static async Task<IReadOnlyList<string>> AddSeatZoneAsync(this TestDatabase database, string zone, int seats, string prefix = "A2-",
        int checkinClosesMinutes = 30, string name = "二楼自习区", string nameEn = "Quiet study, 2F")
    {
        await using var connection = database.Open();
        var zoneId = await connection.ExecuteScalarAsync<long>("""
            insert into seat_zones (branch_id, code, name, name_en, floor, kind, checkin_closes_minutes)
            select id, @zone, @name, @nameEn, '2F', 'quiet', @checkinClosesMinutes from branches where code = 'main'
            returning id
            """, new { zone, checkinClosesMinutes, name, nameEn });
        var codes = Enumerable.Range(1, seats).Select(i => $"{prefix}{i:000}").ToArray();
        await connection.ExecuteAsync(
            "insert into seats (zone_id, code, has_power) select @zoneId, c, true from unnest(@codes) c", new { zoneId, codes });
        return codes;
    }

    /// <summary>
    /// A booking of the seat by the reader from <paramref name="start"/> to <paramref name="end"/>, as the booking use
    /// cases would have left it: <c>booked</c>, <c>checked_in</c> or <c>on_leave</c> (until <paramref name="leaveUntil"/>).
    /// </summary>
    public static async Task<long> AddSeatBookingAsync(this TestDatabase database, string card, string seat, DateTimeOffset start, DateTimeOffset end,
        string status = "booked", DateTimeOffset? leaveUntil = null)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into seat_bookings (seat_id, patron_id, during, status, checked_in_at, leave_started_at, leave_until)
            select s.id, p.id, tstzrange(@start, @end), @status,
                   case when @status <> 'booked' then @start end,
                   case when @status = 'on_leave' then @leaveUntil - interval '30 minutes' end,
                   @leaveUntil
            from seats s, patrons p where s.code = @seat and p.card_number = @card
            returning id
            """, new { card, seat, start = start.ToUniversalTime(), end = end.ToUniversalTime(), status, leaveUntil = leaveUntil?.ToUniversalTime() });
    }

    /// <summary>A past booking released as a violation of <paramref name="kind"/> at <paramref name="at"/>, with its violation row.</summary>
    public static async Task AddSeatViolationAsync(this TestDatabase database, string card, string seat, DateTimeOffset at, string kind = "no_show")
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            with booking as (
                insert into seat_bookings (seat_id, patron_id, during, status, ended_at, end_reason, ended_by)
                select s.id, p.id, tstzrange(@at - interval '30 minutes', @at + interval '3 hours'), 'released', @at, @kind, 'system'
                from seats s, patrons p where s.code = @seat and p.card_number = @card
                returning id, patron_id)
            insert into seat_violations (patron_id, booking_id, kind, occurred_at) select patron_id, id, @kind, @at from booking
            """, new { card, seat, at = at.ToUniversalTime(), kind });
    }

    public static async Task<SeatBookingRecord> SeatBookingAsync(this TestDatabase database, long bookingId)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleAsync<SeatBookingRecord>(
            "select id, status, ended_at, end_reason, ended_by, end_note from seat_bookings where id = @bookingId", new { bookingId });
    }

    /// <summary>Every booking of the reader, oldest first, with its seat and library-agnostic UTC times.</summary>
    public static async Task<IReadOnlyList<ReaderSeatBookingRecord>> SeatBookingsOfAsync(this TestDatabase database, string card)
    {
        await using var connection = database.Open();
        return [.. await connection.QueryAsync<ReaderSeatBookingRecord>("""
            select b.id, s.code as seat, b.status, b.end_reason, lower(b.during) as starts, upper(b.during) as ends
            from seat_bookings b join seats s on s.id = b.seat_id join patrons p on p.id = b.patron_id
            where p.card_number = @card order by b.id
            """, new { card })];
    }

    public static async Task<int> SeatCountAsync(this TestDatabase database, string sql, object? parameters = null)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }
}

internal sealed class SeatBookingRecord
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public string? EndedBy { get; init; }
    public string? EndNote { get; init; }
}

internal sealed class ReaderSeatBookingRecord
{
    public long Id { get; init; }
    public string Seat { get; init; } = "";
    public string Status { get; init; } = "";
    public string? EndReason { get; init; }
    public DateTime Starts { get; init; }
    public DateTime Ends { get; init; }
}
