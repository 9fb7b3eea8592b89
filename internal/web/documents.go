package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/validate"
	docview "klyngeportalen/web/documents"
)

// thisYear is the current year in Norway.
func thisYear() int { return time.Now().In(tz.Oslo).Year() }

// documentsPageSize is how many documents one page of the list shows.
const documentsPageSize = 25

func (s *Server) documentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := validate.Errors{}
	f := documents.Filter{
		Query:     errs.Text("q", q.Get("q"), 0, 200, false),
		FocusArea: errs.Text("fokus", q.Get("fokus"), 0, 60, false),
		Topic:     errs.Text("tema", q.Get("tema"), 0, 60, false),
		Tag:       errs.Text("tagg", q.Get("tagg"), 0, 40, false),
		Company:   errs.Text("selskap", q.Get("selskap"), 0, 60, false),
		Kind:      errs.Text("type", q.Get("type"), 0, 20, false),
		Source:    q.Get("kilde"),
		Sort:      q.Get("sortering"),
		Limit:     documentsPageSize,
	}
	if _, ok := documents.Sources[f.Source]; !ok && f.Source != "" {
		errs.Add("kilde", "ugyldig valg")
	}
	if e := q.Get("arrangement"); e != "" {
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil || n <= 0 {
			errs.Add("arrangement", "ugyldig arrangement")
		}
		f.Event = n
	}
	if y := q.Get("ar"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			errs.Add("ar", "ugyldig år")
		}
		f.Year = n
	}
	if _, ok := documents.Sorts[f.Sort]; !ok {
		f.Sort = ""
	}
	if f.Sort == "" || (f.Sort == "relevans" && f.Query == "") {
		f.Sort = "nyeste"
		if f.Query != "" {
			f.Sort = "relevans"
		}
	}
	if after := q.Get("etter"); after != "" {
		k := keyset.Parse(after, 2)
		n, key := k.ID(), k.Text(200, false)
		if !k.OK() || !documents.ValidCursor(f.Sort, key) {
			errs.Add("etter", "ugyldig posisjon")
		}
		f.After = &documents.Cursor{ID: n, Key: key}
	}
	if !errs.OK() {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	docs, more, err := s.documents.List(ctx, viewer, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas, err := s.plan.FocusAreas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := docview.NewListPage(f, docs, more, areas, companies, thisYear())
	page.CanRestore = viewer.IsClusterAdmin()
	if f.Event != 0 {
		// The event's title comes from its materials, which the viewer may only see with the event.
		if len(docs) > 0 && docs[0].EventTitle != nil {
			page.EventTitle = *docs[0].EventTitle
		} else if ev, err := s.events.Event(ctx, events.ViewerOf(viewer), f.Event); err == nil {
			page.EventTitle = ev.Title
		}
	}
	s.render(w, r, http.StatusOK, "Dokumenter", docview.List(page))
}

// documentParam loads the document of the {id} in the address that the viewer may see (404 otherwise).
func (s *Server) documentParam(w http.ResponseWriter, r *http.Request) (documents.Document, bool) {
	return load(s, w, r, "id", func(ctx context.Context, id int64) (documents.Document, error) {
		return s.documents.Document(ctx, auth.UserFrom(ctx), id)
	})
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.documentParam(w, r)
	if !ok {
		return
	}
	s.renderDocument(w, r, http.StatusOK, d, docview.VersionForm{})
}

func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, d documents.Document, vf docview.VersionForm) {
	viewer := auth.UserFrom(r.Context())
	versions, err := s.documents.Versions(r.Context(), viewer, d.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, d.Title, docview.Show(docview.DocumentPage{Document: d, Versions: versions, CanEdit: d.CanEdit(viewer), Version: vf}))
}
