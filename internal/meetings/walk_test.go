package meetings_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/meetings"
)

// read are the store's functions that return what belongs to a group's meetings; write are
// those that change it (each loads nothing itself: the caller passes a meeting it has read
// through Meeting, for the viewer). A new function taking a viewer must be put in one of them.
var (
	read = map[string]bool{"List": true, "Meeting": true, "HasMeetings": true, "Groups": true, "GroupBySlug": true, "People": true,
		"Agenda": true, "Case": true, "Decisions": true, "Decision": true, "DecisionOptions": true, "Register": true, "Full": true, "Index": true, "GroupListing": true, "OpenActions": true, "Action": true}
	write = map[string]bool{"Create": true, "Update": true, "Answer": true, "Invite": true, "AddCase": true, "UpdateCase": true,
		"AttachPaper": true, "SaveMinutes": true, "Approve": true, "ShareDecision": true, "AddAction": true, "SetActionStatus": true}
)

func TestEveryViewerFunctionIsWalked(t *testing.T) {
	typ := reflect.TypeFor[*meetings.Store]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		for j := 1; j < m.Type.NumIn(); j++ {
			if m.Type.In(j) == reflect.TypeFor[*auth.User]() && !read[m.Name] && !write[m.Name] {
				t.Errorf("meetings.%s takes a viewer but is neither walked nor classified", m.Name)
			}
		}
	}
}

// outsiderTexts is the oracle, written apart from the rule: the texts of the steering group's
// meetings, cases, minutes, unshared decisions and actions.
func outsiderTexts(t *testing.T, pool *pgxpool.Pool) []string {
	rows, _ := pool.Query(t.Context(), `
		SELECT m.title FROM meetings m JOIN groups g ON g.id = m.group_id WHERE g.slug = 'styringsgruppen'
		UNION SELECT c.title FROM meeting_cases c JOIN groups g ON g.id = c.group_id WHERE g.slug = 'styringsgruppen'
		UNION SELECT c.background_md FROM meeting_cases c JOIN groups g ON g.id = c.group_id WHERE g.slug = 'styringsgruppen' AND c.background_md <> ''
		UNION SELECT c.decision_md FROM meeting_cases c JOIN groups g ON g.id = c.group_id WHERE g.slug = 'styringsgruppen' AND c.decision_md <> '' AND NOT c.decision_shared
		UNION SELECT a.title FROM meeting_actions a JOIN meeting_cases c ON c.id = a.case_id JOIN groups g ON g.id = c.group_id WHERE g.slug = 'styringsgruppen'
		EXCEPT SELECT m.title FROM meetings m JOIN groups g ON g.id = m.group_id WHERE g.slug <> 'styringsgruppen' -- the same words elsewhere
		EXCEPT SELECT c.title FROM meeting_cases c JOIN groups g ON g.id = c.group_id WHERE g.slug <> 'styringsgruppen'`)
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(list) < 4 {
		t.Fatalf("the oracle found %d texts (%v)", len(list), err)
	}
	for i, s := range list {
		b, _ := json.Marshal(s)
		list[i] = strings.Trim(string(b), `"`)
	}
	return list
}

