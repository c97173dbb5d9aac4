-- What staff said when they released a reader's seat: the reader is told it and sees it beside the booking.
-- Only an ended booking has one, trimmed and at most 200 characters, as the release use case keeps it.
alter table seat_bookings add column end_note text;
alter table seat_bookings add constraint seat_bookings_end_note
    check (end_note is null or (ended_at is not null and end_note = btrim(end_note) and char_length(end_note) between 1 and 200));
