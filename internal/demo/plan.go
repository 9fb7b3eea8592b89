package demo

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/plan"
)

// demoActivity is one measure of the demo årshjul: topic by slug, company by slug ("" for
// none), and whether the cluster leader is responsible.
type demoActivity struct {
	title, topic, from, to, company string
	leader                          bool
	status                          plan.Status
	description                     string
}

var demoActivities = []demoActivity{
	{"Direktørforum: strategisamling", "innsikt", "2026-01-20", "2026-01-21", "remiks", true, plan.StatusDone, "Årlig samling for daglige ledere. Gjennomgang av strategien og **prioriteringer for 2026**."},
	{"Felles innspill til statsbudsjettet", "dialog-og-tilstedevaerelse", "2026-01-05", "2026-02-27", "", true, plan.StatusDone, "Klyngens innspill til Stortingets energi- og miljøkomité om rammevilkår for avfallsbransjen i nord."},
	{"Plukkanalyser våren 2026", "felles-losninger", "2026-02-16", "2026-04-30", "iris-salten", false, plan.StatusDone, "Felles metode for plukkanalyser av restavfall. Hvert selskap tar ut prøver i to uker; resultatene legges inn som nøkkeltall."},
	{"Bærekraftsrapport: felles mal", "jobb-smartere", "2026-01-12", "2026-03-31", "hrs", false, plan.StatusDone, "Mal for bærekraftsrapportering etter ESRS, med felles indikatorer for klimagassutslipp og materialgjenvinning."},
	{"Avfallskonferansen nord", "moteplasser", "2026-03-18", "2026-03-19", "senja-avfall", true, plan.StatusDone, "Klyngens stand og foredrag om samarbeid om ettersortering."},
	{"Workshop: ruteoptimalisering innsamling", "moteplasser", "2026-04-14", "2026-04-14", "las", false, plan.StatusDone, "Erfaringsdeling om ruteplanlegging og kjøretøy, med deltakere fra alle selskapene."},
	{"Høringssvar: ny avfallsforskrift", "styrke-posisjonen", "2026-04-01", "2026-05-29", "", true, plan.StatusDone, "Felles høringssvar om krav til utsortering av matavfall og plast, med vekt på lange transportavstander."},
	{"Årsmelding og suksesshistorier", "omdomme-og-kommunikasjon", "2026-05-04", "2026-06-12", "remiks", true, plan.StatusOngoing, "Historier fra medlemmene om ombruk, gjenvinning og samarbeid, til nettsidene og eiermøtene."},
	{"Søknad om forprosjekt: ettersortering", "samarbeid-med-andre", "2026-05-11", "2026-09-15", "vefas", false, plan.StatusOngoing, "Søknad til virkemiddelapparatet om et felles forprosjekt for ettersortering av restavfall i nord."},
	{"Eiermøter i kommunene", "innsikt", "2026-05-18", "2026-06-19", "", true, plan.StatusOngoing, "Klyngeleder presenterer klyngens arbeid for eierkommunene."},
	{"Arendalsuka", "dialog-og-tilstedevaerelse", "2026-08-10", "2026-08-14", "", true, plan.StatusPlanned, "Til stede sammen med bransjeorganisasjonene der beslutninger tas."},
	{"Nettverkssamling HMS og beredskap", "moteplasser", "2026-09-02", "2026-09-03", "haf", false, plan.StatusPlanned, "Brannvern på anleggene og felles beredskapsøvelser."},
	{"Plukkanalyser høsten 2026", "felles-losninger", "2026-09-07", "2026-11-13", "iris-salten", false, plan.StatusPlanned, "Andre runde av plukkanalysene, med samme metode som om våren."},
	{"Felles nøkkeltall 2025 publiseres", "felles-losninger", "2026-06-01", "2026-06-30", "", true, plan.StatusPostponed, "Sammenligning av nøkkeltallene mellom medlemmene. Utsatt til alle selskapene har rapportert."},
	{"Studietur: sorteringsanlegg i Sverige", "samarbeid-med-andre", "2026-10-06", "2026-10-08", "reno-vest", false, plan.StatusPlanned, "Besøk ved et ettersorteringsanlegg og et FoU-miljø."},
	{"Kommunikasjonskampanje: riktig sortering", "omdomme-og-kommunikasjon", "2026-09-21", "2026-10-30", "avfallsservice", false, plan.StatusPlanned, "Felles kampanje til innbyggerne i alle 58 kommuner."},
	{"Direktørforum: høstmøte", "innsikt", "2026-10-21", "2026-10-22", "remiks", true, plan.StatusPlanned, "Budsjett og årshjul for neste år."},
	{"Felles innkjøp av beholdere", "jobb-smartere", "2026-08-17", "2026-12-18", "fimil", false, plan.StatusPlanned, "Kartlegging av behov og felles anbud for beholdere."},
	{"Revisjon av strategien", "styrke-posisjonen", "2026-09-01", "2027-01-31", "", true, plan.StatusPlanned, "Strategien løper ut 2026. Ny strategi vedtas i direktørforum i januar."},
	{"Seminar om ombruk", "moteplasser", "2026-11-25", "2026-11-26", "senja-avfall", false, plan.StatusPlanned, "Gjenbrukstorg, ombruk av møbler og sirkulære verdikjeder."},
	{"Klimaregnskap for 2026", "jobb-smartere", "2026-11-16", "2027-02-26", "hrs", false, plan.StatusPlanned, "Felles metode og datainnsamling for klimaregnskapet."},
	{"Møte med Miljødirektoratet", "dialog-og-tilstedevaerelse", "2026-11-04", "2026-11-04", "", true, plan.StatusCancelled, "Avlyst; flyttes til neste år."},
	{"Direktørforum: strategisamling", "innsikt", "2027-01-19", "2027-01-20", "remiks", true, plan.StatusPlanned, "Vedtak av ny strategi og årshjul for 2027."},
	{"Plukkanalyser våren 2027", "felles-losninger", "2027-02-15", "2027-04-30", "iris-salten", false, plan.StatusPlanned, "Tredje runde med felles metode."},
	{"Avfallskonferansen nord 2027", "moteplasser", "2027-03-17", "2027-03-18", "senja-avfall", true, plan.StatusPlanned, "Klyngens stand og foredrag."},
	{"Felles innspill til statsbudsjettet 2028", "dialog-og-tilstedevaerelse", "2027-01-04", "2027-02-26", "", true, plan.StatusPlanned, ""},
}

