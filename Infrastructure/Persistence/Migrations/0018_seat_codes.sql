-- A seat is found by its code whatever the case (a scanned QR code, a code typed in the chat): two codes differing
-- only in case would make that ambiguous. Staff's codes are stored upper-case; this makes the rule the database's.
create unique index seats_code_upper on seats (upper(code));
