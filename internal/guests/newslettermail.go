package guests

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"klyngeportalen/internal/mail"
	"klyngeportalen/web/format"
)

// newsletterMail writes n as a plain-text mail to to, with the one-click unsubscribe address
// of token in the text and in the List-Unsubscribe header. Its links are to the pages of what
// is opened to owners (/apent/…), which check the access rule again.
func newsletterMail(to string, n Newsletter, baseURL, token string) mail.Message {
	base := strings.TrimRight(baseURL, "/")
	unsubscribe := base + "/nyhetsbrev/avmeld/" + token
	monthName := format.MonthName(n.Month.Month()) + " " + strconv.Itoa(n.Month.Year())
	var b strings.Builder
	fmt.Fprintf(&b, "Hei %s,\n\nHer er månedsbrevet fra Avfallsklynge Nord for %s, til eierrepresentantene i %s.\n",
		oneLine(n.Name), monthName, oneLine(n.Municipality))

	b.WriteString("\n\nNYHETER\n\n")
	if len(n.News) == 0 {
		fmt.Fprintf(&b, "Ingen nyheter for eiere er publisert siden %s.\n", format.Date(n.Since))
	}
	for _, it := range n.News {
		fmt.Fprintf(&b, "- %s (%s)\n  %s\n  %s/apent/nyheter/%d\n\n", oneLine(it.Title), format.Date(it.PublishedAt),
			excerpt(oneLine(it.Ingress), 300), base, it.ID)
	}

	b.WriteString("\nKOMMENDE ARRANGEMENTER\n\n")
	if len(n.Events) == 0 {
		b.WriteString("Ingen arrangementer for eiere de neste to månedene.\n")
	}
	for _, e := range n.Events {
		where := oneLine(e.Place)
		if where == "" && e.Online {
			where = "digitalt"
		}
		if where != "" {
			where = ", " + where
		}
		fmt.Fprintf(&b, "- %s\n  %s%s\n  Påmelding og program: %s/apent/arrangementer/%d\n\n", oneLine(e.Title), format.DateTime(e.StartsAt), where, base, e.ID)
	}

	b.WriteString("\nNØKKELTALL\n")
	if len(n.Companies) == 0 {
		fmt.Fprintf(&b, "\nIngen medlemsselskaper er registrert med %s som eier.\n", oneLine(n.Municipality))
	} else {
		fmt.Fprintf(&b, "\nSiste innsendte nøkkeltall fra selskapene %s eier.\n", oneLine(n.Municipality))
	}
	for _, c := range n.Companies {
		if !c.Reported() {
			fmt.Fprintf(&b, "\n%s har ikke sendt inn nøkkeltall ennå.\n", c.Name)
			continue
		}
		demo := ""
		if c.Demo {
			demo = " (demodata)"
		}
		fmt.Fprintf(&b, "\n%s, innsendte nøkkeltall for %d%s:\n", c.Name, c.Year, demo)
		for _, f := range c.Figures {
			fmt.Fprintf(&b, "- %s: %s\n", f.Name, f.Text())
		}
	}

	fmt.Fprintf(&b, "\n\nLogg inn i Klyngeportalen for mer: %s/\n", base)
	fmt.Fprintf(&b, "\nDu får dette brevet fordi du er eierrepresentant for %s i Klyngeportalen.\n", oneLine(n.Municipality))
	fmt.Fprintf(&b, "Vil du ikke ha flere? Meld deg av med ett klikk: %s\n\nHilsen Avfallsklynge Nord\n", unsubscribe)
	return mail.Message{
		To:             to,
		Subject:        "Månedsbrev fra Avfallsklynge Nord – " + monthName,
		Body:           b.String(),
		UnsubscribeURL: unsubscribe,
	}
}

// oneLine is s with every run of white space (line breaks too) as one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// excerpt is s cut at a word to at most n characters, with "…" when cut.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}
