-- +goose Up
-- Owner representatives (a person from an owner municipality) and partner people (a person
-- from a partner organisation) are users of their own kinds. They belong to no member company:
-- an owner is tied to a municipality, and through it to the companies it owns
-- (companies.municipalities); a partner to a partner organisation. They see only what is
-- opened to their kind (open_to), by the one access rule (internal/access).
ALTER TABLE users ALTER COLUMN company_id DROP NOT NULL;
ALTER TABLE users
    ADD COLUMN municipality text CHECK (municipality IS NULL OR length(municipality) BETWEEN 1 AND 80),
    ADD COLUMN partner_id bigint REFERENCES partner_organisations (id) ON DELETE RESTRICT,
    ADD CONSTRAINT users_kind_ties CHECK (
        CASE kind
            WHEN 'member' THEN company_id IS NOT NULL AND municipality IS NULL AND partner_id IS NULL
            WHEN 'owner' THEN company_id IS NULL AND municipality IS NOT NULL AND partner_id IS NULL
            WHEN 'partner' THEN company_id IS NULL AND municipality IS NULL AND partner_id IS NOT NULL
            ELSE true -- a kind the rule does not know sees nothing anyway
        END);
CREATE INDEX users_municipality_idx ON users (municipality) WHERE municipality IS NOT NULL;
CREATE INDEX users_partner_idx ON users (partner_id) WHERE partner_id IS NOT NULL;
CREATE INDEX companies_municipalities_idx ON companies USING gin (municipalities);

-- What is opened to owners and/or partners besides the members. Only objects tied to no group
-- can be opened (the rule checks that too).
ALTER TABLE forums ADD COLUMN open_to text[] NOT NULL DEFAULT '{}' CHECK (open_to <@ ARRAY['owner', 'partner']);
ALTER TABLE events ADD COLUMN open_to text[] NOT NULL DEFAULT '{}' CHECK (open_to <@ ARRAY['owner', 'partner']);
ALTER TABLE news ADD COLUMN open_to text[] NOT NULL DEFAULT '{}' CHECK (open_to <@ ARRAY['owner', 'partner']);
ALTER TABLE documents ADD COLUMN open_to text[] NOT NULL DEFAULT '{}' CHECK (open_to <@ ARRAY['owner', 'partner']);
ALTER TABLE activities ADD COLUMN open_to text[] NOT NULL DEFAULT '{}' CHECK (open_to <@ ARRAY['owner', 'partner']);
CREATE INDEX forums_open_idx ON forums USING gin (open_to) WHERE open_to <> '{}';
CREATE INDEX events_open_idx ON events (starts_at) WHERE open_to <> '{}';
CREATE INDEX news_open_idx ON news (published_at DESC, id DESC) WHERE open_to <> '{}';
CREATE INDEX documents_open_idx ON documents (updated_at DESC, id DESC) WHERE open_to <> '{}';
CREATE INDEX activities_open_idx ON activities (year, starts_on) WHERE open_to <> '{}';

-- A registration by a person of no member company has no company (and so no company cap).
ALTER TABLE registrations ALTER COLUMN company_id DROP NOT NULL;
ALTER TABLE registrations ADD CONSTRAINT registrations_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

-- The owners' monthly newsletter: who has said no (one click from the mail), and which month
-- each person has been sent, so a restart or a second instance never sends one twice.
CREATE TABLE owner_newsletter_optouts (
    user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    unsubscribed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE owner_newsletter_sends (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    month   date NOT NULL CHECK (extract(day FROM month) = 1),
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, month)
);

-- +goose Down
DROP TABLE owner_newsletter_sends;
DROP TABLE owner_newsletter_optouts;
ALTER TABLE registrations DROP CONSTRAINT registrations_user_fk;
DELETE FROM registrations WHERE company_id IS NULL;
ALTER TABLE registrations ALTER COLUMN company_id SET NOT NULL;
DROP INDEX activities_open_idx;
DROP INDEX documents_open_idx;
DROP INDEX news_open_idx;
DROP INDEX events_open_idx;
DROP INDEX forums_open_idx;
ALTER TABLE activities DROP COLUMN open_to;
ALTER TABLE documents DROP COLUMN open_to;
ALTER TABLE news DROP COLUMN open_to;
ALTER TABLE events DROP COLUMN open_to;
ALTER TABLE forums DROP COLUMN open_to;
DROP INDEX companies_municipalities_idx;
DELETE FROM users WHERE company_id IS NULL;
ALTER TABLE users DROP CONSTRAINT users_kind_ties;
ALTER TABLE users DROP COLUMN partner_id, DROP COLUMN municipality;
ALTER TABLE users ALTER COLUMN company_id SET NOT NULL;
