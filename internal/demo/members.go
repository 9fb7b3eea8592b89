package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
)

// demoCompany holds only the facts of MEMBERS.md: nothing found means an empty field.
type demoCompany struct {
	slug, name, short, address string
	municipalities             []string
	inhabitants                int32
}

var demoCompanies = []demoCompany{
	{"iris-salten", "IRIS Salten IKS", "IRIS Salten", "Like utenfor Bodø; deponi på Vikan", []string{"Beiarn", "Bodø", "Fauske", "Gildeskål", "Hamarøy", "Meløy", "Saltdal", "Steigen", "Sørfold"}, 0},
	{"las", "Lofoten Avfallsselskap IKS", "LAS", "Leknes", nil, 0},
	{"haf", "Helgeland Avfallsforedling IKS", "HAF", "Vika, Mo i Rana", []string{"Rana", "Hemnes", "Lurøy", "Nesna", "Rødøy", "Træna"}, 0},
	{"hrs", "Hålogaland Ressursselskap IKS", "HRS", "Narvik", []string{"Narvik", "Harstad", "Evenes", "Gratangen", "Ibestad", "Kvæfjord", "Lavangen", "Tjeldsund"}, 0},
	{"reno-vest", "Reno-Vest IKS", "Reno-Vest", "Sortland", []string{"Sortland", "Hadsel", "Andøy", "Øksnes", "Bø", "Lødingen"}, 0},
	{"avfallsservice", "Avfallsservice AS", "Avfallsservice", "", []string{"Lyngen", "Storfjord", "Kåfjord", "Skjervøy", "Kvænangen", "Nordreisa"}, 0},
	{"senja-avfall", "Senja Avfall IKS", "Senja Avfall", "Finnsnes", []string{"Balsfjord", "Dyrøy", "Målselv", "Salangen", "Sørreisa", "Senja"}, 0},
	{"remiks", "Remiks Miljøpark AS", "Remiks", "Tromsø", []string{"Tromsø", "Karlsøy"}, 75000},
	{"vefas", "Vest-Finnmark Avfallsselskap IKS", "Vefas", "Stengelsmoen, Alta", []string{"Alta", "Hasvik", "Loppa", "Kautokeino"}, 0},
	{"finnmark-ressursselskap", "Finnmark Ressursselskap AS", "Finnmark Ressursselskap", "", nil, 0},
	{"fimil", "Finnmark Miljøtjeneste AS", "FIMIL", "Lakselv", []string{"Måsøy", "Nordkapp", "Porsanger", "Lebesby", "Gamvik", "Karasjok"}, 0},
}

var demoGroups = []struct{ slug, name, kind, description string }{
	{auth.GroupDirectors, "Direktørforum", members.KindDirectors, "Daglige ledere i alle medlemsselskapene."},
	{auth.GroupSteering, "Styringsgruppen", members.KindSteering, "Styrer klyngens arbeid og prioriteringer mellom direktørforumets møter."},
	{"innsamling-og-logistikk", "Innsamling og logistikk", members.KindTopic, "Innsamlingsordninger, ruteplanlegging, kjøretøy og beholdere."},
	{"kommunikasjon-og-omdomme", "Kommunikasjon og omdømme", members.KindTopic, "Kommunikasjon med innbyggere og eiere, kampanjer og gode historier."},
	{"baerekraftsrapportering", "Bærekraftsrapportering", members.KindTopic, "Felles standarder og rutiner for bærekraftsrapportering og klimaregnskap."},
	{"plukkanalyser", "Plukkanalyser", members.KindTopic, "Metode, gjennomføring og sammenligning av plukkanalyser av restavfall."},
	{"hms-og-beredskap", "HMS og beredskap", members.KindTopic, "Helse, miljø og sikkerhet, brannvern og beredskap på anleggene."},
	{"ombruk-og-sirkularokonomi", "Ombruk og sirkulærøkonomi", members.KindTopic, "Ombruksløsninger, gjenbrukstorg og samarbeid om sirkulære verdikjeder."},
}

// Invented people for the demo accounts (the companies are real; these persons are not).
var (
	demoFirst = []string{"Ingrid", "Ole", "Kari", "Jon", "Marit", "Per", "Silje", "Anders", "Hanne", "Tor", "Sigrid", "Espen", "Line", "Bjørn", "Åse", "Øyvind", "Elin", "Knut", "Randi", "Geir", "Tone", "Arne", "Heidi", "Stian", "Ragnhild", "Morten", "Eli", "Håkon", "Trine", "Svein", "Berit", "Even", "Gunn"}
	demoLast  = []string{"Johansen", "Olsen", "Hansen", "Pedersen", "Nilsen", "Karlsen", "Berg", "Eriksen", "Jakobsen", "Andreassen", "Mikkelsen", "Isaksen", "Hætta", "Strand", "Solberg", "Lund", "Sara", "Pettersen", "Bakken", "Aas", "Nordmo", "Ravna", "Holm", "Simonsen", "Moen", "Eira", "Paulsen", "Johnsen", "Kristiansen", "Dahl", "Halvorsen", "Mathisen", "Wilhelmsen"}
)

