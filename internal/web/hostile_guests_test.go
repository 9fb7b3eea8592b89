package web_test

import (
	"net/url"
	"testing"
)

// The forms of owners and partners (issue 22) under the hostile-input suite, and the pages they
// must not reach.
func init() {
	hostileForms = append(hostileForms, guestForms...)
	restrictedObjects = append(restrictedObjects, guestObjects...)
}

var guestForms = []hostileForm{
	{
		name: "owner's thread in the Eierforum", as: func(*testing.T) string { return ownerEmail },
		path: fixed("/apent/forum/eierforum/ny"), creates: "forum_threads",
		valid: func(*testing.T) url.Values {
			return url.Values{"title": {"Et spørsmål fra eierne"}, "body": {"Hvordan går det med **felles** innkjøp?"}, "skjema": {formKeyValue()}}
		},
		text: []string{"title", "body"}, multiline: []string{"body"}, choice: []string{"skjema"},
		show: fixed("/apent/forum/eierforum"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM forum_posts WHERE submit_key = $1`, v.Get("skjema"))
		},
	},
	{
		name: "owner representative's invitation", as: func(*testing.T) string { return "admin@iris-salten.example" },
		path: fixed("/eiere/inviter"), creates: "users",
		valid: func(*testing.T) url.Values {
			return url.Values{"kind": {"owner"}, "email": {unique("eier-") + "@bodo.example"}, "name": {"Ny Eier"}, "title": {"Ordfører"}, "municipality": {"Bodø"}}
		},
		text:   []string{"email", "name", "title"},
		choice: []string{"kind", "municipality", "partner"},
		show:   fixed("/eiere"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM users WHERE email = $1`, v.Get("email"))
		},
	},
}

var guestObjects = []restrictedObject{
	{
		// An owner's account is managed by the owning companies' admins and cluster admins only.
		name: "an owner's account", outsider: "admin@las.example", guestsMaySee: true,
		posts: func(t *testing.T) map[string]url.Values {
			owner := idStr(userID(t, ownerEmail))
			return map[string]url.Values{"/eiere/kontoer/" + owner + "/deaktiver": nil}
		},
	},
	{
		// What is opened to owners is not opened to partners, and the reverse.
		name: "the Eierforum and an owners' event", outsider: partnerEmail, guestsMaySee: true,
		gets: func(t *testing.T) []string {
			return []string{"/apent/forum/eierforum", "/apent/arrangementer/" + idOf(t, `SELECT id FROM events WHERE title LIKE 'Eiermøte%'`)}
		},
		posts: func(t *testing.T) map[string]url.Values {
			return map[string]url.Values{
				"/apent/forum/eierforum/ny": {"title": {"Inn"}, "body": {"Inn"}, "skjema": {formKeyValue()}},
				"/apent/arrangementer/" + idOf(t, `SELECT id FROM events WHERE title LIKE 'Eiermøte%'`) + "/pamelding": nil,
			}
		},
	},
}
