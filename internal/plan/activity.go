package plan

import (
	"klyngeportalen/internal/access"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"
)

// Status is where an activity stands.
type Status string

// The statuses of an activity.
const (
	StatusPlanned   Status = "planlagt"
	StatusOngoing   Status = "pagar"
	StatusDone      Status = "gjennomfort"
	StatusPostponed Status = "utsatt"
	StatusCancelled Status = "avlyst"
)

// Statuses lists every status in the order a plan moves through them.
var Statuses = []Status{StatusPlanned, StatusOngoing, StatusDone, StatusPostponed, StatusCancelled}

// Label is the status in Norwegian.
func (s Status) Label() string {
	switch s {
	case StatusOngoing:
		return "Pågår"
	case StatusDone:
		return "Gjennomført"
	case StatusPostponed:
		return "Utsatt"
	case StatusCancelled:
		return "Avlyst"
	case StatusLate:
		return "Forsinket"
	}
	return "Planlagt"
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Activity is one measure (tiltak) of the plan.
type Activity struct {
	ID              int64     `db:"id"`
	Title           string    `db:"title"`
	Description     string    `db:"description"`
	DescriptionHTML string    `db:"description_html"`
	FocusAreaID     int16     `db:"focus_area_id"`
	FocusAreaSlug   string    `db:"focus_area_slug"`
	FocusAreaName   string    `db:"focus_area_name"`
	TopicID         *int16    `db:"topic_id"`
	TopicName       *string   `db:"topic_name"`
	StartsOn        time.Time `db:"starts_on"`
	EndsOn          time.Time `db:"ends_on"`
	Year            int16     `db:"year"`
	CompanyID       *int64    `db:"company_id"`
	CompanySlug     *string   `db:"company_slug"`
	CompanyName     *string   `db:"company_name"`
	CompanyShort    *string   `db:"company_short"` // for lists: the short name, or the name
	ResponsibleID   *int64    `db:"responsible_user_id"`
	ResponsibleName *string   `db:"responsible_name"`
	Status          Status    `db:"status"` // as of the day it was read (Effective); Set is the stored one
	Set             Status    `db:"-"`
	UpdatedAt       time.Time `db:"updated_at"`
	OpenTo          []string  `db:"open_to"` // owner and/or partner: shown to them too
	// The linked event and thread, set only when the viewer may see them.
	EventID     *int64  `db:"event_id"`
	EventTitle  *string `db:"event_title"`
	ThreadID    *int64  `db:"thread_id"`
	ThreadTitle *string `db:"thread_title"`
	ThreadForum *string `db:"thread_forum"` // the thread's forum's slug
	// The project (internal/partners) the activity belongs to, set only for members.
	ProjectID    *int64  `db:"project_id"`
	ProjectTitle *string `db:"project_title"`
}

// CanEdit reports whether u may change the plan: cluster admins and the steering group.
func CanEdit(u *auth.User) bool { return u.IsClusterAdmin() || u.InGroup(auth.GroupSteering) }

// Date bounds of an activity, and its longest span.
var (
	firstDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDate  = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

const (
	// MaxTitle is the longest title, in characters.
	MaxTitle = 160
	maxDays  = 366
)

// Input is the activity form as typed.
type Input struct {
	Title, Description, FocusArea, Topic, StartsOn, EndsOn, Company, Responsible, Status string

	Event   string   // the linked event's id, from the select
	Thread  string   // the linked thread's address or id
	Project string   // the project's id, from the select
	OpenTo  []string // owner: an owner activity, shown to the owner representatives too
}

// clean is a validated activity ready to be written.
type clean struct {
	title, description string
	focusAreaID        int16
	topicID            *int16
	startsOn, endsOn   time.Time
	companyID, userID  *int64
	status             Status
	eventID, threadID  *int64
	projectID          *int64
	openTo             []string
}

// check validates in; whether the focus area, topic, company and person exist is left to the
// database's keys, reported on the field by the store.
func (in Input) check() (clean, validate.Errors) {
	errs := validate.Errors{}
	var c clean
	c.title = errs.Text("title", in.Title, 1, MaxTitle, false)
	c.description = errs.Text("description", in.Description, 0, markdown.MaxLength, true)
	if id, ok := smallID(in.FocusArea); ok {
		c.focusAreaID = id
	} else {
		errs.Add("focus_area", "Velg et satsingsområde.")
	}
	if in.Topic != "" {
		if id, ok := smallID(in.Topic); ok {
			c.topicID = &id
		} else {
			errs.Add("topic", "Velg et tema fra listen.")
		}
	}
	c.startsOn = date(errs, "starts_on", in.StartsOn)
	c.endsOn = date(errs, "ends_on", in.EndsOn)
	if _, bad := errs["starts_on"]; !bad {
		if _, bad := errs["ends_on"]; !bad {
			switch {
			case c.endsOn.Before(c.startsOn):
				errs.Add("ends_on", "Sluttdatoen kan ikke være før startdatoen.")
			case c.endsOn.Sub(c.startsOn) > maxDays*24*time.Hour:
				errs.Add("ends_on", "En aktivitet kan vare høyst ett år. Del den opp i flere aktiviteter.")
			}
		}
	}
	if in.Company != "" {
		if id, err := strconv.ParseInt(in.Company, 10, 64); err == nil && id > 0 {
			c.companyID = &id
		} else {
			errs.Add("company", "Velg et selskap fra listen.")
		}
	}
	if in.Responsible != "" {
		if id, err := strconv.ParseInt(in.Responsible, 10, 64); err == nil && id > 0 {
			c.userID = &id
		} else {
			errs.Add("responsible", "Velg en person fra listen.")
		}
	}
	if in.Event != "" {
		if id, err := strconv.ParseInt(in.Event, 10, 64); err == nil && id > 0 {
			c.eventID = &id
		} else {
			errs.Add("event", "Velg et arrangement fra listen.")
		}
	}
	if in.Project != "" {
		if id, err := strconv.ParseInt(in.Project, 10, 64); err == nil && id > 0 {
			c.projectID = &id
		} else {
			errs.Add("project", "Velg et prosjekt fra listen.")
		}
	}
	if ref := errs.Text("thread", in.Thread, 0, MaxThreadRef, false); ref != "" {
		if id, ok := ThreadID(ref); ok {
			c.threadID = &id
		} else {
			errs.Add("thread", "Lim inn adressen til tråden, for eksempel /forum/innsamling/42, eller skriv nummeret.")
		}
	}
	c.status = Status(in.Status)
	if !c.status.Valid() {
		errs.Add("status", "Velg en status.")
	}
	var ok bool
	if c.openTo, ok = access.CleanOpenTo(in.OpenTo); !ok {
		errs.Add("open_to", "Velg eierrepresentanter, samarbeidspartnere eller ingen av dem.")
	}
	return c, errs
}

func smallID(s string) (int16, bool) {
	n, err := strconv.ParseInt(s, 10, 16)
	return int16(n), err == nil && n > 0
}

// date parses a date field (yyyy-mm-dd, as a date input sends it) within the plan's bounds.
func date(errs validate.Errors, field, s string) time.Time {
	s = errs.Text(field, s, 1, 10, false)
	if _, bad := errs[field]; bad {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		errs.Add(field, "Skriv datoen som åååå-mm-dd, for eksempel 2026-06-05.")
		return d
	}
	if d.Before(firstDate) || d.After(lastDate) {
		errs.Add(field, "Datoen må være mellom år 2000 og 2100.")
	}
	return d
}
