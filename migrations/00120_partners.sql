-- +goose Up
-- Partner organisations (research and education, the public funding system, the industry's
-- associations and other clusters) and the FoU and development projects the members take part
-- in, with their partners, participating member companies and funding. Demo rows say so.
CREATE TABLE partner_organisations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind          text NOT NULL CHECK (kind IN ('fou', 'utdanning', 'virkemiddelapparat', 'bransjeorganisasjon', 'klynge')),
    website       text NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https?://[^\s]+$'),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    collaboration text NOT NULL DEFAULT '' CHECK (length(collaboration) <= 2000), -- what we do together
    contact_name  text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 120),
    contact_email text NOT NULL DEFAULT '' CHECK (contact_email = '' OR contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    demo          boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_organisations_kind_idx ON partner_organisations (kind, name);

CREATE TABLE projects (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    status         text NOT NULL DEFAULT 'planlagt' CHECK (status IN ('planlagt', 'soknad', 'pagar', 'avsluttet', 'avslatt')),
    funding_source text NOT NULL DEFAULT '' CHECK (length(funding_source) <= 200),
    funding_amount bigint CHECK (funding_amount BETWEEN 0 AND 10000000000), -- kroner
    starts_on      date,
    ends_on        date,
    demo           boolean NOT NULL DEFAULT false,
    created_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX projects_status_idx ON projects (status, starts_on DESC, id DESC);

CREATE TABLE project_partners (
    project_id      bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES partner_organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, organisation_id)
);
CREATE INDEX project_partners_organisation_idx ON project_partners (organisation_id);

CREATE TABLE project_companies (
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, company_id)
);
CREATE INDEX project_companies_company_idx ON project_companies (company_id);

-- +goose Down
DROP TABLE project_companies;
DROP TABLE project_partners;
DROP TABLE projects;
DROP TABLE partner_organisations;
