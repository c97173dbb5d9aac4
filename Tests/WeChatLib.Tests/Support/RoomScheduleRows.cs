using Dapper;

namespace WeChatLib.Tests.Support;

/// <summary>
/// Rooms and their bookings written straight into the tables (0017's contract) in any state, so that a test of the
/// server's schedule starts from the moment it needs: a group still to confirm, one awaiting approval, one confirmed.
/// </summary>
internal static class RoomScheduleRows
{
    /// <summary>A discussion room on the main branch; returns its id.</summary>
    public static async Task<long> AddRoomAsync(this TestDatabase database, string code, int capacity = 6, int minGroup = 2, bool needsApproval = false)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            insert into rooms (branch_id, code, name, name_en, floor, kind, capacity, min_group, needs_approval)
            select id, @code, '研讨室' || @code, 'Room ' || @code, '3F', 'discussion', @capacity, @minGroup, @needsApproval
            from branches where code = 'main'
            returning id
            """, new { code, capacity, minGroup, needsApproval });
    }

    /// <summary>
    /// A booking of the room by the organiser, as the booking use cases would have left it: the organiser confirmed,
    /// each companion with their status, and <c>holds</c> set for the confirmed while the booking is live.
    /// </summary>
    public static async Task<long> AddRoomBookingAsync(this TestDatabase database, string room, string organiser, DateTimeOffset start, DateTimeOffset end,
        string status, DateTimeOffset confirmBy, params (string Card, string Status)[] companions)
    {
        await using var connection = database.Open();
        return await connection.ExecuteScalarAsync<long>("""
            with booking as (
                insert into room_bookings (room_id, organiser_id, during, status, confirm_by, checked_in_at, checked_in_by)
                select r.id, p.id, tstzrange(@start, @end), @status, @confirmBy,
                       case when @status = 'checked_in' then @start end, case when @status = 'checked_in' then p.id end
                from rooms r, patrons p where r.code = @room and p.card_number = @organiser
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
            room, organiser, status, start = start.ToUniversalTime(), end = end.ToUniversalTime(), confirmBy = confirmBy.ToUniversalTime(),
            cards = companions.Select(c => c.Card).ToArray(), statuses = companions.Select(c => c.Status).ToArray(),
        });
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