// TestOutsidersSeeNothingOfTheGroupsMeetings walks every reading function with every meeting,
// case and action there is, for a member outside the steering group, a director outside it,
// and a person of another kind in every group as cluster admin (who must get nothing at all).
func TestOutsidersSeeNothingOfTheGroupsMeetings(t *testing.T) {
	s, pool, admin := setup(t)
	ctx := t.Context()
	// A steering group meeting with approved minutes, an unshared decision and an action.
	m := newMeeting(t, pool, "styringsgruppen", 2032)
	sm, _ := s.Meeting(ctx, admin, m)
	c, err := s.AddCase(ctx, admin, sm, meetings.CaseInput{Kind: "vedtak", Title: "Vandring: lukket sak", Background: "Vandring: lukket bakgrunn"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE meeting_cases SET decision_md = 'Vandring: lukket vedtak', decision_html = 'Vandring: lukket vedtak' WHERE id = $1`, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE meetings SET minutes_locked_at = now(), title = 'Vandring: lukket møte' WHERE id = $1`, m); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO meeting_actions (case_id, title, due_on) VALUES ($1, 'Vandring: lukket tiltak', current_date - 1)`, c.ID); err != nil {
		t.Fatal(err)
	}
	texts := outsiderTexts(t, pool)

	user := func(email string) *auth.User {
		u := &auth.User{}
		var groups []string
		if err := pool.QueryRow(ctx, `SELECT u.id, u.role, coalesce((SELECT array_agg(g.slug) FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id), '{}')
			FROM users u WHERE u.email = $1`, email).Scan(&u.ID, &u.Role, &groups); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		u.Groups = groups
		return u
	}
	if _, err := pool.Exec(ctx, `INSERT INTO users (partner_id, email, name, role, kind, password_hash)
		SELECT o.id, 'partner-vandring@nord.example', 'Partner Vandring', 'cluster_admin', 'partner', '$argon2id$x' FROM partner_organisations o WHERE o.slug = 'nord-universitet';
		INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM groups g, users u WHERE u.email = 'partner-vandring@nord.example'`); err != nil {
		t.Fatal(err)
	}
	var meetingIDs, caseIDs, actionIDs []int64
	for q, dst := range map[string]*[]int64{`SELECT id FROM meetings`: &meetingIDs, `SELECT id FROM meeting_cases`: &caseIDs, `SELECT id FROM meeting_actions`: &actionIDs} {
		rows, _ := pool.Query(ctx, q)
		if *dst, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			t.Fatal(err)
		}
	}
	groups, _ := s.Groups(ctx, admin, false)
	for _, o := range []struct {
		email   string
		nothing bool // of a kind the rule does not know: gets nothing at all
	}{{"ansatt@las.example", false}, {"direktor@las.example", false}, {"partner-vandring@nord.example", true}} {
		u := user(o.email)
		var got []any
		add := func(name string, v any, err error) {
			if err != nil && !errors.Is(err, meetings.ErrNotFound) {
				t.Errorf("%s %s: %v", o.email, name, err)
			}
			if err == nil {
				got = append(got, v)
			}
		}
		l, err := s.List(ctx, u, "", nil)
		add("List", l, err)
		l, err = s.List(ctx, u, "", &meetings.PastCursor{At: time.Now().AddDate(1, 0, 0), ID: 1 << 40})
		add("List", l, err)
		l, err = s.Index(ctx, u, nil)
		if o.nothing && len(l.Coming)+len(l.Past)+len(l.Groups) > 0 {
			t.Errorf("%s: Index: %d, %d meetings, groups %v", o.email, len(l.Coming), len(l.Past), l.Groups)
		}
		add("Index", l, err)
		has, err := s.HasMeetings(ctx, u)
		if o.nothing && has {
			t.Errorf("%s: HasMeetings is true", o.email)
		}
		add("HasMeetings", nil, err)
		gs, err := s.Groups(ctx, u, false)
		add("Groups", gs, err)
		people, err := s.People(ctx, u)
		add("People", people, err)
		for _, g := range groups {
			gg, err := s.GroupBySlug(ctx, u, g.Slug)
			add("GroupBySlug", gg, err)
			acts, err := s.OpenActions(ctx, u, g)
			add("OpenActions", acts, err)
			gl, err := s.GroupListing(ctx, u, g, nil)
			add("GroupListing", gl, err)
		}
		for _, id := range meetingIDs {
			mm, err := s.Meeting(ctx, u, id)
			add("Meeting", mm, err)
			f, ferr := s.Full(ctx, u, id)
			if (err == nil) != (ferr == nil) || (ferr != nil && (f.Attendees != nil || f.Cases != nil || f.Approvals != nil)) {
				t.Errorf("%s: Full %d: %v, with Meeting %v; %+v", o.email, id, ferr, err, f)
			}
			add("Full", f, ferr)
			full, _ := s.Meeting(ctx, admin, id) // as if a caller passed a meeting it did not check
			cases, papers, actions, err := s.Agenda(ctx, u, full)
			add("Agenda", []any{cases, papers, actions}, err)
			for _, cid := range caseIDs {
				cc, err := s.Case(ctx, u, full, cid)
				add("Case", cc, err)
			}
		}
		for _, cid := range caseIDs {
			d, err := s.Decision(ctx, u, cid)
			if o.nothing && err == nil {
				t.Errorf("%s: Decision %d: %+v", o.email, cid, d)
			}
			add("Decision", d, err)
		}
		for _, q := range []meetings.DecisionFilter{{}, {Query: "Vandring"}, {Group: "styringsgruppen"}, {Year: 2032}} {
			list, _, err := s.Decisions(ctx, u, q)
			if o.nothing && len(list) > 0 {
				t.Errorf("%s: Decisions %+v: %d", o.email, q, len(list))
			}
			add("Decisions", list, err)
		}
		_, years, _, err := s.DecisionOptions(ctx, u)
		add("DecisionOptions", years, err)
		reg, err := s.Register(ctx, u, meetings.DecisionFilter{})
		if o.nothing && (len(reg.Decisions) > 0 || len(reg.Years) > 0) {
			t.Errorf("%s: Register: %d decisions, years %v", o.email, len(reg.Decisions), reg.Years)
		}
		add("Register", reg, err)
		for _, id := range actionIDs {
			a, mm, err := s.Action(ctx, u, id)
			add("Action", []any{a, mm}, err)
		}
		text, _ := json.Marshal(got)
		for _, r := range append(texts, "Vandring: lukket") {
			if strings.Contains(string(text), r) {
				t.Errorf("%s was given %q", o.email, r)
			}
		}
		if o.nothing && strings.Contains(string(text), `"ID":`) {
			t.Errorf("%s was given something: %.300s", o.email, text)
		}
	}
	// The other side: a member of the group sees the published demo agenda and the decision.
	member := user("direktor@hrs.example")
	var demo int64
	if err := pool.QueryRow(ctx, `SELECT id FROM meetings WHERE title = 'Styringsgruppemøte'`).Scan(&demo); err != nil {
		t.Fatal(err)
	}
	dm, err := s.Meeting(ctx, member, demo)
	if err != nil {
		t.Fatal(err)
	}
	if cases, _, _, err := s.Agenda(ctx, member, dm); err != nil || len(cases) == 0 {
		t.Errorf("the group's member sees %d cases (%v)", len(cases), err)
	}
	if _, err := s.Decision(ctx, member, c.ID); err != nil {
		t.Errorf("the group's member does not see the group's decision: %v", err)
	}
}
