-- +goose Up
-- Sign-in through a member company's own identity provider (OpenID Connect). The client secret
-- is sealed with the portal's key (AES-256-GCM, the company id as additional data). Each e-mail
-- domain belongs to one company's provider; a person is linked to the provider by its stable
-- subject the first time they sign in.
CREATE TABLE identity_providers (
    company_id    bigint PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    issuer        text NOT NULL CHECK (issuer ~ '^https?://[^\s]+$' AND length(issuer) <= 500),
    client_id     text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
    client_secret bytea NOT NULL CHECK (length(client_secret) <= 2000),
    create_users  boolean NOT NULL DEFAULT false, -- new people may be created on first sign-in (as members)
    provider_only boolean NOT NULL DEFAULT false, -- password sign-in is off for the company's people
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE identity_provider_domains (
    domain     text PRIMARY KEY CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' AND length(domain) <= 253),
    company_id bigint NOT NULL REFERENCES identity_providers (company_id) ON DELETE CASCADE
);
CREATE INDEX identity_provider_domains_company_idx ON identity_provider_domains (company_id);

CREATE TABLE user_identities (
    issuer        text NOT NULL,
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    PRIMARY KEY (issuer, subject),
    UNIQUE (user_id, issuer)
);

-- A cluster admin who keeps a password when their company signs in with its provider only.
ALTER TABLE users ADD COLUMN break_glass boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE users DROP COLUMN break_glass;
DROP TABLE user_identities;
DROP TABLE identity_provider_domains;
DROP TABLE identity_providers;
