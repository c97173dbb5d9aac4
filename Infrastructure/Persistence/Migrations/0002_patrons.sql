-- Readers as the library knows them, and the one-to-one link between a library card and a WeChat openid.
create table patrons (
    id                  bigint generated always as identity primary key,
    card_number         text not null unique check (card_number ~ '^[0-9A-Za-z-]{4,32}$'),
    name                text not null check (name <> ''),
    patron_group        text not null check (patron_group in
                            ('undergraduate', 'graduate', 'faculty', 'staff', 'alumni', 'family_member', 'admitted')),
    college             text not null default '',
    campus              text not null default '',
    status              text not null default 'active' check (status in ('active', 'restricted', 'expired')),
    restriction_reason  text,
    expires_on          date not null,
    preferred_language  text not null default 'zh' check (preferred_language in ('zh', 'en')),
    pin_hash            text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint patrons_restriction_has_reason check ((status = 'restricted') = (restriction_reason is not null))
);

-- patron_id as the key: one openid per card; the unique openid: one card per openid.
create table wechat_bindings (
    patron_id   bigint primary key references patrons (id) on delete cascade,
    openid      text not null constraint wechat_bindings_openid_key unique check (openid ~ '^[0-9A-Za-z_-]{6,64}$'),
    bound_via   text not null check (bound_via in ('pin', 'cas', 'import')),
    bound_at    timestamptz not null default now()
);
