-- +goose Up
-- Member companies, their people, groups, login and invitation state, the audit log and the
-- mail outbox. Norwegian sorting (æ, ø, å after z) through the ICU collation "nb".
CREATE COLLATION IF NOT EXISTS nb (provider = icu, locale = 'nb-NO');

CREATE TABLE companies (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    short_name      text NOT NULL DEFAULT '' CHECK (length(short_name) <= 40),
    org_number      text NOT NULL DEFAULT '' CHECK (org_number = '' OR org_number ~ '^[0-9]{9}$'),
    municipalities  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(municipalities) <= 60),
    inhabitants     integer CHECK (inhabitants BETWEEN 0 AND 10000000),
    address         text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    website         text NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https?://[^\s]+$'),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    contact_user_id bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id           bigint NOT NULL REFERENCES companies (id),
    email                text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    title                text NOT NULL DEFAULT '' CHECK (length(title) <= 120),
    phone                text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    role                 text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'company_admin', 'cluster_admin')),
    active               boolean NOT NULL DEFAULT true,
    password_hash        text CHECK (password_hash LIKE '$argon2id$%'), -- NULL until an invitation is accepted
    sessions_valid_after timestamptz NOT NULL DEFAULT now(),            -- sessions started before this are void
    last_login_at        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, company_id)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_company_name_idx ON users (company_id, name COLLATE nb);
CREATE INDEX users_name_idx ON users (name COLLATE nb, id);

-- The contact person is one of the company's own people.
ALTER TABLE companies ADD CONSTRAINT companies_contact_fk
    FOREIGN KEY (contact_user_id, id) REFERENCES users (id, company_id) ON DELETE SET NULL (contact_user_id);

CREATE TABLE groups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    kind        text NOT NULL CHECK (kind IN ('direktorforum', 'styringsgruppe', 'faggruppe')),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- There is one directors' forum and one steering group.
CREATE UNIQUE INDEX groups_one_of_kind ON groups (kind) WHERE kind IN ('direktorforum', 'styringsgruppe');

CREATE TABLE group_members (
    group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_idx ON group_members (user_id);

-- Single-use tokens for invitations and password resets; only their SHA-256 is stored.
CREATE TABLE user_tokens (
    hash       bytea PRIMARY KEY CHECK (length(hash) = 32),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (expires_at > created_at)
);
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, purpose);

-- Failed logins per client address and per account, shared by every instance.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY CHECK (key ~ '^(ip|account):' AND length(key) <= 300),
    failures     integer NOT NULL CHECK (failures > 0),
    window_start timestamptz NOT NULL
);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    company_id  bigint REFERENCES companies (id) ON DELETE SET NULL,
    action      text NOT NULL CHECK (action ~ '^[a-z_.]{1,60}$'),
    target_type text NOT NULL CHECK (length(target_type) BETWEEN 1 AND 30),
    target_id   bigint,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_company_idx ON audit_log (company_id, at DESC);

-- Mail is written here in the transaction of the change that causes it, and sent by a worker.
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address      text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254 AND to_address !~ '[\r\n]'),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300 AND subject !~ '[\r\n]'),
    body            text NOT NULL CHECK (length(body) <= 100000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_error      text NOT NULL DEFAULT '' CHECK (length(last_error) <= 2000)
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id DESC);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE audit_log;
DROP TABLE login_throttle;
DROP TABLE user_tokens;
DROP TABLE group_members;
DROP TABLE groups;
ALTER TABLE companies DROP CONSTRAINT companies_contact_fk;
DROP TABLE users;
DROP TABLE companies;
DROP COLLATION IF EXISTS nb;
