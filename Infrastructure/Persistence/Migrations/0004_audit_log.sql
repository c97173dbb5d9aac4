-- Who did what to whom, and when: staff actions, bindings, lockouts. Rows are only ever inserted.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor       text not null,          -- 'staff:12', 'patron:34' or 'system'
    action      text not null,          -- e.g. 'patron.group-changed'
    target      text not null default '',
    details     jsonb not null default '{}'
);

create index audit_log_at on audit_log (at desc);
create index audit_log_target on audit_log (target, at desc);
