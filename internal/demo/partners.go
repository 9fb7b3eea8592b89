package demo

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// seedPartners adds demo partner organisations and projects. Nothing is known of any real
// cooperation with the cluster, so every row is marked as demo data and says so where shown.
func seedPartners(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `
		INSERT INTO partner_organisations (slug, name, kind, website, description, collaboration, demo) VALUES
		('nord-universitet', 'Nord universitet', 'utdanning', 'https://www.nord.no', 'Universitet med studiesteder i Nordland og Trøndelag.', 'Demodata: studentoppgaver om kildesortering.', true),
		('uit', 'UiT Norges arktiske universitet', 'utdanning', 'https://uit.no', 'Universitetet i Tromsø og nordområdene.', 'Demodata: masteroppgave om plukkanalyser.', true),
		('norce', 'NORCE', 'fou', 'https://www.norceresearch.no', 'Forskningsinstitutt.', 'Demodata: metode for plukkanalyser.', true),
		('sintef', 'SINTEF', 'fou', 'https://www.sintef.no', 'Forskningsinstitutt.', 'Demodata: ettersortering av restavfall.', true),
		('innovasjon-norge', 'Innovasjon Norge', 'virkemiddelapparat', 'https://www.innovasjonnorge.no', 'Statens virkemiddel for innovasjon og utvikling.', 'Demodata: forprosjektmidler.', true),
		('forskningsradet', 'Norges forskningsråd', 'virkemiddelapparat', 'https://www.forskningsradet.no', 'Finansierer forskning.', 'Demodata: søknad om innovasjonsprosjekt i offentlig sektor.', true),
		('avfall-norge', 'Avfall Norge', 'bransjeorganisasjon', 'https://avfallnorge.no', 'Avfallsbransjens interesseorganisasjon.', 'Demodata: felles høringsinnspill.', true)
		ON CONFLICT (slug) DO NOTHING`)
	if err != nil {
		return err
	}
	_, err = pool.Exec(ctx, `
		WITH p AS (
			INSERT INTO projects (title, description, status, funding_source, funding_amount, starts_on, ends_on, demo) VALUES
			('Ettersortering av restavfall i nord', 'Demodata: forprosjekt om ettersorteringsanlegg for flere selskaper sammen.', 'pagar', 'Norges forskningsråd', 2400000, '2026-01-01', '2027-06-30', true),
			('Felles metode for plukkanalyser', 'Demodata: én metode og ett skjema for plukkanalyser hos alle medlemmene.', 'soknad', 'Innovasjon Norge', 600000, '2026-09-01', '2027-03-31', true)
			RETURNING id, title)
		, pp AS (
			INSERT INTO project_partners (project_id, organisation_id)
			SELECT p.id, o.id FROM p JOIN partner_organisations o
			  ON (p.title LIKE 'Ettersortering%' AND o.slug IN ('sintef', 'nord-universitet', 'forskningsradet'))
			  OR (p.title LIKE 'Felles metode%' AND o.slug IN ('norce', 'uit', 'innovasjon-norge')))
		INSERT INTO project_companies (project_id, company_id)
		SELECT p.id, c.id FROM p JOIN companies c
		  ON (p.title LIKE 'Ettersortering%' AND c.slug IN ('iris-salten', 'remiks', 'hrs'))
		  OR (p.title LIKE 'Felles metode%' AND c.slug IN ('haf', 'vefas', 'senja-avfall'))`)
	return err
}
