package web_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// companyState is everything an administrator could change about a company: its profile, its
// users, their links and its audit trail, as one comparable string.
func companyState(t *testing.T, slug string) string {
	t.Helper()
	var s string
	err := dbtest.Pool(t).QueryRow(context.Background(), `
		SELECT (SELECT row(c.*)::text FROM companies c WHERE c.slug = $1)
		    || (SELECT coalesce(string_agg(row(u.id, u.email, u.name, u.title, u.role, u.active, u.password_hash, u.sessions_valid_after)::text, ';' ORDER BY u.id), '')
		        FROM users u JOIN companies c ON c.id = u.company_id WHERE c.slug = $1)
		    || (SELECT count(*) FROM user_tokens k JOIN users u ON u.id = k.user_id JOIN companies c ON c.id = u.company_id WHERE c.slug = $1)::text
		    || (SELECT count(*) FROM audit_log a JOIN companies c ON c.id = a.company_id WHERE c.slug = $1)::text
		    || (SELECT count(*) FROM mail_outbox)::text`, slug).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// pendingUser creates a user of company slug who has been invited and not yet chosen a password.
func pendingUser(t *testing.T, slug string) int64 {
	t.Helper()
	email := "venter-" + strings.ToLower(rand.Text()[:10]) + "@" + slug + ".example"
	return queryInt(t, `INSERT INTO users (company_id, email, name) SELECT id, $1, 'Venter Invitasjon' FROM companies WHERE slug = $2 RETURNING id`, email, slug)
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// assertRefused checks that res is a 403 or 404 page, never a success.
func assertRefused(t *testing.T, what string, res *webtest.Response) {
	t.Helper()
	if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("%s: status %d (Location %q), want 403 or 404", what, res.StatusCode, res.Header.Get("Location"))
	}
}

func TestCompanyAdminCannotManageAnotherCompany(t *testing.T) {
	_, deactivated := freshUser(t, "hrs", "member")
	execSQL(t, `UPDATE users SET active = false WHERE id = $1`, deactivated)
	targets := []int64{userID(t, "ansatt@hrs.example"), userID(t, "admin@hrs.example"), pendingUser(t, "hrs"), deactivated}
	before := companyState(t, "hrs")
	c := newClient(t).Login("admin@las.example")

	if res := c.Get("/medlemmer/hrs"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "/medlemmer/hrs/brukere") || strings.Contains(res.Body, "/medlemmer/hrs/rediger") {
		t.Errorf("HRS's page offers LAS's admin to manage it (status %d)", res.StatusCode)
	}
	for _, path := range []string{"/medlemmer/hrs/rediger", "/medlemmer/hrs/brukere"} {
		assertRefused(t, "GET "+path, c.Get(path))
	}
	assertRefused(t, "edit profile", c.PostForm("/medlemmer/hrs/rediger", url.Values{"name": {"Overtatt av LAS"}, "description": {"hacked"}}))
	stranger := "fremmed-" + strings.ToLower(rand.Text()[:8]) + "@hrs.example"
	for _, company := range []string{"hrs", "las"} { // the other company's address, and our own with a forged company_id
		res := c.PostForm("/medlemmer/hrs/brukere/inviter", url.Values{"email": {stranger}, "name": {"Fremmed"}, "role": {"member"}, "company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = $1`, company))}})
		assertRefused(t, "invite via /medlemmer/hrs with company_id of "+company, res)
	}
	for _, target := range targets {
		for _, company := range []string{"hrs", "las"} {
			for action, form := range map[string]url.Values{
				"rolle": {"role": {"company_admin"}}, "deaktiver": nil, "aktiver": nil, "inviter-igjen": nil,
			} {
				path := "/medlemmer/" + company + "/brukere/" + idStr(target) + "/" + action
				assertRefused(t, "POST "+path, c.PostForm(path, form))
			}
		}
	}
	if after := companyState(t, "hrs"); after != before {
		t.Errorf("HRS changed:\nbefore %s\nafter  %s", before, after)
	}
	if n := queryInt(t, `SELECT count(*) FROM users WHERE email = $1`, stranger); n != 0 {
		t.Errorf("the invitation to another company created %d users", n)
	}
}

func TestForgedFormFieldsAreIgnored(t *testing.T) {
	c := newClient(t).Login("admin@las.example")
	las, hrs := queryInt(t, `SELECT id FROM companies WHERE slug = 'las'`), queryInt(t, `SELECT id FROM companies WHERE slug = 'hrs'`)
	hrsUser := userID(t, "ansatt@hrs.example")

	// company_id in the invitation: the company comes from the address.
	email := "ny-" + strings.ToLower(rand.Text()[:8]) + "@las.example"
	res := c.PostForm("/medlemmer/las/brukere/inviter", url.Values{"email": {email}, "name": {"Ny Kollega"}, "role": {"member"}, "company_id": {idStr(hrs)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: status %d", res.StatusCode)
	}
	if got := queryInt(t, `SELECT company_id FROM users WHERE email = $1`, email); got != las {
		t.Fatalf("the invited user belongs to company %d, want LAS (%d)", got, las)
	}

	// Another company's user under our own address.
	res = c.PostForm("/medlemmer/las/brukere/"+idStr(hrsUser)+"/deaktiver", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("deactivate an HRS user via LAS: status %d, want 404", res.StatusCode)
	}
	// user_id in the form does not redirect the action to another person.
	_, own := freshUser(t, "las", "member")
	if res := c.PostForm("/medlemmer/las/brukere/"+idStr(own)+"/deaktiver", url.Values{"user_id": {idStr(hrsUser)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate own colleague: status %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND active`, hrsUser) != 1 {
		t.Fatal("the HRS user was deactivated")
	}
	if queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND NOT active`, own) != 1 {
		t.Fatal("the LAS user of the address was not deactivated")
	}

	// A contact person from another company is refused, and the profile stays as it was.
	before := companyState(t, "las")
	res = c.PostForm("/medlemmer/las/rediger", url.Values{"name": {"Lofoten Avfallsselskap IKS"}, "contact_user_id": {idStr(hrsUser)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Kontaktpersonen må være ansatt i selskapet") {
		t.Errorf("contact from HRS: status %d, want 422 with a message", res.StatusCode)
	}
	if after := companyState(t, "las"); after != before {
		t.Errorf("LAS changed:\nbefore %s\nafter  %s", before, after)
	}
}

func TestCompanyAdminCannotGrantMoreThanOwnRole(t *testing.T) {
	c := newClient(t).Login("admin@las.example")
	email := "sjef-" + strings.ToLower(rand.Text()[:8]) + "@las.example"
	res := c.PostForm("/medlemmer/las/brukere/inviter", url.Values{"email": {email}, "name": {"Vil Bli Sjef"}, "role": {"cluster_admin"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Velg en rolle du selv har lov til å gi") {
		t.Errorf("invite as cluster admin: status %d, want 422 with a message", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM users WHERE email = $1`, email); n != 0 {
		t.Fatalf("%d users created", n)
	}
	for _, role := range []string{"cluster_admin", "superuser", ""} {
		_, target := freshUser(t, "las", "member")
		res := c.PostForm("/medlemmer/las/brukere/"+idStr(target)+"/rolle", url.Values{"role": {role}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("role %q: status %d, want 403", role, res.StatusCode)
		}
		if n := queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND role = 'member'`, target); n != 1 {
			t.Errorf("role %q: the role changed", role)
		}
	}
	// Nobody changes their own role, and nobody touches someone who outranks them.
	self := userID(t, "admin@las.example")
	c.PostForm("/medlemmer/las/brukere/"+idStr(self)+"/rolle", url.Values{"role": {"member"}})
	if queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND role = 'company_admin'`, self) != 1 {
		t.Fatal("the company admin demoted themselves")
	}
	_, boss := freshUser(t, "las", "cluster_admin")
	for _, action := range []string{"deaktiver", "rolle"} {
		assertRefused(t, action+" a cluster admin", c.PostForm("/medlemmer/las/brukere/"+idStr(boss)+"/"+action, url.Values{"role": {"member"}}))
	}
	if queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND active AND role = 'cluster_admin'`, boss) != 1 {
		t.Fatal("the company admin changed a cluster admin")
	}
}

func TestMemberCannotReachAdministration(t *testing.T) {
	member := newClient(t).Login("ansatt@las.example")
	group := queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`)
	for _, path := range []string{"/admin", "/admin/logg", "/admin/utboks", "/admin/grupper/" + idStr(group), "/medlemmer/las/rediger", "/medlemmer/las/brukere"} {
		if res := member.Get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("member GET %s: status %d, want 403", path, res.StatusCode)
		}
	}
	before := companyState(t, "las")
	email := "via-ansatt-" + strings.ToLower(rand.Text()[:8]) + "@las.example"
	assertRefused(t, "member invites", member.PostForm("/medlemmer/las/brukere/inviter", url.Values{"email": {email}, "name": {"X"}, "role": {"member"}}))
	assertRefused(t, "member deactivates", member.PostForm("/medlemmer/las/brukere/"+idStr(userID(t, "direktor@las.example"))+"/deaktiver", nil))
	assertRefused(t, "member edits", member.PostForm("/medlemmer/las/rediger", url.Values{"name": {"Ansatt sitt selskap"}}))
	assertRefused(t, "member adds to group", member.PostForm("/admin/grupper/"+idStr(group)+"/medlemmer", url.Values{"user_id": {idStr(userID(t, "ansatt@las.example"))}}))
	if after := companyState(t, "las"); after != before {
		t.Errorf("LAS changed:\nbefore %s\nafter  %s", before, after)
	}
	if res := newClient(t).Login("admin@las.example").Get("/admin"); res.StatusCode != http.StatusForbidden {
		t.Errorf("company admin GET /admin: status %d, want 403", res.StatusCode)
	}
}

func TestAnonymousVisitorsAreSentToLogin(t *testing.T) {
	c := newClient(t)
	for path, want := range map[string]string{
		"/": "/logg-inn", "/medlemmer": "/logg-inn?next=%2Fmedlemmer", "/personer": "/logg-inn?next=%2Fpersoner",
		"/meg": "/logg-inn?next=%2Fmeg", "/admin": "/logg-inn?next=%2Fadmin", "/meg/data.json": "/logg-inn?next=%2Fmeg%2Fdata.json",
	} {
		res := c.Get(path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("GET %s: status %d, Location %q; want 303 to %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	assertSignedOut(t, "anonymous POST", c.PostForm("/medlemmer/las/brukere/inviter", url.Values{"email": {"a@b.example"}}))
}

func TestClusterAdminManagesGroupMembers(t *testing.T) {
	email, user := freshUser(t, "fimil", "member")
	name := "Testperson " + email[5:15]
	group := queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`)
	page, members := "/admin/grupper/"+idStr(group), "/admin/grupper/"+idStr(group)+"/medlemmer"
	isMember := func() int64 {
		return queryInt(t, `SELECT count(*) FROM group_members WHERE group_id = $1 AND user_id = $2`, group, user)
	}
	audited := func(action string) int64 {
		return queryInt(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2 AND details->>'user_id' = $3`, action, group, idStr(user))
	}

	companyAdmin := newClient(t).Login("admin@fimil.example")
	assertRefused(t, "company admin GET group", companyAdmin.Get(page))
	assertRefused(t, "company admin adds", companyAdmin.PostForm(members, url.Values{"user_id": {idStr(user)}}))
	if isMember() != 0 {
		t.Fatal("a company admin added a group member")
	}

	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.Get(page); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `value="`+idStr(user)+`"`) {
		t.Fatalf("group page: status %d, or the person is not a candidate", res.StatusCode)
	}
	if res := admin.PostForm(members, url.Values{"user_id": {idStr(user)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d", res.StatusCode)
	}
	if isMember() != 1 || audited("group.add") != 1 {
		t.Fatalf("after adding: member %d, audit rows %d", isMember(), audited("group.add"))
	}
	if res := admin.Get(page); !strings.Contains(mainOf(res.Body), name) || !strings.Contains(res.Body, members+"/"+idStr(user)+"/fjern") {
		t.Fatal("the group page does not list the new member")
	}
	assertRefused(t, "company admin removes", companyAdmin.PostForm(members+"/"+idStr(user)+"/fjern", nil))
	if res := admin.PostForm(members+"/"+idStr(user)+"/fjern", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: status %d", res.StatusCode)
	}
	if isMember() != 0 || audited("group.remove") != 1 {
		t.Fatalf("after removing: member %d, audit rows %d", isMember(), audited("group.remove"))
	}
	if res := admin.PostForm("/admin/grupper/999999/medlemmer", url.Values{"user_id": {idStr(user)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown group: status %d, want 404", res.StatusCode)
	}
}
