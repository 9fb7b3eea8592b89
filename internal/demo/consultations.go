package demo

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/tz"
)

// seedConsultations adds the demo consultations (one open with some inputs, one sent). It does nothing
// when there are consultations already.
func seedConsultations(ctx context.Context, pool *pgxpool.Pool) error {
	md := markdown.New()
	tx, fresh, err := begin(ctx, pool, "consultations")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	today := time.Now().In(tz.Oslo)
	day := func(d int) time.Time {
		return time.Date(today.Year(), today.Month(), today.Day()+d, 0, 0, 0, 0, tz.Oslo)
	}
	draft := "## Innledning\n\nAvfallsklynge Nord representerer 11 offentlig eide avfallsselskap i Nord-Norge, med 58 kommuner og over 450 000 innbyggere.\n\n## Våre merknader\n\n- Kravene må ta hensyn til lange avstander og spredt bosetting i nord.\n- Overgangstiden bør være minst to år."
	var openID int64
	err = tx.QueryRow(ctx, `
		INSERT INTO consultations (title, authority, link, authority_deadline, input_deadline, focus_area_id, status, summary, draft_md, draft_html, created_by)
		VALUES ('Forslag til endringer i avfallsforskriften om utsortering av husholdningsavfall', 'Miljødirektoratet',
		        'https://www.miljodirektoratet.no/', $1, $2, 2, 'open',
		        'Demohøring: forslaget gjelder krav til utsortering og materialgjenvinning. Klyngen samler innspill fra alle medlemmene før vi skriver et felles svar.',
		        $3, $4, (SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'))
		RETURNING id`, day(30), day(10).Add(12*time.Hour), draft, md.HTML(draft)).Scan(&openID)
	if err != nil {
		return err
	}
	inputs := map[string]string{
		"iris-salten":  "Vi støtter hovedlinjene, men ber om at kravet til utsortering av tekstiler får lengre innfasing.",
		"hrs":          "For oss er avstandene til mottak den største utfordringen. Svaret bør be om at transportkostnader tas med i vurderingen.",
		"senja-avfall": "Vi ønsker at klyngen peker på behovet for statlig støtte til nye sorteringsanlegg i distriktene.",
	}
	for slug, body := range inputs {
		if _, err := tx.Exec(ctx, `
			INSERT INTO consultation_inputs (consultation_id, company_id, body_md, body_html, author_id)
			SELECT $1, c.id, $2, $3, u.id FROM companies c JOIN users u ON u.email = 'direktor@' || c.slug || '.example' WHERE c.slug = $4`,
			openID, body, md.HTML(body), slug); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO consultation_comments (consultation_id, author_id, body)
		SELECT $1, id, 'Godt utkast. Kan vi ta med et konkret tall for avstandene i Finnmark?' FROM users WHERE email = 'admin@vefas.example'`, openID); err != nil {
		return err
	}
	final := "Avfallsklynge Nord støtter målet om mer materialgjenvinning, og ber om at regionale forskjeller i nord tas med når kravene fastsettes."
	if _, err := tx.Exec(ctx, `
		INSERT INTO consultations (title, authority, link, authority_deadline, input_deadline, focus_area_id, status, summary, final_md, final_html, sent_on, created_by)
		VALUES ('Nasjonal strategi for sirkulær økonomi', 'Klima- og miljødepartementet', 'https://www.regjeringen.no/',
		        $1, $2, 2, 'sent', 'Demohøring: klyngens svar på strategien er sendt.', $3, $4, $1,
		        (SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'))`,
		day(-60), day(-70), final, md.HTML(final)); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
