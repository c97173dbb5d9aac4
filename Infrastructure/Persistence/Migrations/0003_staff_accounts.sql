create extension if not exists citext;

-- Library staff who use the REST API from their own tools. Roles are checked by the API's authorization policies.
create table staff_accounts (
    id              bigint generated always as identity primary key,
    username        citext not null unique check (username ~ '^[A-Za-z0-9._-]{3,32}$'),
    display_name    text not null check (display_name <> ''),
    password_hash   text not null,
    roles           text[] not null check (cardinality(roles) > 0
                        and roles <@ array['admin', 'circulation', 'reference', 'announcer']),
    active          boolean not null default true,
    created_at      timestamptz not null default now()
);
