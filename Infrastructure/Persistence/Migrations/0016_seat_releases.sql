-- The release job's third search: live bookings whose time has run out (checked in, or on a leave reaching past the
-- end). And the note staff leave when they lift a suspension, shown beside it.
create index seat_bookings_live_ending on seat_bookings (upper(during)) where status in ('booked', 'checked_in', 'on_leave');

alter table seat_suspensions add column lift_note text;
alter table seat_suspensions add constraint seat_suspensions_lifted_with_note
    check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_note is null));
