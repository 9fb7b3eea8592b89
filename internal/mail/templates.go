package mail

import (
	"strings"
)

// signOff ends every mail from the portal.
const signOff = "Hilsen Klyngeportalen – Avfallsklynge Nord"

// GuestInvitation invites an owner representative or a partner person; as says in what role
// ("representant for eierkommunen Bodø", "samarbeidspartner fra Nord universitet").
func GuestInvitation(to, name, inviterName, as, link string) Message {
	var b strings.Builder
	b.WriteString(greeting(name))
	b.WriteString(oneLine(inviterName) + " har invitert deg til Klyngeportalen, intranettet til Avfallsklynge Nord, som " + oneLine(as) + ".\n\n")
	b.WriteString("Der finner du det klyngen deler med deg: arrangementer du kan melde deg på, nyheter, dokumenter og et eget forum.\n\n")
	b.WriteString("Åpne lenken nedenfor for å velge passord og ta i bruk kontoen din:\n\n")
	b.WriteString(oneLine(link) + "\n\n")
	b.WriteString("Lenken er gyldig i 7 dager og kan bare brukes én gang.\n\n")
	b.WriteString("Hvis du ikke ventet denne invitasjonen, kan du se bort fra e-posten.\n\n")
	b.WriteString(signOff + "\n")
	return Message{To: to, Subject: "Invitasjon til Klyngeportalen", Body: b.String()}
}

// Invitation is the mail inviting name (at to) to the portal on behalf of companyName, sent
// by inviterName; link accepts the invitation, once, within 7 days.
func Invitation(to, name, inviterName, companyName, link string) Message {
	var b strings.Builder
	b.WriteString(greeting(name))
	inviter := oneLine(inviterName)
	company := oneLine(companyName)
	switch {
	case inviter != "" && company != "":
		b.WriteString(inviter + " har invitert deg til Klyngeportalen, intranettet til Avfallsklynge Nord, som medarbeider i " + company + ".\n\n")
	case company != "":
		b.WriteString("Du er invitert til Klyngeportalen, intranettet til Avfallsklynge Nord, som medarbeider i " + company + ".\n\n")
	default:
		b.WriteString("Du er invitert til Klyngeportalen, intranettet til Avfallsklynge Nord.\n\n")
	}
	b.WriteString("Åpne lenken nedenfor for å velge passord og ta i bruk kontoen din:\n\n")
	b.WriteString(oneLine(link) + "\n\n")
	b.WriteString("Lenken er gyldig i 7 dager og kan bare brukes én gang.\n\n")
	b.WriteString("Hvis du ikke ventet denne invitasjonen, kan du se bort fra e-posten.\n\n")
	b.WriteString(signOff + "\n")
	return Message{To: to, Subject: "Invitasjon til Klyngeportalen", Body: b.String()}
}

// PasswordReset is the mail with a link that sets a new password for name (at to), once,
// within 1 hour.
func PasswordReset(to, name, link string) Message {
	var b strings.Builder
	b.WriteString(greeting(name))
	b.WriteString("Vi har fått en forespørsel om å tilbakestille passordet ditt i Klyngeportalen.\n\n")
	b.WriteString("Åpne lenken nedenfor for å velge et nytt passord:\n\n")
	b.WriteString(oneLine(link) + "\n\n")
	b.WriteString("Lenken er gyldig i 1 time og kan bare brukes én gang.\n\n")
	b.WriteString("Hvis du ikke har bedt om å tilbakestille passordet, kan du se bort fra denne e-posten. Passordet ditt er ikke endret.\n\n")
	b.WriteString(signOff + "\n")
	return Message{To: to, Subject: "Tilbakestill passordet ditt i Klyngeportalen", Body: b.String()}
}

// greeting is "Hei Name," or "Hei," when the name is unknown.
func greeting(name string) string {
	if name = oneLine(name); name != "" {
		return "Hei " + name + ",\n\n"
	}
	return "Hei,\n\n"
}

// oneLine trims s and joins its lines, so that a value cannot add lines to a mail.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
