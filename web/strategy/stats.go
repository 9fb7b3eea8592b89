package strategy

import (
	"strconv"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/web/format"
)

// The sub-goals that some of the portal's figures measure (MEMBERS.md): the common indicators
// serve "Koordinere og være en pådriver for felles løsninger".
const indicatorsTopic = "felles-losninger"

// Figures are what the year's figures per goal are made of, as the stores count them.
type Figures struct {
	Year       int
	Counts     []plan.StatusCount        // the year's activities per goal and status
	Activities []plan.GoalActivity       // the first of them per goal
	Held       []events.HeldCount        // events held in the year, per goal
	Sent       []consultations.SentCount // consultation answers sent in the year, per focus area
	Reported   int                       // companies that have reported last year's indicators
	Companies  int                       // member companies
}

// Stats composes the year's figures per focus area and sub-goal of st, by Goal.Key.
func Stats(st strategy.Strategy, f Figures) map[string]GoalStats {
	key := func(area int16, topic *int16) string {
		if topic == nil {
			return strategy.Goal{FocusAreaID: area}.Key()
		}
		return strategy.Goal{FocusAreaID: area, TopicID: topic}.Key()
	}
	perGoal := map[string][]plan.GoalActivity{}
	for _, a := range f.Activities {
		k := key(a.FocusAreaID, a.TopicID)
		perGoal[k] = append(perGoal[k], a)
	}
	perStatus := map[string]map[plan.Status]int{}
	for _, c := range f.Counts {
		k := key(c.FocusAreaID, c.TopicID)
		if perStatus[k] == nil {
			perStatus[k] = map[plan.Status]int{}
		}
		perStatus[k][c.Status] += c.N
	}
	ys := strconv.Itoa(f.Year)
	out := map[string]GoalStats{}
	for _, a := range st.Areas {
		for _, g := range append([]strategy.Goal{a.Goal}, a.SubGoals...) {
			gs := GoalStats{WheelURL: "/arshjul/" + ys + "?fokus=" + a.Slug, Activities: perGoal[g.Key()]}
			if g.TopicID != nil {
				gs.WheelURL = "/arshjul/" + ys + "?tema=" + g.Slug
			}
			for _, status := range plan.FilterStatuses {
				n := perStatus[g.Key()][status]
				if n == 0 {
					continue
				}
				gs.Counts = append(gs.Counts, Count{Status: status, N: n})
				gs.Total += n
				if status == plan.StatusDone {
					gs.Done += n
				}
				if status != plan.StatusCancelled && status != plan.StatusPostponed {
					gs.Counted += n
				}
			}
			if g.TopicID == nil && gs.Total > 0 {
				gs.Measures = append(gs.Measures, format.Count(gs.Total, "aktivitet", "aktiviteter")+" i årshjulet "+ys+" uten et bestemt delmål.")
			}
			for _, h := range f.Held {
				if key(h.FocusAreaID, h.TopicID) == g.Key() {
					gs.Measures = append(gs.Measures, format.Count(h.Held, "arrangement", "arrangementer")+" holdt i "+ys+", "+format.Count(h.Attendees, "deltaker", "deltakere")+". "+feedbackLine(h))
				}
			}
			if g.TopicID == nil {
				for _, c := range f.Sent {
					if c.FocusAreaID == g.FocusAreaID {
						gs.Measures = append(gs.Measures, format.Count(c.Sent, "høringssvar", "høringssvar")+" sendt i "+ys+".")
					}
				}
			}
			if g.Slug == indicatorsTopic && g.TopicID != nil {
				gs.Measures = append(gs.Measures, strconv.Itoa(f.Reported)+" av "+strconv.Itoa(f.Companies)+" selskap har rapportert nøkkeltall for "+strconv.Itoa(f.Year-1)+".")
			}
			out[g.Key()] = gs
		}
	}
	return out
}

// feedbackLine says what the participants answered about the events held:
// "Tilbakemeldinger: snitt 4,3 av 5, faglig utbytte 4,1 av 5 (12 svar)." Averages of fewer
// than events.MinAnswersForAverage answers are not shown, so that no answer can be read off them.
func feedbackLine(h events.HeldCount) string {
	switch {
	case h.Answers == 0:
		return "Ingen tilbakemeldinger ennå."
	case h.Answers < events.MinAnswersForAverage || h.Overall == nil || h.Benefit == nil:
		return format.Count(h.Answers, "tilbakemelding", "tilbakemeldinger") + ", for få til å vise snitt."
	}
	return "Tilbakemeldinger: snitt " + format.Number(*h.Overall, 1) + " av 5, faglig utbytte " + format.Number(*h.Benefit, 1) +
		" av 5 (" + strconv.Itoa(h.Answers) + " svar)."
}