// seedPlan fills the årshjul with a realistic plan for 2026 and the start of 2027. It does
// nothing when the plan already has activities.
func seedPlan(ctx context.Context, pool *pgxpool.Pool) error {
	tx, fresh, err := begin(ctx, pool, "activities")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	md := markdown.New()
	for _, a := range demoActivities {
		from, _ := time.Parse(time.DateOnly, a.from)
		to, _ := time.Parse(time.DateOnly, a.to)
		_, err := tx.Exec(ctx, `
			INSERT INTO activities (title, description, description_html, focus_area_id, topic_id, starts_on, ends_on,
			                        company_id, responsible_user_id, status)
			SELECT $1, $2, $3, t.focus_area_id, t.id, $5, $6,
			       (SELECT id FROM companies WHERE slug = $7),
			       CASE WHEN $8 THEN (SELECT id FROM users WHERE email = 'klyngeleder@remiks.example') END, $9
			FROM topics t WHERE t.slug = $4`,
			a.title, a.description, md.HTML(a.description), a.topic, from, to, a.company, a.leader, string(a.status))
		if err != nil {
			return err
		}
	}
	for _, l := range demoLinks {
		if _, err := tx.Exec(ctx, `
			UPDATE activities SET event_id = (SELECT id FROM events WHERE title = $3 ORDER BY id LIMIT 1),
			       thread_id = (SELECT id FROM forum_threads WHERE title = $4 ORDER BY id LIMIT 1)
			WHERE title = $1 AND starts_on = $2`, l.activity, l.from, l.event, l.thread); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// demoLinks tie demo activities to the demo events and forum threads, some of them restricted
// to the directors' forum or the steering group (seeded before the plan).
var demoLinks = []struct{ activity, from, event, thread string }{
	{"Direktørforum: strategisamling", "2026-01-20", "Direktørforum: strategisamling", "Budsjett for felles rapporteringsverktøy"},
	{"Revisjon av strategien", "2026-09-01", "Direktørforum: strategisamling", "Forslag til årshjul for neste år"},
	{"Plukkanalyser høsten 2026", "2026-09-07", "Workshop: plukkanalyser i praksis", "Felles metode for plukkanalyse av restavfall"},
	{"Kommunikasjonskampanje: riktig sortering", "2026-09-21", "", "Kampanje om matavfall før jul"},
}