// SeedSummary tells what Seed did.
type SeedSummary struct {
	Skipped   bool // the database already had companies
	Companies int
	Users     int
}

// seedMembers creates the 11 member companies and the groups. With a demoPassword it also creates
// the demo accounts (direktor@, admin@ and ansatt@<slug>.example, and
// klyngeleder@remiks.example), all with that password. It does nothing when the database
// already has companies.
func seedMembers(ctx context.Context, pool *pgxpool.Pool, demoPassword string) (SeedSummary, error) {
	var hash string
	if demoPassword != "" {
		h, err := auth.HashPassword(demoPassword) // one hash: every demo account has the same, public password
		if err != nil {
			return SeedSummary{}, err
		}
		hash = h
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return SeedSummary{}, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE companies IN EXCLUSIVE MODE`); err != nil {
		return SeedSummary{}, err
	}
	var existing int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM companies`).Scan(&existing); err != nil || existing > 0 {
		return SeedSummary{Skipped: existing > 0}, err
	}
	groups := map[string]int64{}
	for _, g := range demoGroups {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO groups (slug, name, kind, description) VALUES ($1, $2, $3, $4) RETURNING id`,
			g.slug, g.name, g.kind, g.description).Scan(&id); err != nil {
			return SeedSummary{}, fmt.Errorf("seed group %s: %w", g.slug, err)
		}
		groups[g.slug] = id
	}
	sum := SeedSummary{}
	person := 0
	addUser := func(companyID int64, email, title string, role auth.Role, inGroups ...string) (int64, error) {
		name := demoFirst[person%len(demoFirst)] + " " + demoLast[(person*7+3)%len(demoLast)]
		person++
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO users (company_id, email, name, title, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			companyID, email, name, title, role, hash).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("seed user %s: %w", email, err)
		}
		for _, g := range inGroups {
			if _, err := tx.Exec(ctx, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, groups[g], id); err != nil {
				return 0, err
			}
		}
		sum.Users++
		return id, nil
	}
	for i, c := range demoCompanies {
		var inhabitants *int32
		if c.inhabitants > 0 {
			inhabitants = &c.inhabitants
		}
		municipalities := c.municipalities
		if municipalities == nil {
			municipalities = []string{}
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO companies (slug, name, short_name, municipalities, inhabitants, address) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			c.slug, c.name, c.short, municipalities, inhabitants, c.address).Scan(&id); err != nil {
			return SeedSummary{}, fmt.Errorf("seed company %s: %w", c.slug, err)
		}
		sum.Companies++
		if demoPassword == "" {
			continue
		}
		directorGroups := []string{auth.GroupDirectors}
		if i%3 == 0 { // a few directors sit in the steering group too
			directorGroups = append(directorGroups, auth.GroupSteering)
		}
		director, err := addUser(id, "direktor@"+c.slug+".example", "Daglig leder", auth.RoleMember, directorGroups...)
		if err != nil {
			return SeedSummary{}, err
		}
		topic := demoGroups[2+i%6].slug
		if _, err := addUser(id, "admin@"+c.slug+".example", "Rådgiver, administrasjon", auth.RoleCompanyAdmin, topic); err != nil {
			return SeedSummary{}, err
		}
		if _, err := addUser(id, "ansatt@"+c.slug+".example", "Miljøkonsulent", auth.RoleMember, topic, demoGroups[2+(i+1)%6].slug); err != nil {
			return SeedSummary{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE companies SET contact_user_id = $2 WHERE id = $1`, id, director); err != nil {
			return SeedSummary{}, err
		}
		if c.slug == "remiks" {
			if _, err := addUser(id, "klyngeleder@remiks.example", "Klyngeleder, Avfallsklynge Nord", auth.RoleClusterAdmin, auth.GroupSteering, auth.GroupDirectors); err != nil {
				return SeedSummary{}, err
			}
		}
	}
	if demoPassword != "" {
		// Areas of expertise for "Hvem kan noe om …?" (the people are invented, so are these).
		if _, err := tx.Exec(ctx, `UPDATE users SET expertise = ARRAY[
				(ARRAY['plukkanalyse','hms','anbud','innsamling','ombruk','kommunikasjon','bærekraftsrapportering','deponi'])[1 + id % 8],
				(ARRAY['ruteplanlegging','farlig avfall','kompostering','kundeservice','beredskap','økonomi'])[1 + id % 6]]`); err != nil {
			return SeedSummary{}, err
		}
	}
	return sum, tx.Commit(ctx)
}
