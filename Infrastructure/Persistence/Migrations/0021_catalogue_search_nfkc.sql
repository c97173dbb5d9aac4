-- Search text in the form readers' queries take: NFKC (full-width letters, digits and punctuation as half-width,
-- the ideographic space as a space) then lower case, so that "Ｃ＋＋程序设计：" is found as printed or as typed.

-- The one fold of catalogue search: the stored text's and, applied by the search, the query's. normalize() and lower()
-- are immutable; bodies in standard SQL are bound at creation, so a restore (empty search_path) still finds the fold.
create function catalogue_fold(value text) returns text
    language sql immutable parallel safe
    return lower(normalize(value, nfkc));

-- The same, word by word, for the query's short words looked up among the stored characters and pairs.
create function catalogue_fold(words text[]) returns text[]
    language sql immutable parallel safe
    return array(select catalogue_fold(w) from unnest(words) w);

-- Waits at most ten seconds for the table behind running queries, rather than queueing every query behind itself.
set local lock_timeout = '10s';

-- Generated columns take no new expression before PostgreSQL 17: they are dropped (with their indexes) and added back,
-- which computes every title's text now; inserts and updates (imports) keep it right from then on.
drop index titles_title_lower;
alter table titles drop column search_grams, drop column search_document;

create or replace function catalogue_document(title text, author text, subjects text[]) returns text
    language sql immutable parallel safe
    return catalogue_fold(title || ' ' || author || ' ' || array_to_string(subjects, ' '));

alter table titles
    add column search_document text generated always as (catalogue_document(title, author, subjects)) stored,
    add column search_grams text[] generated always as (catalogue_grams(catalogue_document(title, author, subjects))) stored;
create index titles_search_trgm on titles using gin (search_document gin_trgm_ops);
create index titles_search_grams on titles using gin (search_grams);
-- The whole title and its start, folded, in byte order whatever the database's collation, for the ranking's first candidates.
create index titles_title_folded on titles ((catalogue_fold(title) collate "C"));

-- The new columns have no statistics yet, and a rewrite does not prompt autovacuum to gather them.
analyze titles;
