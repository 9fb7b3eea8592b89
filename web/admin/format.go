package admin

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/web/format"
)

func dateTime(t time.Time) string { return format.DateTime(t) }

func deref(s *string) string {
	if s == nil {
		return "–"
	}
	return *s
}

var actionLabels = map[string]string{
	"user.invite":     "Inviterte bruker",
	"user.reinvite":   "Sendte invitasjon på nytt",
	"user.role":       "Endret rolle",
	"user.deactivate": "Deaktiverte bruker",
	"user.reactivate": "Aktiverte bruker",
	"company.update":  "Endret selskapsprofil",
	"group.add":       "La til i gruppe",
	"group.remove":    "Fjernet fra gruppe",

	"forum.moderator.add":    "Utnevnte moderator",
	"forum.moderator.remove": "Fjernet moderator",
	"forum.thread.pin":       "Festet tråd",
	"forum.thread.unpin":     "Løsnet tråd",
	"forum.thread.lock":      "Låste tråd",
	"forum.thread.unlock":    "Låste opp tråd",
	"forum.thread.move":      "Flyttet tråd",
	"forum.post.hide":        "Skjulte innlegg",

	"consultation.create": "Registrerte høring",
	"consultation.update": "Endret høring",
	"news.update":         "Endret nyhet",
	"news.delete":         "Slettet nyhet",

	"document.create":  "Lastet opp dokument",
	"document.version": "Lastet opp ny versjon",
	"document.update":  "Endret dokument",
	"document.delete":  "Slettet dokument",
	"document.restore": "Gjenopprettet dokument",
}

func actionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

// detailLabels name the keys of an audit entry's details in Norwegian, in the order shown.
// Keys not named here (checksums, ids) are only in the technical details.
var detailLabels = []struct{ key, label string }{
	{"title", "Tittel"}, {"name", "Navn"}, {"email", "E-post"}, {"role", "Rolle"}, {"from", "Fra"}, {"to", "Til"},
	{"filename", "Fil"}, {"size", "Størrelse"}, {"number", "Versjon"}, {"note", "Merknad"}, {"reason", "Grunn"},
	{"forum", "Forum"}, {"group", "Gruppe"}, {"company", "Selskap"}, {"year", "År"}, {"status", "Status"},
}

// detailsText is an audit entry's details in plain words («Tittel: Veileder · Fil: veileder.pdf
// · Størrelse: 1,2 MB»); the raw record stays behind a disclosure on the page.
func detailsText(raw string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil || len(m) == 0 {
		return ""
	}
	var parts []string
	for _, d := range detailLabels {
		v, ok := m[d.key]
		if !ok || v == nil {
			continue
		}
		var s string
		switch x := v.(type) {
		case string:
			s = x
			if r := auth.Role(x); d.key == "role" && r.Valid() {
				s = strings.ToLower(r.Label())
			}
		case float64:
			if d.key == "size" {
				s = sizeText(x)
			} else {
				s = format.Number(x, 0)
			}
		case bool:
			s = map[bool]string{true: "ja", false: "nei"}[x]
		default:
			continue
		}
		if s != "" {
			parts = append(parts, d.label+": "+s)
		}
	}
	return strings.Join(parts, " · ")
}

// sizeText is a file size in kB under a megabyte, else in MB with one decimal: «12 kB», «1,2 MB».
func sizeText(bytes float64) string {
	if bytes < 1e6 {
		return format.Number(math.Max(1, math.Round(bytes/1e3)), 0) + " kB"
	}
	return format.Number(bytes/1e6, 1) + " MB"
}
