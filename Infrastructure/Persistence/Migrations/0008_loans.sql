-- A minimal catalogue and loans, enough for readers to see their loans from the menu; circulation completes them.
create table titles (
    id          bigint generated always as identity primary key,
    isbn        text not null default '',
    title       text not null check (title <> ''),
    author      text not null default '',
    publisher   text not null default '',
    year        int
);

create table loans (
    id          bigint generated always as identity primary key,
    patron_id   bigint not null references patrons (id),
    title_id    bigint not null references titles (id),
    barcode     text not null,
    loaned_on   date not null,
    due_on      date not null,
    renewals    int not null default 0 check (renewals >= 0),
    returned_at timestamptz
);

-- A reader's current loans, in due order: the one index the menu's "my loans" needs.
create index loans_current_by_patron on loans (patron_id, due_on) where returned_at is null;
