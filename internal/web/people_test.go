package web_test

import (
	"bufio"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestProfileHasPhonesDepartmentExpertiseAndAbout(t *testing.T) {
	c := newClient(t).Login("ansatt@haf.example")
	t.Cleanup(func() {
		execSQL(t, `UPDATE users SET mobile = '', department = '', expertise = '{}', about = '' WHERE email = 'ansatt@haf.example'`)
	})
	form := url.Values{"name": {"Åse Testesen"}, "title": {"Driftsleder"}, "department": {"Gjenvinningsstasjonen"},
		"phone": {"75 00 00 00"}, "mobile": {"+47 900 11 222"}, "expertise": {"Plukkanalyse, HMS ,anbud, hms"},
		"about": {"Jeg har ansvar for **drift** og beredskap.\nSpør meg om anbud."}}
	if res := c.PostForm("/meg", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", res.StatusCode)
	}
	id := idStr(userID(t, "ansatt@haf.example"))
	viewer := newClient(t).Login("ansatt@las.example")
	page := viewer.Get("/personer/" + id).Body
	for _, want := range []string{"Åse Testesen", "Driftsleder, Gjenvinningsstasjonen", `href="tel:+4790011222"`, `href="tel:75000000"`,
		"Mobil", "Telefon på jobb", `href="/personer?fag=plukkanalyse"`, `href="/personer?fag=hms"`, `href="/personer?fag=anbud"`,
		"Jeg har ansvar for **drift** og beredskap.", `href="/personer/` + id + `/kontakt.vcf"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the person page lacks %q", want)
		}
	}
	if strings.Count(page, `?fag=hms"`) != 1 {
		t.Error("a tag typed twice shows twice")
	}
	// Browsing by expertise: the tag page and the filtered directory.
	if body := viewer.Get("/personer/fagomrader").Body; !strings.Contains(body, `href="/personer?fag=plukkanalyse"`) || !strings.Contains(body, "Hvem kan noe om") {
		t.Error("the expertise page does not list plukkanalyse")
	}
	list := viewer.Get("/personer?fag=HMS").Body
	if !strings.Contains(list, "Åse Testesen") || strings.Contains(list, ">"+queryString(t, `SELECT email FROM users WHERE NOT 'hms' = ANY(expertise) AND active AND password_hash IS NOT NULL LIMIT 1`)+"<") {
		t.Error("the directory filtered by HMS is wrong")
	}
	// The own form shows the saved values; bad values are refused beside their fields.
	if me := c.Get("/meg").Body; !strings.Contains(me, `value="plukkanalyse, hms, anbud"`) || !strings.Contains(me, "Spør meg om anbud.") {
		t.Error("/meg does not show the saved expertise and about")
	}
	bad := url.Values{"name": {"Åse"}, "mobile": {"ring meg"}, "expertise": {strings.Repeat("x", 41)}, "about": {strings.Repeat("a", 1001)}}
	res := c.PostForm("/meg", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`id="mobile-feil"`, `id="expertise-feil"`, `id="about-feil"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("bad profile: no %s", want)
		}
	}
}

func TestPersonVCardParsesAndHoldsNoRestrictedData(t *testing.T) {
	execSQL(t, `UPDATE users SET name = 'Ola Nordmann-Hansen', title = 'Leder, innsamling; nord', mobile = '+47 912 34 567',
		phone = '75 55 55 55', department = 'Innsamling', about = 'Hemmelig om meg'
		WHERE email = 'direktor@fimil.example'`)
	t.Cleanup(func() {
		execSQL(t, `UPDATE users SET mobile = '', department = '', about = '', phone = '', title = '' WHERE email = 'direktor@fimil.example'`)
	})
	id := idStr(userID(t, "direktor@fimil.example"))
	c := newClient(t).Login("ansatt@las.example")
	res := c.Get("/personer/" + id + "/kontakt.vcf")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/vcard") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	props := parseVCard(t, res.Body)
	for name, want := range map[string]string{
		"VERSION": "4.0", "FN": "Ola Nordmann-Hansen", "N": "Nordmann-Hansen;Ola;;;", "TITLE": `Leder\, innsamling\; nord`,
		"EMAIL": "direktor@fimil.example", "ORG": "Finnmark Miljøtjeneste AS;Innsamling",
	} {
		if got := props[name]; len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	tels := strings.Join(props["TEL"], " ")
	if !strings.Contains(tels, "tel:+4791234567") || !strings.Contains(tels, "tel:75555555") {
		t.Errorf("TEL = %v", props["TEL"])
	}
	// Groups (the directors' forum), role, login times and "Om meg" are not on the card.
	for _, secret := range []string{"Direktør", "direktorforum", "Hemmelig", "company_admin", "Administrator"} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("the card holds %q", secret)
		}
	}
	// Only the directory's people have a card.
	execSQL(t, `UPDATE users SET active = false WHERE email = 'ansatt@fimil.example'`)
	t.Cleanup(func() { execSQL(t, `UPDATE users SET active = true WHERE email = 'ansatt@fimil.example'`) })
	for _, p := range []string{"/personer/" + idStr(userID(t, "ansatt@fimil.example")) + "/kontakt.vcf", "/personer/0/kontakt.vcf", "/personer/x/kontakt.vcf"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

// parseVCard checks the card's syntax by RFC 6350 (CRLF lines of at most 75 octets, folding,
// one BEGIN/END, VERSION first) and returns the values of each property by name.
func parseVCard(t *testing.T, body string) map[string][]string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") || strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") {
		t.Fatal("lines do not end in CRLF")
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := strings.Index(string(data), "\r\n"); i >= 0 {
			return i + 2, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		l := sc.Text()
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) < 4 || lines[0] != "BEGIN:VCARD" || lines[1] != "VERSION:4.0" || lines[len(lines)-1] != "END:VCARD" {
		t.Fatalf("not a vCard 4.0: %q", lines)
	}
	props := map[string][]string{}
	for _, l := range lines[1 : len(lines)-1] {
		head, value, ok := strings.Cut(l, ":")
		name, _, _ := strings.Cut(head, ";")
		if !ok || name == "" || strings.ToUpper(name) != name {
			t.Errorf("bad content line %q", l)
		}
		props[name] = append(props[name], value)
	}
	if len(props["FN"]) != 1 {
		t.Error("FN must appear once")
	}
	return props
}

func TestPersonPageListsOnlyPostsTheViewerMaySee(t *testing.T) {
	searchFixture(t) // direktor@las.example wrote in generelt and in the directors' forum
	id := idStr(userID(t, "direktor@las.example"))
	outsider := newClient(t).Login("ansatt@vefas.example").Get("/personer/" + id).Body
	if !strings.Contains(outsider, "Tråd om kvernsteinsaken") || strings.Contains(outsider, "toppsekretfjord") {
		t.Error("an outsider sees the wrong posts on the person page")
	}
	if !strings.Contains(outsider, "Innlegg om glassknuseranalyse") || strings.Contains(outsider, "**glassknuseranalyse**") {
		t.Error("the post's text is not shown as clean text")
	}
	member := newClient(t).Login("direktor@vefas.example").Get("/personer/" + id).Body
	if !strings.Contains(member, "Lukket toppsekretfjord-tråd") {
		t.Error("a member of the directors' forum does not see the post there")
	}
}

func TestDirectoryJumpsToALetter(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	addPeople(t, "las", "Østlending", 3)
	res := c.Get("/personer?fra=%C3%98")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Østlending 001") || strings.Contains(res.Body, ">Anders") {
		t.Errorf("jumping to Ø: status %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `aria-label="Hopp til forbokstav"`) || !strings.Contains(res.Body, `href="/personer?fra=%C3%85"`) {
		t.Error("no A–Å jump list")
	}
	if res := c.Get("/personer?fra=ab"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad letter: status %d, want 400", res.StatusCode)
	}
}
