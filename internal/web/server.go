// Package web translates HTTP to calls on the area packages and back to templ views.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/avatar"
	"klyngeportalen/internal/config"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/desk"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/metrics"
	"klyngeportalen/internal/news"
	"klyngeportalen/internal/notify"
	"klyngeportalen/internal/partners"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/search"
	"klyngeportalen/internal/strategy"
)

// Deps are the parts the server is built from; main makes them once.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Auth     *auth.Store
	Throttle *auth.Throttle
	Members  *members.Store
	// SecondFactor holds the TOTP secrets and recovery codes.
	SecondFactor *auth.SecondFactor
	// Providers are the member companies' OpenID Connect identity providers.
	Providers *auth.Providers

	Forum         *forum.Store
	Events        *events.Store
	Plan          *plan.Store
	Indicators    *indicators.Store
	Consultations *consultations.Store
	News          *news.Store
	Documents     *documents.Store
	Search        *search.Store
	Meetings      *meetings.Store
	Strategy      *strategy.Store
	Markdown      *markdown.Renderer
	Metrics       *metrics.Metrics
	Desk          *desk.Store
	Partners      *partners.Store
	Guests        *guests.Store
	// Now is the clock of the pages whose content follows the date (the årshjul's statuses);
	// time.Now unless a test sets another.
	Now func() time.Time
}

// NewDeps makes the stores on pool with the portal's settings.
func NewDeps(cfg config.Config, pool *pgxpool.Pool) Deps {
	md := markdown.New()
	secondFactor, err := auth.NewSecondFactor(pool, cfg.TOTPKey)
	if err != nil { // config.Load guarantees a 32-byte key
		panic(err)
	}
	providers, err := auth.NewProviders(pool, cfg.TOTPKey)
	if err != nil {
		panic(err)
	}
	return Deps{
		SecondFactor: secondFactor,
		Providers:    providers,
		Pool:         pool,
		Sessions:     auth.NewSessions(pool, cfg.Secure(), cfg.SessionMaxAge),
		Auth:         auth.NewStore(pool),
		Throttle:     auth.NewThrottle(pool),
		Members:      members.NewStore(pool),

		Forum:         forum.NewStore(pool, md),
		Events:        events.NewStore(pool, md),
		Plan:          plan.NewStore(pool, md),
		Indicators:    indicators.NewStore(pool),
		Consultations: consultations.NewStore(pool, md),
		News:          news.NewStore(pool, md),
		Documents:     documents.NewStore(pool, md),
		Search:        search.NewStore(pool),
		Meetings:      meetings.NewStore(pool, md, baseURL(cfg)),
		Strategy:      strategy.NewStore(pool),
		Markdown:      md,
		Metrics:       metrics.New(pool),
		Desk:          desk.NewStore(pool),
		Partners:      partners.NewStore(pool),
		Guests:        guests.NewStore(pool),
		Now:           time.Now,
	}
}

// baseURL is the portal's public address without a trailing slash, or "" when not configured.
func baseURL(cfg config.Config) string {
	if cfg.BaseURL == nil {
		return ""
	}
	return strings.TrimRight(cfg.BaseURL.String(), "/")
}

// wheelCacheBytes bounds the rendered årshjul pages kept (a year's page is about 330 kB).
const wheelCacheBytes = 12 << 20

// Server holds what the handlers need; it is built once in main and never changed after.
type Server struct {
	cfg      config.Config
	log      *slog.Logger
	pool     *pgxpool.Pool
	sessions *scs.SessionManager
	auth     *auth.Store
	throttle *auth.Throttle
	members  *members.Store

	secondFactor  *auth.SecondFactor
	providers     *auth.Providers
	forum         *forum.Store
	events        *events.Store
	plan          *plan.Store
	indicators    *indicators.Store
	consultations *consultations.Store
	news          *news.Store
	documents     *documents.Store
	search        *search.Store
	meetings      *meetings.Store
	strategy      *strategy.Store
	markdown      *markdown.Renderer
	avatars       *avatar.Store
	notify        *notify.Store
	metrics       *metrics.Metrics
	desk          *desk.Store
	partners      *partners.Store
	guests        *guests.Store
	now           func() time.Time

	assets     *assets
	draining   atomic.Bool
	wheels     *fragmentCache   // rendered årshjul pages (wheelPage)
	forums     *fragmentCache   // rendered forum pages and blocks of posts (forumcache.go)
	pages      *fragmentCache   // rendered event lists, people and company pages (pagecache.go)
	personal   *fragmentCache   // pages rendered for one viewer: a meeting's, an event's, a forum's (keptviews.go)
	searches   *fragmentCache   // rendered answers of the searches (searchcache.go)
	dashboards dashboards       // members' own dashboard blocks (dashviewer.go)
	views      keptViews        // the keys of the pages kept per viewer (keptviews.go)
	attendees  *attendeeCache   // events' attendees (pagecache.go)
	buffers    bufferPool       // what pages are rendered into (render)
	whoAmI     whoAmIStatements // who the user is, with what pages read alongside (loadUser)
	viewers    viewerHints      // the users as last read, for the reads sent with who they are
}

// New builds the server from its parts.
func New(cfg config.Config, logger *slog.Logger, d Deps) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if a.missingVendor() {
		logger.Warn("Designsystemet CSS missing from web/static/vendor: run 'make assets' (pages will be unstyled)")
	}
	s := &Server{cfg: cfg, log: logger, pool: d.Pool, sessions: d.Sessions, auth: d.Auth, throttle: d.Throttle, members: d.Members, secondFactor: d.SecondFactor, providers: d.Providers, assets: a,
		forum: d.Forum, events: d.Events, plan: d.Plan, indicators: d.Indicators, consultations: d.Consultations, news: d.News, documents: d.Documents, search: d.Search, meetings: d.Meetings, markdown: d.Markdown,
		metrics: d.Metrics, desk: d.Desk, partners: d.Partners, guests: d.Guests, now: d.Now, strategy: d.Strategy}
	if s.metrics == nil {
		s.metrics = metrics.New(nil)
	}
	s.whoAmI = newWhoAmIStatements(s.keptPages())
	s.wheels = newFragmentCache(wheelCacheBytes)
	s.forums = newFragmentCache(forumCacheBytes)
	s.searches = newFragmentCache(searchCacheBytes)
	s.pages, s.attendees = newFragmentCache(pageCacheBytes), newAttendeeCache()
	s.personal = newFragmentCache(personalCacheBytes)
	if s.now == nil {
		s.now = time.Now
	}
	s.avatars, s.notify = avatar.NewStore(d.Pool), notify.NewStore(d.Pool)
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	return s, nil
}

// Drain makes /readyz answer 503 so that a load balancer stops sending new requests.
func (s *Server) Drain() { s.draining.Store(true) }
