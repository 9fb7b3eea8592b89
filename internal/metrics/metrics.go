// Package metrics holds the portal's Prometheus metrics: requests by route and status, their
// latency, the database pool, the mail outbox and refused logins. They are served on a separate
// loopback-only address (PORTAL_METRICS_ADDR), never on the public one.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the portal's own collectors, in a registry of their own (no global state).
type Metrics struct {
	Registry        *prometheus.Registry
	requests        *prometheus.CounterVec
	latency         *prometheus.HistogramVec
	loginsRefused   prometheus.Counter
	loginsThrottled prometheus.Counter
}

// New registers the portal's metrics, the Go runtime's and the process's, and those read from
// pool at each scrape (pool statistics, the outbox backlog and failures).
func New(pool *pgxpool.Pool) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal_http_request_duration_seconds", Help: "Time to answer, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route", "method"}),
		loginsRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "portal_logins_refused_total", Help: "Sign-in attempts refused: wrong e-mail, password or code.",
		}),
		loginsThrottled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "portal_logins_throttled_total", Help: "Sign-in attempts turned away by the throttle (429).",
		}),
	}
	m.Registry.MustRegister(m.requests, m.latency, m.loginsRefused, m.loginsThrottled,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pool != nil {
		m.Registry.MustRegister(poolCollector{pool}, outboxCollector{pool})
	}
	return m
}

// Observe records one answered request. route is the matched route pattern ("" when none
// matched: counted as "unmatched", so that scanners cannot make a series per path).
func (m *Metrics) Observe(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(took.Seconds())
}

// LoginRefused counts a refused sign-in attempt; LoginThrottled one the throttle turned away.
func (m *Metrics) LoginRefused()   { m.loginsRefused.Inc() }
func (m *Metrics) LoginThrottled() { m.loginsThrottled.Inc() }

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Timeout: 10 * time.Second})
}

// poolCollector reads pgxpool's statistics at each scrape.
type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolConns    = prometheus.NewDesc("portal_db_pool_connections", "Connections in the pool by state.", []string{"state"}, nil)
	poolMax      = prometheus.NewDesc("portal_db_pool_max_connections", "The pool's largest size.", nil, nil)
	poolAcquires = prometheus.NewDesc("portal_db_pool_acquires_total", "Connections handed out.", nil, nil)
	poolWaits    = prometheus.NewDesc("portal_db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", nil, nil)
	poolWaited   = prometheus.NewDesc("portal_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
	outboxDue    = prometheus.NewDesc("portal_mail_outbox_unsent", "Mails in the outbox not yet sent.", nil, nil)
	outboxFailed = prometheus.NewDesc("portal_mail_outbox_failing", "Unsent mails with at least one failed attempt.", nil, nil)
	outboxOldest = prometheus.NewDesc("portal_mail_outbox_oldest_unsent_seconds", "Age of the oldest unsent mail (0 when none).", nil, nil)
	outboxUp     = prometheus.NewDesc("portal_mail_outbox_scrape_ok", "1 when the outbox could be read at this scrape.", nil, nil)
)

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolConns
	ch <- poolMax
	ch <- poolAcquires
	ch <- poolWaits
	ch <- poolWaited
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.AcquiredConns()), "acquired")
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.IdleConns()), "idle")
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(st.ConstructingConns()), "constructing")
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(st.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(st.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, st.AcquireDuration().Seconds())
}

// outboxCollector counts the unsent mail at each scrape (one indexed query, bounded in time).
type outboxCollector struct{ pool *pgxpool.Pool }

func (c outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDue
	ch <- outboxFailed
	ch <- outboxOldest
	ch <- outboxUp
}

func (c outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var unsent, failing int64
	var oldest float64
	err := c.pool.QueryRow(ctx, `
		SELECT count(*), count(*) FILTER (WHERE attempts > 0),
		       coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
		FROM mail_outbox WHERE sent_at IS NULL`).Scan(&unsent, &failing, &oldest)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxDue, prometheus.GaugeValue, float64(unsent))
	ch <- prometheus.MustNewConstMetric(outboxFailed, prometheus.GaugeValue, float64(failing))
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, oldest)
}
