namespace WeChatLib.Infrastructure.Persistence;

/// <summary>
/// The release job's searches. Each condition is <see cref="Domain.Seats.Releases.ReleaseRules"/> written as SQL, led by
/// a bound each partial index can use (the check-in window closes at least 5 minutes after the start).
/// </summary>
internal static class SeatReleaseSql
{
    public const string SelectBooking = """
        select b.id, b.patron_id, b.status, lower(b.during) as starts_at, upper(b.during) as ends_at,
               b.leave_started_at, b.leave_until, z.checkin_closes_minutes,
               s.code as seat_code, z.name as zone_name, z.name_en as zone_name_en, p.preferred_language
        from seat_bookings b
        join seats s on s.id = b.seat_id
        join seat_zones z on z.id = s.zone_id
        join patrons p on p.id = b.patron_id
        """;

    // Read again under each row's lock (READ COMMITTED re-checks the conditions on the row as it now is), in id
    // order so that two runs meeting on the same rows queue behind each other instead of deadlocking.
    public const string LockDue = $"""
        {SelectBooking}
        where (b.status = 'booked' and lower(b.during) <= @now - interval '5 minutes'
               and (lower(b.during) + make_interval(mins => z.checkin_closes_minutes) <= @now or upper(b.during) <= @now))
           or (b.status = 'on_leave' and b.leave_until <= @now)
           or (b.status in ('booked', 'checked_in', 'on_leave') and upper(b.during) <= @now)
        order by b.id
        limit @limit
        for no key update of b
        """;

    public const string AwaitingReminder = $"""
        {SelectBooking}
        where (b.status = 'booked'
               and lower(b.during) <= @now + interval '10 minutes' - interval '5 minutes'
               and lower(b.during) + make_interval(mins => z.checkin_closes_minutes) - interval '10 minutes' <= @now
               and lower(b.during) + make_interval(mins => z.checkin_closes_minutes) > @now
               and not exists (select 1 from notifications n where n.idempotency_key = 'seat-checkin-closing:' || b.id))
           or (b.status = 'on_leave' and b.leave_until > @now and b.leave_until <= @now + interval '5 minutes'
               and not exists (select 1 from notifications n
                               where n.idempotency_key = 'seat-leave-ending:' || b.id || ':' || floor(extract(epoch from b.leave_until))::bigint))
        order by b.id
        """;

    public const string End = """
        update seat_bookings b
        set status = e.status, ended_at = @endedAt, end_reason = e.reason, ended_by = 'system', leave_until = null
        from unnest(@ids, @statuses, @reasons) as e (id, status, reason)
        where b.id = e.id and b.status in ('booked', 'checked_in', 'on_leave')
        """;

    public const string RecordViolations = """
        insert into seat_violations (patron_id, booking_id, kind, occurred_at)
        select * from unnest(@patronIds, @bookingIds, @kinds, @occurredAt::timestamptz[])
        order by 2
        on conflict (booking_id) do nothing
        returning id, patron_id, booking_id, kind, occurred_at
        """;
}
