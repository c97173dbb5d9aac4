using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Rooms in a test database: a room of a branch written straight into <c>rooms</c>, bookings in any state, and what
/// tests read back (a booking's status, who holds it). Tests that exercise staff's room set-up go through the API.
/// </summary>
internal static class Rooms
{
    /// <summary>A room of the branch (main by default) on the fourth floor; returns its id.</summary>
    public static async Task<long> AddRoomAsync(this TestDatabase database, string code, int capacity = 6, int minGroup = 1, bool needsApproval = false,
        string[]? patronGroups = null, string branch = Library.MainBranch, bool enabled = true)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into rooms (branch_id, code, name, name_en, floor, kind, capacity, min_group, needs_approval, patron_groups, enabled)
            select id, @code, '研讨室' || @code, 'Room ' || @code, '4F', 'discussion', @capacity, @minGroup, @needsApproval, @patronGroups, @enabled
            from branches where code = @branch
            returning id
            """, new { code, capacity, minGroup, needsApproval, patronGroups, branch, enabled });
    }

    /// <summary>
    /// A booking of the room by the organiser from <paramref name="start"/> to <paramref name="end"/>, as the booking use
    /// cases would have left it: the organiser confirmed, each companion with their answer (confirmed unless said), and
    /// <c>holds</c> set for the confirmed; a checked-in booking was checked in by the organiser at its start.
    /// <paramref name="confirmBy"/> defaults to the start.
    /// </summary>
    public static Task<long> AddRoomBookingAsync(this TestDatabase database, string organiserCard, string room, DateTimeOffset start, DateTimeOffset end,
        string status = "confirmed", params string[] companionCards) =>
        database.AddRoomBookingAsync(organiserCard, room, start, end, status, start, [.. companionCards.Select(c => (c, "confirmed"))]);

    public static async Task<long> AddRoomBookingAsync(this TestDatabase database, string organiserCard, string room, DateTimeOffset start, DateTimeOffset end,
        string status, DateTimeOffset confirmBy, params (string Card, string Status)[] companions)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with booking as (
                insert into room_bookings (room_id, organiser_id, during, status, confirm_by, checked_in_at, checked_in_by)
                select r.id, p.id, tstzrange(@start, @end), @status, @confirmBy,
                       case when @status = 'checked_in' then @start end, case when @status = 'checked_in' then p.id end
                from rooms r, patrons p where r.code = @room and p.card_number = @organiserCard
                returning id, organiser_id, during),
            members as (
                insert into room_booking_members (booking_id, patron_id, role, status, during, holds)
                select b.id, b.organiser_id, 'organiser', 'confirmed', b.during, true from booking b
                union all
                select b.id, p.id, 'companion', c.status, b.during, c.status = 'confirmed'
                from booking b cross join unnest(@cards, @statuses) as c (card, status) join patrons p on p.card_number = c.card)
            select id from booking
            """, new
        {
            organiserCard, room, status, start = start.ToUniversalTime(), end = end.ToUniversalTime(), confirmBy = confirmBy.ToUniversalTime(),
            cards = companions.Select(c => c.Card).ToArray(), statuses = companions.Select(c => c.Status).ToArray(),
        });
    }

    /// <summary>Ends a live booking as the schedule or a cancellation would: its status and reason, by the system, no one holding it.</summary>
    public static async Task EndRoomBookingAsync(this TestDatabase database, long bookingId, string status, string endReason)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            update room_bookings set status = @status, ended_at = now(), end_reason = @endReason, ended_by = 'system' where id = @bookingId;
            update room_booking_members set holds = false where booking_id = @bookingId;
            """, new { bookingId, status, endReason });
    }

    public static async Task<(string Status, string? EndReason)> RoomBookingStatusAsync(this TestDatabase database, long bookingId)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleAsync<(string, string?)>("select status, end_reason from room_bookings where id = @bookingId", new { bookingId });
    }

    /// <summary>The booking's group by card number: each member's answer and whether they hold the room.</summary>
    public static async Task<Dictionary<string, (string Status, bool Holds)>> RoomMembersAsync(this TestDatabase database, long bookingId)
    {
        await using var connection = database.Open();
        return (await connection.QueryAsync<(string Card, string Status, bool Holds)>("""
            select p.card_number, m.status, m.holds from room_booking_members m join patrons p on p.id = m.patron_id where m.booking_id = @bookingId
            """, new { bookingId })).ToDictionary(m => m.Card, m => (m.Status, m.Holds));
    }

    /// <summary>How many room bookings the reader holds now.</summary>
    public static async Task<int> RoomsHeldAsync(this TestDatabase database, string card)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("""
            select count(*)::int from room_booking_members m join patrons p on p.id = m.patron_id where p.card_number = @card and m.holds
            """, new { card });
    }

    public static async Task<int> LiveRoomBookingsAsync(this TestDatabase database, long roomId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("""
            select count(*)::int from room_bookings where room_id = @roomId and status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in')
            """, new { roomId });
    }

    /// <summary>How many audit rows of the action name the booking.</summary>
    public static async Task<int> RoomAuditCountAsync(this TestDatabase database, string action, long bookingId)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<int>("select count(*)::int from audit_log where action = @action and target = @target",
            new { action, target = $"room-booking:{bookingId}" });
    }

    /// <summary>The library's days ahead a room may be booked (<c>room_rules.days_ahead</c>; today is day 0).</summary>
    public static async Task SetRoomDaysAheadAsync(this TestDatabase database, int days)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("update room_rules set days_ahead = @days", new { days });
    }

    /// <summary>Seat booking (and so room booking) suspended for the reader until <paramref name="until"/>.</summary>
    public static async Task SuspendAsync(this TestDatabase database, string card, DateTimeOffset from, DateTimeOffset until)
    {
        await using var connection = database.Open();
        await connection.ExecuteAsync("""
            insert into seat_suspensions (patron_id, starts_at, ends_at, reason) select id, @from, @until, '30天内违约3次' from patrons where card_number = @card
            """, new { card, from = from.ToUniversalTime(), until = until.ToUniversalTime() });
    }

    public static async Task<RoomBookingRecord> RoomBookingAsync(this TestDatabase database, long bookingId)
    {
        await using var connection = database.Open();
        return await connection.QuerySingleAsync<RoomBookingRecord>("""
            select b.id, b.status, b.ended_at, b.end_reason, b.ended_by,
                   (select count(*) from room_booking_members m where m.booking_id = b.id and m.holds)::int as holding
            from room_bookings b where b.id = @bookingId
            """, new { bookingId });
    }

    /// <summary>The half-hour slot that starts at least <paramref name="ahead"/> after <paramref name="now"/>.</summary>
    public static DateTimeOffset SlotAfter(DateTimeOffset now, TimeSpan ahead)
    {
        var from = now + ahead;
        var slot = TimeSpan.FromMinutes(30).Ticks;
        var ticks = (from.UtcTicks + slot - 1) / slot * slot;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

internal sealed class RoomBookingRecord
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public string? EndedBy { get; init; }

    /// <summary>Members who still hold the room.</summary>
    public int Holding { get; init; }
}
