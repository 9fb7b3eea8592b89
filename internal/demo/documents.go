package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/markdown"
)

// demoDocument is one document of the demo data, uploaded by the demo account uploader.
type demoDocument struct {
	uploader, title, description, focus, topic, tags, group, filename string
	content                                                           []byte
}

// seedDocuments uploads a few demo documents through the ordinary upload path, once: it does nothing
// when there are documents already. It expects the demo accounts of seedMembers.
func seedDocuments(ctx context.Context, pool *pgxpool.Pool) error {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil || n > 0 {
		return err
	}
	s := documents.NewStore(pool, markdown.New())
	docs := []demoDocument{
		{"klyngeleder@remiks.example", "Veileder for plukkanalyser", "Felles metode for plukkanalyser av husholdningsavfall: uttak, sortering i fraksjoner og rapportering.\n\n*Demodokument.*",
			"3", "8", "plukkanalyse, veileder, metode", "", "veileder-plukkanalyser.pdf",
			demoPDF("Veileder for plukkanalyser", []string{"Demodokument for Klyngeportalen.", "Fraksjoner: matavfall, papir og papp, plastemballasje,", "glass- og metallemballasje, tekstiler, farlig avfall, restavfall."})},
		{"admin@iris-salten.example", "Mal for bærekraftsrapportering", "Et utgangspunkt for årlig bærekraftsrapport, med felles struktur for medlemmene.\n\n*Demodokument.*",
			"3", "7", "bærekraft, mal, rapportering", "", "mal-baerekraftsrapport.md",
			[]byte("# Mal for bærekraftsrapportering\n\nDemodokument.\n\n1. Om selskapet\n2. Klimagassutslipp\n3. Materialgjenvinning\n4. Mål for neste år\n")},
		{"ansatt@hrs.example", "Plukkanalyse HRS 2025 (demotall)", "Resultater fra plukkanalysen, i prosent av vekt. **Demotall, ikke reelle.**",
			"3", "8", "plukkanalyse, demotall", "", "plukkanalyse-hrs-2025.csv",
			[]byte("fraksjon;andel_prosent\nmatavfall;31,2\npapir og papp;12,4\nplastemballasje;14,9\nglass- og metallemballasje;4,1\ntekstiler;3,3\nfarlig avfall / EE-avfall;1,2\nrestavfall;32,9\n")},
		{"klyngeleder@remiks.example", "Presentasjoner fra verkstedet om ombruk", "Lysark fra klyngens verksted om ombruk og sirkulære løsninger.\n\n*Demodokument.*",
			"1", "2", "ombruk, verksted", "", "verksted-ombruk.pdf",
			demoPDF("Verksted om ombruk", []string{"Demodokument for Klyngeportalen.", "Ombruk i Nord-Norge: erfaringer fra medlemmene."})},
		{"direktor@vefas.example", "Referat fra direktørforum", "Referat fra møtet i direktørforum. Bare for direktørforum.\n\n*Demodokument.*",
			"2", "5", "referat, direktørforum", auth.GroupDirectors, "referat-direktorforum.txt",
			[]byte("Referat fra direktørforum\n\nDemodokument.\n\nSak 1: Felles høringssvar\nSak 2: Strategi mot 2027\n")},
	}
	// What some of them are tied to, by the event's, thread's and consultation's titles.
	ties := map[string]struct{ event, thread, consultation string }{
		"Veileder for plukkanalyser":              {"Workshop: plukkanalyser i praksis", "Felles metode for plukkanalyse av restavfall", ""},
		"Presentasjoner fra verkstedet om ombruk": {"Nettverkssamling i Bodø", "", ""},
		"Plukkanalyse HRS 2025 (demotall)":        {"", "", "Forslag til endringer i avfallsforskriften om utsortering av husholdningsavfall"},
		"Referat fra direktørforum":               {"Direktørforum: strategisamling", "", ""},
	}
	for _, d := range docs {
		actor, err := demoActor(ctx, pool, d.uploader)
		if err != nil {
			return err
		}
		in := documents.Input{Title: d.title, Description: d.description, FocusArea: d.focus, Topic: d.topic, Tags: d.tags}
		tie := ties[d.title]
		for _, l := range []struct {
			query, title string
			to           *string
		}{
			{`SELECT id::text FROM events WHERE title = $1 ORDER BY id LIMIT 1`, tie.event, &in.Event},
			{`SELECT id::text FROM forum_threads WHERE title = $1 ORDER BY id LIMIT 1`, tie.thread, &in.Thread},
			{`SELECT id::text FROM consultations WHERE title = $1 ORDER BY id LIMIT 1`, tie.consultation, &in.Consultation},
		} {
			if l.title == "" {
				continue
			}
			if err := pool.QueryRow(ctx, l.query, l.title).Scan(l.to); err != nil {
				return fmt.Errorf("demo document %q: tie to %q: %w", d.title, l.title, err)
			}
		}
		if d.group != "" {
			if err := pool.QueryRow(ctx, `SELECT id::text FROM groups WHERE slug = $1`, d.group).Scan(&in.Group); err != nil {
				return fmt.Errorf("demo document %q: group %s: %w", d.title, d.group, err)
			}
		}
		id, err := s.Create(ctx, actor, in, documents.Upload{Filename: d.filename, Body: bytes.NewReader(d.content)})
		if err != nil {
			return fmt.Errorf("demo document %q: %w", d.title, err)
		}
		if strings.HasSuffix(d.filename, ".md") { // a second version, so that the history shows
			v2 := append(append([]byte(nil), d.content...), []byte("5. Vedlegg: nøkkeltall\n")...)
			if _, err := s.AddVersion(ctx, actor, id, "La til vedlegg med nøkkeltall", documents.Upload{Filename: d.filename, Body: bytes.NewReader(v2)}); err != nil {
				return fmt.Errorf("demo document %q, version 2: %w", d.title, err)
			}
		}
	}
	return nil
}

// demoActor loads a demo account as the signed-in user it would be.
func demoActor(ctx context.Context, pool *pgxpool.Pool, email string) (*auth.User, error) {
	var id int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = lower($1)`, email).Scan(&id); err != nil {
		return nil, fmt.Errorf("demo account %s: %w", email, err)
	}
	u, _, err := auth.NewStore(pool).CurrentUser(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("demo account %s: %w", email, err)
	}
	return u, nil
}

// demoPDF writes a one-page PDF with a title and lines of text (Helvetica, WinAnsi encoding).
func demoPDF(title string, lines []string) []byte {
	var content bytes.Buffer
	fmt.Fprintf(&content, "BT /F1 20 Tf 72 760 Td (%s) Tj ET\n", pdfString(title))
	for i, l := range lines {
		fmt.Fprintf(&content, "BT /F1 12 Tf 72 %d Td (%s) Tj ET\n", 720-18*i, pdfString(l))
	}
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfString escapes s for a PDF literal string in WinAnsi (Latin-1 covers æ, ø, å).
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
