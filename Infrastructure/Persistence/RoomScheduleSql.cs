namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The room schedule's searches. Each condition is <see cref="Domain.Rooms.Schedule.RoomScheduleRules"/> written as SQL,
/// led by a bound one of 0017's partial indexes can use (a booking lasts 30 minutes at least).
/// </summary>
internal static class RoomScheduleSql
{
    private const string SelectBooking = """
        select b.id, b.organiser_id, b.status, lower(b.during) as starts_at, upper(b.during) as ends_at, b.confirm_by,
               rr.checkin_opens_minutes, rr.checkin_closes_minutes,
               r.code as room_code, r.name as room_name, r.name_en as room_name_en, r.min_group
        from room_bookings b
        join rooms r on r.id = b.room_id
        cross join room_rules rr
        """;

    // Skip locked: a booking another instance is ending, or a use case is changing (a member confirming, a check-in),
    // waits for the next run instead of holding this one up; the rows taken are read as they now are.
    public const string LockDue = $"""
        {SelectBooking}
        where (b.status in ('pending', 'awaiting_approval') and b.confirm_by <= @now)
           or (b.status = 'confirmed'
               and lower(b.during) <= @now - (select make_interval(mins => least(checkin_closes_minutes, 30)) from room_rules)
               and (lower(b.during) + make_interval(mins => rr.checkin_closes_minutes) <= @now or upper(b.during) <= @now))
           or (b.status in ('confirmed', 'checked_in') and upper(b.during) <= @now)
        order by b.id
        limit @limit
        for no key update of b skip locked
        """;

    public const string Members = """
        select m.booking_id, m.patron_id, m.role, m.status, p.preferred_language
        from room_booking_members m join patrons p on p.id = m.patron_id
        where m.booking_id = any(@ids)
        order by m.booking_id, m.patron_id
        """;

    // Every ending frees the members in the same statement: the person-overlap constraint lets them book again at once.
    public const string End = """
        with ended as (
            update room_bookings b
            set status = e.status, ended_at = @endedAt, end_reason = e.reason, ended_by = 'system'
            from unnest(@ids, @statuses, @reasons) as e (id, status, reason)
            where b.id = e.id and b.status in ('pending', 'awaiting_approval', 'confirmed', 'checked_in')
            returning b.id)
        update room_booking_members m set holds = false from ended where m.booking_id = ended.id and m.holds
        """;

    public const string RecordNoShows = """
        insert into seat_violations (patron_id, room_booking_id, kind, occurred_at)
        select v.patron_id, v.booking_id, 'room_no_show', v.occurred_at
        from unnest(@patronIds, @bookingIds, @occurredAt::timestamptz[]) as v (patron_id, booking_id, occurred_at)
        order by v.booking_id
        on conflict (room_booking_id) do nothing
        returning id, patron_id, room_booking_id as booking_id, kind, occurred_at
        """;

    public const string AwaitingReminder = $"""
        select b.id, b.organiser_id, b.status, lower(b.during) as starts_at, upper(b.during) as ends_at, b.confirm_by,
               rr.checkin_opens_minutes, rr.checkin_closes_minutes,
               r.code as room_code, r.name as room_name, r.name_en as room_name_en, r.min_group,
               m.patron_id as member_id, m.role as member_role, m.status as member_status, p.preferred_language
        from room_bookings b
        join rooms r on r.id = b.room_id
        cross join room_rules rr
        join room_booking_members m on m.booking_id = b.id and m.status = 'confirmed'
        join patrons p on p.id = m.patron_id
        where b.status = 'confirmed' and lower(b.during) > @now and lower(b.during) <= @now + interval '15 minutes'
          and not exists (select 1 from notifications n where n.idempotency_key = 'room-starting:' || b.id || ':' || m.patron_id)
        order by b.id, m.patron_id
        """;
}
