package strategy

import (
	"reflect"
	"testing"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
)

// TestStatsPerGoal: the counts go to their goal, cancelled and postponed activities do not count
// towards progress, and the measures name the events (with feedback only from enough answers),
// the consultations and the indicators.
func TestStatsPerGoal(t *testing.T) {
	topic := int16(4)
	avg := 4.3
	area := strategy.Area{Goal: strategy.Goal{FocusAreaID: 1, Slug: "fokus"},
		SubGoals: []strategy.Goal{{FocusAreaID: 1, TopicID: &topic, Slug: indicatorsTopic}}}
	got := Stats(strategy.Strategy{Areas: []strategy.Area{area}}, Figures{
		Year: 2026,
		Counts: []plan.StatusCount{{FocusAreaID: 1, TopicID: &topic, Status: plan.StatusDone, N: 2},
			{FocusAreaID: 1, TopicID: &topic, Status: plan.StatusCancelled, N: 1}, {FocusAreaID: 1, Status: plan.StatusPlanned, N: 1}},
		Held: []events.HeldCount{{FocusAreaID: 1, TopicID: &topic, Held: 1, Attendees: 12, Answers: 3, Overall: &avg, Benefit: &avg},
			{FocusAreaID: 1, Held: 2, Attendees: 5, Answers: 2, Overall: &avg, Benefit: &avg}},
		Sent:     []consultations.SentCount{{FocusAreaID: 1, Sent: 1}},
		Reported: 7, Companies: 11,
	})
	sub := got[area.SubGoals[0].Key()]
	if sub.Total != 3 || sub.Done != 2 || sub.Counted != 2 || sub.Percent() != 100 || sub.WheelURL != "/arshjul/2026?tema="+indicatorsTopic {
		t.Errorf("sub-goal: %+v", sub)
	}
	want := []string{"1 arrangement holdt i 2026, 12 deltakere. Tilbakemeldinger: snitt 4,3 av 5, faglig utbytte 4,3 av 5 (3 svar).",
		"7 av 11 selskap har rapportert nøkkeltall for 2025."}
	if !reflect.DeepEqual(sub.Measures, want) {
		t.Errorf("sub-goal measures %q, want %q", sub.Measures, want)
	}
	top := got[area.Key()]
	want = []string{"1 aktivitet i årshjulet 2026 uten et bestemt delmål.", "2 arrangementer holdt i 2026, 5 deltakere. 2 tilbakemeldinger, for få til å vise snitt.",
		"1 høringssvar sendt i 2026."}
	if top.Total != 1 || !reflect.DeepEqual(top.Measures, want) || top.WheelURL != "/arshjul/2026?fokus=fokus" {
		t.Errorf("focus area: %+v, measures want %q", top, want)
	}
}
