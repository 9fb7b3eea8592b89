package admin

import (
	"time"

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
