package web_test

import (
	"image/png"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A zoomed wheel holds exactly the activities that overlap its months, marks its weeks, and
// lists only its months; selecting an arc shows its details beside the wheel, without script.
func TestZoomHoldsExactlyTheOverlappingActivitiesAndSelectsAnArc(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status) VALUES
		('Zoom: slutter dagen før', 1, '2059-03-01', '2059-03-31', 'planlagt'),
		('Zoom: begynner dagen etter', 1, '2059-07-01', '2059-07-02', 'planlagt'),
		('Zoom: slutter første dag', 2, '2059-03-15', '2059-04-01', 'planlagt'),
		('Zoom: begynner siste dag', 2, '2059-06-30', '2059-08-01', 'planlagt'),
		('Zoom: over hele', 3, '2059-01-01', '2059-12-31', 'planlagt'),
		('Zoom: midt i', 3, '2059-05-10', '2059-05-12', 'gjennomfort')`)
	want := dbIDs(t, `a.starts_on < '2059-07-01' AND a.ends_on >= '2059-04-01'`)
	if len(want) != 4 {
		t.Fatalf("the test data: %v", want)
	}
	c := newClient(t).Login("ansatt@las.example")
	res := c.Get("/arshjul/2059?fra=2059-04&til=2059-06")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	drawing := section(t, res.Body, `<svg xmlns="http://www.w3.org/2000/svg" class="wheel__drawing"`, "</svg>")
	list := section(t, res.Body, `<section class="plan-list"`, `<section class="plan-exports"`)
	if got := ids(linkHref, drawing); !slices.Equal(got, want) {
		t.Errorf("arcs %v, want exactly the overlapping %v", got, want)
	}
	if got := ids(itemHref, list); !slices.Equal(got, want) {
		t.Errorf("list %v, want %v", got, want)
	}
	for _, s := range []string{"Årshjul april – juni 2059</h1>", `id="maned-2059-04"`, `id="maned-2059-06"`, ">u.15<", ">u.27<", ">april<", `aria-current="page">2. kvartal</a>`} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("the zoomed wheel lacks %q", s)
		}
	}
	// 13 Mondays from 7 April to 30 June 2059, each marked; no other months listed.
	if n := strings.Count(drawing, `stroke-dasharray="4 4"`); n != 13 {
		t.Errorf("%d week lines, want 13", n)
	}
	if strings.Contains(res.Body, `id="maned-2059-07"`) || strings.Contains(res.Body, `id="maned-2059-03"`) || strings.Contains(res.Body, ">mars</text>") {
		t.Error("months outside the zoom are shown")
	}
	// The exports follow the zoom, and the step links move by a quarter.
	if !strings.Contains(res.Body, `/arshjul/2059/arshjul.csv?fra=2059-04&amp;til=2059-06`) || !strings.Contains(res.Body, `href="/arshjul/2059?fra=2059-07&amp;til=2059-09">Neste periode`) {
		t.Error("the exports or the step links do not follow the zoom")
	}
	if n := strings.Count(c.Get("/arshjul/2059/arshjul.csv?fra=2059-04&til=2059-06").Body, "\r\n"); n != len(want)+1 {
		t.Errorf("the zoomed CSV has %d lines, want %d", n, len(want)+1)
	}
	// A month alone, and a zoom across the year end.
	if got := ids(linkHref, c.Get("/arshjul/2059?fra=2059-05").Body); len(got) != 2 {
		t.Errorf("May 2059: %v, want the whole-year one and the one in the middle", got)
	}
	if res := c.Get("/arshjul/2059?fra=2059-11&til=2060-02"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Årshjul november 2059 – februar 2060") {
		t.Errorf("a zoom across the year end: status %d", res.StatusCode)
	}

	// Selecting an arc: the link of the arc leads to the page with its details beside the wheel.
	mid := dbIDs(t, `a.title = 'Zoom: midt i'`)[0]
	href := "/arshjul/2059?fra=2059-04&amp;til=2059-06&amp;valgt=a" + mid + "#valgt"
	if !strings.Contains(drawing, `<a href="`+href+`">`) {
		t.Fatalf("no arc links to %s", href)
	}
	sel := c.Get("/arshjul/2059?fra=2059-04&til=2059-06&valgt=a" + mid)
	panel := section(t, sel.Body, `<section id="valgt"`, `</section>`)
	for _, s := range []string{"Zoom: midt i", "10. mai – 12. mai 2059", ">Gjennomført<", `href="/arshjul/aktivitet/` + mid + `"`, `href="/arshjul/2059?fra=2059-04&amp;til=2059-06">Lukk`} {
		if !strings.Contains(panel, s) {
			t.Errorf("the details lack %q:\n%s", s, panel)
		}
	}
	if strings.Count(sel.Body, `data-selected="true"`) != 1 {
		t.Error("the selected arc is not outlined once")
	}
	// An activity outside the wheel, or a hidden one, selects nothing.
	out := dbIDs(t, `a.title = 'Zoom: slutter dagen før'`)[0]
	if res := c.Get("/arshjul/2059?fra=2059-04&til=2059-06&valgt=a" + out); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `id="valgt"`) {
		t.Error("an activity outside the zoom is selected")
	}
	for _, path := range []string{"/arshjul/2059?fra=2059-13", "/arshjul/2059?fra=2059-06&til=2059-04", "/arshjul/2059?fra=2059-01&til=2060-01",
		"/arshjul/2059?fra=1999-12", "/arshjul/2059?til=x", "/arshjul/2059?valgt=x1", "/arshjul/2059?valgt=a0", "/arshjul/2059?valgt=a" + strings.Repeat("9", 30)} {
		if res := c.Get(path); res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", path, res.StatusCode)
		}
	}
}

// The phone's simplified wheel counts each activity in every month it runs in, each cell a
// link to its month in the list; arcs wide enough carry their title.
func TestSimplifiedWheelAndArcLabels(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status) VALUES
		('Enkel: tre måneder', 1, '2062-02-10', '2062-04-05', 'planlagt'),
		('Enkel: en dag med en svært lang tittel som ikke får plass på buen', 1, '2062-03-03', '2062-03-03', 'planlagt')`)
	res := newClient(t).Login("ansatt@las.example").Get("/arshjul/2062")
	simple := section(t, res.Body, `<svg xmlns="http://www.w3.org/2000/svg" class="wheel-simple"`, "</svg>")
	wellFormed(t, "the simplified wheel", simple)
	for _, s := range []string{`<a href="#maned-2062-03"><title>Kompetanse, mars 2062: 2 aktiviteter og arrangementer</title>`,
		`<a href="#maned-2062-02"><title>Kompetanse, februar 2062: 1 aktivitet eller arrangement</title>`,
		`<a href="#maned-2062-05"><title>Kompetanse, mai 2062: ingen aktiviteter</title>`, ">jan.<", ">mars<"} {
		if !strings.Contains(simple, s) {
			t.Errorf("the simplified wheel lacks %q", s)
		}
	}
	if n := strings.Count(simple, "<a href="); n != 36 {
		t.Errorf("%d cells, want 3 rings × 12 months", n)
	}
	drawing := section(t, res.Body, `class="wheel__drawing"`, "</svg>")
	// The inner ring's arc of eight weeks has room for the title's beginning, shortened.
	if !strings.Contains(drawing, `startOffset="50%" text-anchor="middle">Enkel: tre…</textPath>`) {
		t.Error("the long arc does not carry its title, shortened")
	}
	if strings.Contains(section(t, drawing, `class="wheel__labels"`, "</g>"), "svært lang tittel") {
		t.Error("a one-day arc carries a label that cannot fit")
	}
	for _, ring := range []string{">Kompetanse</text>", ">En samlet stemme</text>", ">Stordrift</text>"} {
		if !strings.Contains(drawing, ring) {
			t.Errorf("the rings are not labelled: %s", ring)
		}
	}
}

