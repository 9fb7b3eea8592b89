package web

import (
	"net/url"
	"regexp"
	"strconv"
	"time"

	"klyngeportalen/internal/plan"
	"klyngeportalen/web/format"
	webplan "klyngeportalen/web/plan"
)

// monthLayout is how a zoom names a month in the address: 2026-04.
const monthLayout = "2006-01"

var selectedPattern = regexp.MustCompile(`^[ae][1-9][0-9]{0,17}$`)

// parseZoom reads the zoom (?fra=2026-04&til=2026-06, til defaulting to fra) and the selected
// arc (?valgt=a12) from v; false when either is malformed or the zoom is longer than a year.
func (q *wheelQuery) parseZoom(v url.Values) bool {
	if sel := v.Get("valgt"); sel != "" {
		if !selectedPattern.MatchString(sel) {
			return false
		}
		q.selected = sel
	}
	fra, til := v.Get("fra"), v.Get("til")
	if fra == "" && til == "" {
		return true
	}
	if til == "" {
		til = fra
	}
	from, err1 := time.Parse(monthLayout, fra)
	to, err2 := time.Parse(monthLayout, til)
	if err1 != nil || err2 != nil || from.Year() < 2000 || to.Year() > 2100 {
		return false
	}
	win, ok := plan.NewRange(from, to)
	if !ok {
		return false
	}
	q.zoom, q.year = &win, win.Start.Year()
	return true
}

// path is the address of q's page without the query.
func (q wheelQuery) path() string { return "/arshjul/" + strconv.Itoa(q.year) }

// selectPrefix is the address of q's page with every choice but the selection, ready for a
// selection's key to be appended: "/arshjul/2026?fokus=kompetanse&valgt=".
func (q wheelQuery) selectPrefix() string {
	if e := q.values().Encode(); e != "" {
		return q.path() + "?" + e + "&valgt="
	}
	return q.path() + "?valgt="
}

// zoomed returns q showing window w (nil: the whole year of q.year) with the same filters.
func (q wheelQuery) zoomed(w *plan.Window) string {
	if w != nil {
		q.year = w.Start.Year()
	}
	q.zoom, q.selected = w, ""
	if e := q.values().Encode(); e != "" {
		return q.path() + "?" + e
	}
	return q.path()
}

// zoomLinks are the whole year, its quarters and its months, for the zoom menu.
func zoomLinks(q wheelQuery) (year webplan.ZoomLink, quarters, months []webplan.ZoomLink) {
	cur := q.window()
	year = webplan.ZoomLink{Label: "Hele året", Href: q.zoomed(nil), Current: q.zoom == nil}
	for i := range 4 {
		start := time.Date(q.year, time.Month(1+3*i), 1, 0, 0, 0, 0, time.UTC)
		w, _ := plan.NewRange(start, start.AddDate(0, 2, 0))
		quarters = append(quarters, webplan.ZoomLink{Label: strconv.Itoa(i+1) + ". kvartal", Href: q.zoomed(&w), Current: q.zoom != nil && w == cur})
	}
	for m := time.January; m <= time.December; m++ {
		start := time.Date(q.year, m, 1, 0, 0, 0, 0, time.UTC)
		w, _ := plan.NewRange(start, start)
		months = append(months, webplan.ZoomLink{Label: format.MonthName(m), Href: q.zoomed(&w), Current: q.zoom != nil && w == cur})
	}
	return year, quarters, months
}

// stepURLs are the addresses of the period before and after q's: a zoom moves by its length.
func stepURLs(q wheelQuery) (prev, next, prevLabel, nextLabel string) {
	if q.zoom == nil {
		return q.zoomedYear(max(q.year-1, 2000)), q.zoomedYear(min(q.year+1, 2100)), "Forrige år", "Neste år"
	}
	n := q.zoom.MonthCount()
	before, _ := plan.NewRange(q.zoom.Start.AddDate(0, -n, 0), q.zoom.Start.AddDate(0, -1, 0))
	after, _ := plan.NewRange(q.zoom.End, q.zoom.End.AddDate(0, n-1, 0))
	if before.Start.Year() < 2000 {
		before = *q.zoom
	}
	if after.End.Year() > 2100 {
		after = *q.zoom
	}
	return q.zoomed(&before), q.zoomed(&after), "Forrige periode", "Neste periode"
}

func (q wheelQuery) zoomedYear(y int) string {
	q.year = y
	return q.zoomed(nil)
}

// selection finds the selected arc's activity or event among what the wheel shows.
func selection(q wheelQuery, c wheelContent) *webplan.Selected {
	if q.selected == "" {
		return nil
	}
	id, _ := strconv.ParseInt(q.selected[1:], 10, 64)
	close := q.path()
	if e := q.values().Encode(); e != "" {
		close += "?" + e
	}
	if q.selected[0] == 'a' {
		for i := range c.acts {
			if c.acts[i].ID == id {
				return &webplan.Selected{Activity: &c.acts[i], CloseURL: close}
			}
		}
		return nil
	}
	for i := range c.events {
		if c.events[i].ID == id {
			return &webplan.Selected{Event: &c.events[i], CloseURL: close}
		}
	}
	return nil
}
