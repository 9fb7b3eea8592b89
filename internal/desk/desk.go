// Package desk is the cluster leader's desk: what needs attention across the portal, found by
// bounded queries sent in one round trip, the reminders sent from it (throttled per company,
// kind and day) and the weekly summary mail.
package desk

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database"
)

// Shown is how many items each block lists (the count says how many there are in all).
const Shown = 20

// Store reads the desk and records its reminders and summaries.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns the desk's store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Scope is whose desk: the whole cluster (CompanyID 0) or one company's.
type Scope struct {
	CompanyID int64
	Year      int   // the open year of indicator reports
	ViewerID  int64 // whose desk: hidden posts only of forums they may see
	Admin     bool  // a cluster admin: also failed mail
}

// Desk is everything that needs attention, block by block.
type Desk struct {
	ThinShare     int
	Reports       []Report
	Consultations []Consultation
	ThinEvents    []Event
	Waitlists     []Event
	Activities    []Activity
	Invitations   []Person
	Dormant       []Person
	DormantCount  int
	FailedMail    []Mail
	HiddenPosts   []Post
	LateActions   []Action
}

// Count is the number of items needing attention.
func (d Desk) Count() int {
	n := len(d.Reports) + len(d.ThinEvents) + len(d.Waitlists) + len(d.Activities) + len(d.Invitations) + d.DormantCount + len(d.FailedMail) + len(d.HiddenPosts) + len(d.LateActions)
	for _, c := range d.Consultations {
		n += len(c.Missing)
	}
	return n
}

// Report is a company whose indicator report for the year is missing or still a draft.
type Report struct {
	CompanyID     int64      `db:"company_id"`
	CompanySlug   string     `db:"company_slug"`
	CompanyName   string     `db:"company_name"`
	Status        string     `db:"status"` // "" when missing, "draft"
	LastReminder  *time.Time `db:"last_reminder"`
	RemindedToday bool       `db:"reminded_today"`
}

// CompanyRef names a company.
type CompanyRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Consultation is one with an internal deadline within 14 days, and the companies without input.
type Consultation struct {
	ID            int64        `db:"id"`
	Title         string       `db:"title"`
	Deadline      time.Time    `db:"input_deadline"`
	Missing       []CompanyRef `db:"missing"`
	RemindedToday bool         `db:"reminded_today"`
}

// Event is a coming event with too few registrations, or with a waitlist while seats are free.
type Event struct {
	ID         int64     `db:"id"`
	Title      string    `db:"title"`
	StartsAt   time.Time `db:"starts_at"`
	Capacity   *int      `db:"capacity"`
	Confirmed  int       `db:"confirmed"`
	Waitlisted int       `db:"waitlisted"`
}

// Activity is an årshjul activity overdue, or starting this month without a responsible.
type Activity struct {
	ID            int64     `db:"id"`
	Title         string    `db:"title"`
	StartsOn      time.Time `db:"starts_on"`
	EndsOn        time.Time `db:"ends_on"`
	Overdue       bool      `db:"overdue"`
	NoResponsible bool      `db:"no_responsible"`
}

// Person is an invitation not accepted, or someone who has not signed in for long.
type Person struct {
	ID          int64      `db:"id"`
	Name        string     `db:"name"`
	Email       string     `db:"email"`
	CompanySlug string     `db:"company_slug"`
	CompanyName string     `db:"company_name"`
	Since       time.Time  `db:"since"` // invited, or the last sign-in (or account) date
	LastLoginAt *time.Time `db:"last_login_at"`
}

// Mail is a mail the outbox has failed to send.
type Mail struct {
	ID        int64     `db:"id"`
	To        string    `db:"to_address"`
	Subject   string    `db:"subject"`
	Attempts  int       `db:"attempts"`
	LastError string    `db:"last_error"`
	CreatedAt time.Time `db:"created_at"`
}

// Post is a post hidden by a moderator this week.
type Post struct {
	ID          int64     `db:"id"`
	ThreadID    int64     `db:"thread_id"`
	ThreadTitle string    `db:"thread_title"`
	ForumSlug   string    `db:"forum_slug"`
	Seq         int       `db:"seq"`
	HiddenAt    time.Time `db:"hidden_at"`
	Reason      string    `db:"hidden_reason"`
}

// Action is a follow-up action from a meeting whose due date has passed.
type Action struct {
	ID          int64     `db:"id"`
	Title       string    `db:"title"`
	DueOn       time.Time `db:"due_on"`
	MeetingID   int64     `db:"meeting_id"`
	Number      int       `db:"number"`
	Year        int       `db:"year"`
	GroupName   string    `db:"group_name"`
	Responsible string    `db:"responsible"`
}

// Load reads the desk of scope in one round trip: a bounded query per block.
func (s *Store) Load(ctx context.Context, sc Scope) (Desk, error) {
	var d Desk
	var b pgx.Batch
	QueueLoad(&b, sc, &d)
	err := database.Send(ctx, s.pool, &b)
	return d, err
}

// QueueLoad adds Load's reads to b; after the batch the desk is in *d.
func QueueLoad(b *pgx.Batch, sc Scope, d *Desk) {
	database.QueuePlanOnce(b) // every block's generic plan is found by index (plan_internal_test.go)
	b.Queue(`SELECT thin_share FROM desk_settings`).QueryRow(func(row pgx.Row) error { return row.Scan(&d.ThinShare) })
	database.Collect(b, &d.Reports, reportsSQL, sc.Year, sc.CompanyID)
	database.Collect(b, &d.Consultations, consultationsSQL, sc.CompanyID)
	database.Collect(b, &d.Invitations, invitationsSQL, sc.CompanyID)
	database.Collect(b, &d.Dormant, scoped(dormantSQL, sc.CompanyID), sc.CompanyID)
	b.Queue(scoped(dormantCountSQL, sc.CompanyID), sc.CompanyID).QueryRow(func(row pgx.Row) error { return row.Scan(&d.DormantCount) })
	if sc.CompanyID == 0 {
		database.Collect(b, &d.ThinEvents, thinEventsSQL)
		database.Collect(b, &d.Waitlists, waitlistsSQL)
		database.Collect(b, &d.Activities, activitiesSQL)
		database.Collect(b, &d.HiddenPosts, hiddenPostsSQL, sc.ViewerID, sc.Admin)
		database.Collect(b, &d.LateActions, lateActionsSQL, sc.ViewerID, sc.Admin)
		if sc.Admin { // addresses are personal data: cluster admins only
			database.Collect(b, &d.FailedMail, failedMailSQL)
		}
	}
}

// SetThinShare sets the share of capacity (percent) below which a coming event is thin.
func (s *Store) SetThinShare(ctx context.Context, share int, by int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE desk_settings SET thin_share = $1, updated_by = $2, updated_at = now()`, share, by)
	return err
}
