package admin

import "testing"

func TestAuditDetailsInWords(t *testing.T) {
	for raw, want := range map[string]string{
		`{"title": "Veileder", "filename": "veileder.pdf", "size": 1234567, "sha256": "ab12"}`: "Tittel: Veileder · Fil: veileder.pdf · Størrelse: 1,2 MB",
		`{"email": "kari@iris-salten.example", "role": "member"}`:                              "E-post: kari@iris-salten.example · Rolle: medlem",
		`{"filename": "notat.md", "size": 420}`:                                                "Fil: notat.md · Størrelse: 1 kB",
		`{"sha256": "ab12"}`:                                                                   "",
		`not json`:                                                                             "",
	} {
		if got := detailsText(raw); got != want {
			t.Errorf("detailsText(%s) = %q, want %q", raw, got, want)
		}
	}
}
