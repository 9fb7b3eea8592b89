-- +goose Up
-- The strategy's three focus areas and their topics (MEMBERS.md). Reference data that events,
-- the årshjul, indicators, consultations and documents point to; it changes with the strategy,
-- through a migration. The colours pass 4.5:1 against white.
CREATE TABLE focus_areas (
    id          smallint PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    colour      text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    position    smallint NOT NULL UNIQUE
);

CREATE TABLE topics (
    id            smallint PRIMARY KEY,
    focus_area_id smallint NOT NULL REFERENCES focus_areas (id),
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    position      smallint NOT NULL,
    UNIQUE (focus_area_id, position),
    UNIQUE (id, focus_area_id)
);

INSERT INTO focus_areas (id, slug, name, description, colour, position) VALUES
    (1, 'kompetanse', 'Kompetanse', 'Kunnskap, møteplasser og samarbeid som gjør medlemmene bedre.', '#0b6e4f', 1),
    (2, 'en-samlet-stemme', 'En samlet stemme', 'En tydelig stemme fra nord i dialog med myndigheter og samfunn.', '#6b3fa0', 2),
    (3, 'stordrift', 'Stordrift', 'Felles standarder, løsninger og nøkkeltall som gir stordriftsfordeler.', '#0062ba', 3);

INSERT INTO topics (id, focus_area_id, slug, name, description, position) VALUES
    (1, 1, 'innsikt', 'Innsikt', 'Søke ny kunnskap, delta på nasjonale og internasjonale arenaer, en delingskultur der medlemmene lærer av hverandre; involvere eierne.', 1),
    (2, 1, 'moteplasser', 'Møteplasser', 'Workshops, seminarer, konferanser og nettverkssamlinger.', 2),
    (3, 1, 'samarbeid-med-andre', 'Samarbeid med andre', 'Koble medlemmene med FoU- og utdanningsinstitusjoner, virkemiddelapparatet og andre nettverk.', 3),
    (4, 2, 'dialog-og-tilstedevaerelse', 'Dialog og tilstedeværelse', 'Proaktiv dialog med myndigheter på alle nivåer, til stede der beslutninger tas.', 1),
    (5, 2, 'styrke-posisjonen', 'Styrke posisjonen til bransjen i nord', 'Fremme felles interesser og samordne det som er vanskelig å håndtere alene.', 2),
    (6, 2, 'omdomme-og-kommunikasjon', 'Omdømme og kommunikasjon', 'Intern og ekstern kommunikasjon, dele suksesshistorier, være åpne og transparente.', 3),
    (7, 3, 'jobb-smartere', 'Jobb smartere', 'Felles standarder og rutiner, for eksempel bærekraftsrapportering og kommunikasjon; beste praksis.', 1),
    (8, 3, 'felles-losninger', 'Koordinere og være en pådriver for felles løsninger', 'FoU-prosjekter og felles nøkkeltall for medlemmene, for eksempel bærekraft og plukkanalyser.', 2);

-- +goose Down
DROP TABLE topics;
DROP TABLE focus_areas;
