package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// clientAt is a client of a portal whose clock says now.
func clientAt(t *testing.T, now time.Time) *webtest.Client {
	return webtest.NewClient(t, webtest.PortalAt(t, dbtest.Pool(t), func() time.Time { return now }))
}

// An activity that ended without being marked done is Forsinket on the wheel, in the list, on
// its page and on the responsible person's dashboard, computed from the dates and the clock;
// before its end it is Pågår, and a manual Gjennomført wins.
func TestStatusFollowsTheClockInWheelListAndDashboard(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status, responsible_user_id)
		SELECT 'Klokketiltak', 2, '2058-03-01', '2058-04-30', 'pagar', id FROM users WHERE email = 'ansatt@las.example'`)
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status, responsible_user_id)
		SELECT 'Klokketiltak ferdig', 2, '2058-03-01', '2058-04-30', 'gjennomfort', id FROM users WHERE email = 'ansatt@las.example'`)
	id := dbIDs(t, `a.title = 'Klokketiltak'`)[0]
	december := time.Date(2058, 12, 3, 10, 0, 0, 0, time.UTC)
	april := time.Date(2058, 4, 10, 10, 0, 0, 0, time.UTC)

	late := clientAt(t, december).Login("ansatt@las.example")
	page := late.Get("/arshjul/2058")
	arc := section(t, page.Body, `<title>Klokketiltak, `, `</title>`)
	if !strings.Contains(arc, "forsinket") {
		t.Errorf("the arc says %q in December, want forsinket", arc)
	}
	if !strings.Contains(page.Body, `data-status="forsinket"`) || !strings.Contains(page.Body, ">Forsinket</text>") {
		t.Error("the late arc is not outlined, or the legend lacks Forsinket")
	}
	item := section(t, page.Body, `href="/arshjul/aktivitet/`+id+`">Klokketiltak</a>`, `</li>`)
	if !strings.Contains(item, ">Forsinket</span>") {
		t.Errorf("the list item in December: %s", item)
	}
	done := section(t, page.Body, `>Klokketiltak ferdig</a>`, `</li>`)
	if !strings.Contains(done, ">Gjennomført</span>") {
		t.Errorf("a manual Gjennomført does not win: %s", done)
	}
	if res := late.Get("/arshjul/aktivitet/" + id); !strings.Contains(res.Body, ">Forsinket</span>") || !strings.Contains(res.Body, "Sluttdatoen er passert") {
		t.Error("the activity page does not say Forsinket")
	}
	filtered := late.Get("/arshjul/2058?status=forsinket")
	if filtered.StatusCode != http.StatusOK || !strings.Contains(filtered.Body, ">Klokketiltak</a>") || strings.Contains(filtered.Body, ">Klokketiltak ferdig</a>") {
		t.Error("the Forsinket filter does not select exactly the late activity")
	}
	dash := section(t, late.Get("/").Body, `id="mine-tiltak"`, `</section>`)
	if !strings.Contains(dash, ">Klokketiltak</a>") || !strings.Contains(dash, ">Forsinket</span>") || strings.Contains(dash, "Klokketiltak ferdig") {
		t.Errorf("the responsible person's dashboard: %s", dash)
	}
	// The cluster admin sees every late activity; another member sees none of this one.
	if !strings.Contains(clientAt(t, december).Login("klyngeleder@remiks.example").Get("/").Body, ">Klokketiltak</a>") {
		t.Error("the cluster admin's dashboard does not list the late activity")
	}
	if strings.Contains(clientAt(t, december).Login("ansatt@vefas.example").Get("/").Body, "Klokketiltak") {
		t.Error("another member's dashboard lists someone else's activity")
	}

	// In April the same activity is under way, and it is not late anywhere.
	early := clientAt(t, april).Login("ansatt@las.example")
	item = section(t, early.Get("/arshjul/2058").Body, `href="/arshjul/aktivitet/`+id+`">Klokketiltak</a>`, `</li>`)
	if !strings.Contains(item, ">Pågår</span>") {
		t.Errorf("the list item in April: %s", item)
	}
	dash = section(t, early.Get("/").Body, `id="mine-tiltak"`, `</section>`)
	if !strings.Contains(dash, ">Pågår</span>") || strings.Contains(dash, ">Forsinket</span>") {
		t.Errorf("the dashboard in April: %s", dash)
	}
}

// Today's marker and its legend are on the wheel of the current year only.
func TestTodayOnlyOnTheCurrentYear(t *testing.T) {
	c := clientAt(t, time.Date(2058, 6, 15, 12, 0, 0, 0, time.UTC)).Login("ansatt@las.example")
	if res := c.Get("/arshjul/2058"); !strings.Contains(res.Body, "I dag, 15. juni 2058") || !strings.Contains(res.Body, ">I dag</text>") {
		t.Error("the current year's wheel lacks today's marker")
	}
	if res := c.Get("/arshjul"); !strings.Contains(res.Body, "Årshjul 2058") {
		t.Error("/arshjul is not the clock's year")
	}
	for _, y := range []string{"2057", "2059"} {
		res := c.Get("/arshjul/" + y)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "I dag") || strings.Contains(res.Body, "wheel__today") {
			t.Errorf("the wheel of %s marks today", y)
		}
	}
}