// The wheel as PNG and PDF: valid files of the expected size, following the filters and zoom.
func TestWheelExportsAsPNGAndPDF(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	res := c.Get("/arshjul/2026/arshjul.png?fokus=stordrift")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !strings.Contains(res.Header.Get("Content-Disposition"), `filename="arshjul-2026.png"`) {
		t.Fatalf("PNG: status %d, %q, %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	img, err := png.Decode(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 1600 {
		t.Errorf("the PNG is %v, want 1600 × 1600", b)
	}
	// Not blank: the white background, the focus area's blue and dark text are all in it.
	colours := map[[3]uint32]bool{}
	for y := 0; y < 1600; y += 7 {
		for x := 0; x < 1600; x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	if !colours[[3]uint32{255, 255, 255}] || !colours[[3]uint32{0, 0x62, 0xba}] || len(colours) < 20 {
		t.Errorf("the PNG has %d colours; white %v, Stordrift's blue %v", len(colours), colours[[3]uint32{255, 255, 255}], colours[[3]uint32{0, 0x62, 0xba}])
	}

	for paper, size := range map[string][2]float64{"": {297, 210}, "?papir=a3": {420, 297}} {
		res := c.Get("/arshjul/2026/arshjul.pdf" + paper)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF %q: status %d, %q", paper, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(res.Body, "%PDF-1.") || !strings.Contains(res.Body[len(res.Body)-64:], "%%EOF") || len(res.Body) < 5000 {
			t.Errorf("PDF %q: not a whole PDF (%d bytes, starts %q)", paper, len(res.Body), res.Body[:min(8, len(res.Body))])
		}
		// The page is landscape A4 or A3: its MediaBox in points.
		box := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindStringSubmatch(res.Body)
		if box == nil {
			t.Fatalf("PDF %q has no MediaBox", paper)
		}
		w, _ := strconv.ParseFloat(box[1], 64)
		h, _ := strconv.ParseFloat(box[2], 64)
		if math.Abs(w-size[0]/25.4*72) > 1 || math.Abs(h-size[1]/25.4*72) > 1 {
			t.Errorf("PDF %q: page %v × %v pt, want %v × %v mm landscape", paper, w, h, size[0], size[1])
		}
	}
	for path, want := range map[string]int{"/arshjul/2026/arshjul.pdf?papir=a5": 400, "/arshjul/2026/arshjul.png?fra=2026-13": 400, "/arshjul/1999/arshjul.png": 404} {
		if res := c.Get(path); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	if res := newClient(t).Get("/arshjul/2026/arshjul.png"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous PNG: status %d", res.StatusCode)
	}
}
