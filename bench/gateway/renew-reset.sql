-- Puts the RENEW_ALL readers' loans back as bench/gateway/seed.sql left them (due in two weeks, none renewed, no
-- renewal on record), so that every RENEW_ALL run starts alike and stays far below the 99 renewals their policy allows.
delete from renewals r
using loans l, patrons p
where r.loan_id = l.id and l.patron_id = p.id and p.card_number like 'R%';

update loans l
set due_on = (now() at time zone 'Asia/Shanghai')::date + 14, renewal_count = 0
from patrons p
where l.patron_id = p.id and p.card_number like 'R%' and l.returned_at is null;
