package events

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/tz"
)

var oslo = tz.Oslo

var months = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

// when writes the event's time the Norwegian way: "5. juni 2026 kl. 09.30".
func when(t time.Time) string {
	t = t.In(oslo)
	return fmt.Sprintf("%d. %s %d kl. %02d.%02d", t.Day(), months[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// oneLine joins s's lines, so that a value cannot add lines to a mail or a header.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// eventMail builds a mail about e to p with the lines of text, the event's time, place and links.
func eventMail(e locked, p person, subject string, text ...string) mail.Message {
	var b strings.Builder
	b.WriteString("Hei " + oneLine(p.name) + ",\n\n")
	for _, t := range text {
		b.WriteString(t + "\n\n")
	}
	b.WriteString(oneLine(e.title) + "\n")
	b.WriteString("Tid: " + when(e.startsAt) + "\n")
	if e.place != "" {
		b.WriteString("Sted: " + oneLine(e.place) + "\n")
	}
	if e.address != "" {
		b.WriteString("Adresse: " + oneLine(e.address) + "\n")
		b.WriteString("Kart: " + Event{Address: e.address}.MapURL() + "\n")
	}
	if e.onlineURL != "" && p.status == Confirmed {
		b.WriteString("Nettlenke til møtet: " + e.onlineURL + "\n")
	}
	url := e.baseURL + "/arrangementer/" + strconv.FormatInt(e.id, 10)
	b.WriteString("\nSe arrangementet: " + url + "\n")
	b.WriteString("Legg i kalenderen: " + url + ".ics\n\n")
	b.WriteString("Hilsen Klyngeportalen – Avfallsklynge Nord\n")
	return mail.Message{To: p.email, Subject: subject + ": " + oneLine(e.title), Body: b.String()}
}

// withCalendar attaches e as an .ics file to m, as p sees it: the meeting link only for the confirmed.
func withCalendar(m mail.Message, e locked, p person, method string) mail.Message {
	ev := Event{ID: e.id, Title: e.title, Kind: e.kind, DescriptionMD: e.md, StartsAt: e.startsAt, EndsAt: e.endsAt,
		Place: e.place, Address: e.address, Status: e.status, UpdatedAt: time.Now(), Sequence: e.sequence, Agenda: e.agenda}
	if p.status == Confirmed {
		ev.OnlineURL = e.onlineURL
	}
	if p.status == Waitlisted {
		st := Waitlisted
		ev.MyStatus = &st
	}
	// The writer cannot fail on text it has made safe; were it to, the mail still links the .ics.
	if cal, err := CalendarMethod(e.title, e.baseURL, method, []Event{ev}); err == nil {
		m.Calendar = string(cal)
	}
	return m
}

func confirmationMail(e locked, p person) mail.Message {
	p.status = Confirmed
	return withCalendar(eventMail(e, p, "Du er påmeldt", "Du er påmeldt, og plassen din er bekreftet. Arrangementet ligger vedlagt som kalenderfil."), e, p, "PUBLISH")
}

// changedMail tells p that e's time or place changed (what), with the new version of the calendar file.
func changedMail(e locked, p person, what string) mail.Message {
	return withCalendar(eventMail(e, p, "Endret", "Arrangementet er endret: "+what+". Den oppdaterte kalenderfilen ligger vedlagt og erstatter den gamle."), e, p, "PUBLISH")
}

// waitlistMailAt tells p they are on e's waitlist, as number position.
func waitlistMailAt(e locked, p person, position string) mail.Message {
	return eventMail(e, p, "Du står på venteliste",
		"Arrangementet er fullt, så du står på ventelisten som nummer "+position+".",
		"Blir en plass ledig, får du den automatisk, og vi sender deg en e-post.")
}

func promotionMail(e locked, p person) mail.Message {
	p.status = Confirmed
	return withCalendar(eventMail(e, p, "Du har fått plass", "En plass ble ledig, og du har fått den. Påmeldingen din er bekreftet. Arrangementet ligger vedlagt som kalenderfil."), e, p, "PUBLISH")
}

func cancelledMail(e locked, p person) mail.Message {
	p.status = Cancelled // no meeting link in a cancellation
	return withCalendar(eventMail(e, p, "Avlyst", "Arrangementet er dessverre avlyst. Påmeldingen din er slettet. Vedlagt er en kalenderfil som fjerner det fra kalenderen din."), e, p, "CANCEL")
}

func reminderMail(e locked, p person) mail.Message {
	p.status = Confirmed // reminders go to the confirmed, with the meeting link
	return eventMail(e, p, "Påminnelse", "Velkommen i morgen! Dette er en påminnelse om arrangementet du er påmeldt.")
}

func messageMail(e locked, p person, subject, body string) mail.Message {
	return eventMail(e, p, oneLine(subject), "Melding fra arrangøren:", body)
}
