-- The metrics count dead letters by kind every few seconds: from this small index, not by scanning every sent notice.
create index notifications_dead on notifications (kind) where state = 'dead';
