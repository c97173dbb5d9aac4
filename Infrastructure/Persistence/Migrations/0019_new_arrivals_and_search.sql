-- New arrivals, readers' subscriptions and their weekly digest, hot loans, and catalogue search on Chinese text.

-- An item is a new arrival from its accession date (the ILS's, or the day it was first imported).
alter table items add column accessioned_on date;
update items set accessioned_on = created_at::date;
alter table items alter column accessioned_on set not null, alter column accessioned_on set default current_date;
create index items_by_accession on items (accessioned_on, title_id) where status not in ('lost', 'withdrawn');

-- What a reader wants to hear about: a CLC class (a main class such as K, or a sub-class such as TP or TP3) or a keyword.
create table new_arrival_subscriptions (
    patron_id   bigint not null references patrons (id) on delete cascade,
    kind        text not null check (kind in ('class', 'keyword')),
    value       text not null check (value <> '' and char_length(value) <= 30),
    created_at  timestamptz not null default now(),
    primary key (patron_id, kind, value)
);

-- Up to which accession date each subscriber's digest has covered: the next one starts the day after.
create table new_arrival_digest_marks (
    patron_id      bigint primary key references patrons (id) on delete cascade,
    covered_until  date not null,
    updated_at     timestamptz not null default now()
);

-- Titles borrowed in the last 30 days and how often, rebuilt by a scheduled job: the hot list reads only this.
create table hot_titles (
    title_id      bigint primary key references titles (id) on delete cascade,
    loans         int not null check (loans > 0),
    clc_class     text not null,
    refreshed_at  timestamptz not null
);
create index hot_titles_by_loans on hot_titles (loans desc, title_id);
create index loans_by_loan_date on loans (loaned_on);

-- Search: trigrams for words of three characters or more, single characters and pairs for shorter Chinese words
-- (a trigram index cannot narrow a one- or two-character query).
create extension if not exists pg_trgm;

-- Declared immutable for the columns below: it depends only on its arguments (array_to_string is stable only because
-- of other element types' output functions).
create function catalogue_document(title text, author text, subjects text[]) returns text
    language sql immutable parallel safe
    as $$ select lower(title || ' ' || author || ' ' || array_to_string(subjects, ' ')) $$;

create function catalogue_grams(document text) returns text[]
    language sql immutable parallel safe
    as $$
        select coalesce(array_agg(distinct g), '{}')
        from (select substr(document, i, 1) as g from generate_series(1, char_length(document)) i
              union all
              select substr(document, i, 2) from generate_series(1, char_length(document) - 1) i) s
        where g !~ '\s'
    $$;

-- Stored, not index expressions: the grams take about 0.1 ms a title to compute, so a plan that filters rows (a
-- common character matches a third of the catalogue) would spend its time recomputing them.
alter table titles
    add column search_document text generated always as (catalogue_document(title, author, subjects)) stored,
    add column search_grams text[] generated always as (catalogue_grams(catalogue_document(title, author, subjects))) stored;
create index titles_search_trgm on titles using gin (search_document gin_trgm_ops);
create index titles_search_grams on titles using gin (search_grams);
-- The whole title and its start, in byte order whatever the database's collation, for the ranking's first candidates.
create index titles_title_lower on titles ((lower(title) collate "C"));
create index titles_clc_class on titles (clc_class text_pattern_ops);
