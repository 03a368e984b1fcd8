package conditions

import (
	"fmt"
	"sort"
	"time"

	"github.com/custos-ssa/custos"
)

// Inputs is the data one condition is evaluated against: aggregates the
// store computes for the condition's program or country plan. A nil field
// means "no data", which makes any criterion reading it impossible to
// evaluate; an empty map or zero counts mean "data, and none of it".
// The engine only reads an Inputs, so one snapshot can serve every
// condition of a program, from several goroutines.
type Inputs struct {
	Indicators map[string]float64 // latest approved total by indicator code; see LatestApproved
	Baselines  map[string]float64 // by indicator code; see BaselinesAndTargets
	Targets    map[string]float64 // current target by indicator code
	Recipients []int64            // actor ids of the program's recipient units

	// Incidents holds the incidents of the country; IncidentUnits narrows
	// them to the units a program answers for (its recipients and their
	// sub-units). IncidentUnits nil means every unit, as for a country plan.
	Incidents     *IncidentIndex
	IncidentUnits []int64

	Vetting       *VettingCounts
	Consultations *ConsultationCounts
}

// VettingCounts summarises Leahy vetting for a program (see the vetting
// input for the meaning of each count).
type VettingCounts struct {
	Approved             int
	Denied               int
	Suspended            int
	Pending              int
	Expired              int
	DeniedRecipients     int
	UnvettedParticipants int
}

func (v *VettingCounts) asMap() map[string]int64 {
	return map[string]int64{
		"approved": int64(v.Approved), "denied": int64(v.Denied), "suspended": int64(v.Suspended),
		"pending": int64(v.Pending), "expired": int64(v.Expired),
		"denied_recipients": int64(v.DeniedRecipients), "unvetted_participants": int64(v.UnvettedParticipants),
	}
}

// ConsultationCounts summarises civil-society consultation for a program.
type ConsultationCounts struct {
	Held               int
	HeldOutsideCapital int
	FeedbackReceived   int
	FeedbackAnswered   int
}

func (c *ConsultationCounts) asMap() map[string]float64 {
	m := map[string]float64{
		"held": float64(c.Held), "held_outside_capital": float64(c.HeldOutsideCapital),
		"feedback_received": float64(c.FeedbackReceived), "feedback_answered": float64(c.FeedbackAnswered),
	}
	if c.FeedbackReceived > 0 {
		m["answered_percent"] = 100 * float64(c.FeedbackAnswered) / float64(c.FeedbackReceived)
	}
	return m
}

// LatestApproved returns, by indicator code, the value of each indicator's
// latest approved total: among its approved measurements without a
// breakdown whose period ended on or before asOf, the one whose period ended
// last (on a tie, the one with the higher id, entered later). codes maps
// indicator ids to codes; measurements of other indicators are skipped.
// Breakdowns are left out because a condition on "the indicator" means its
// total, and a breakdown would otherwise be taken for it.
func LatestApproved(ms []custos.Measurement, codes map[int64]string, asOf custos.Date) map[string]float64 {
	type best struct {
		end   time.Time
		id    int64
		value float64
	}
	limit := asOf.Time()
	latest := make(map[int64]best, len(codes))
	for i := range ms {
		m := &ms[i]
		if m.Status != "approved" || len(m.Disaggregation) > 0 {
			continue
		}
		if _, ok := codes[m.IndicatorID]; !ok {
			continue
		}
		end := m.PeriodEnd.Time()
		if end.After(limit) {
			continue
		}
		b, ok := latest[m.IndicatorID]
		if !ok || end.After(b.end) || (end.Equal(b.end) && m.ID > b.id) {
			latest[m.IndicatorID] = best{end, m.ID, m.Value}
		}
	}
	out := make(map[string]float64, len(latest))
	for id, b := range latest {
		out[codes[id]] = b.value
	}
	return out
}

// BaselinesAndTargets returns, by indicator code, each indicator's baseline
// and its target as of asOf: the target of the period that contains asOf,
// or else of the period that ended last before it. Indicators without a
// baseline or a target have no entry.
func BaselinesAndTargets(inds []custos.Indicator, asOf custos.Date) (baselines, targets map[string]float64) {
	baselines = map[string]float64{}
	targets = map[string]float64{}
	day := asOf.Time()
	for _, ind := range inds {
		if ind.Baseline != nil {
			baselines[ind.Code] = ind.Baseline.Value
		}
		var current, past *custos.Target
		for i := range ind.Targets {
			t := &ind.Targets[i]
			start, end := t.Start.Time(), t.End.Time()
			switch {
			case !day.Before(start) && !day.After(end):
				if current == nil || start.After(current.Start.Time()) {
					current = t
				}
			case end.Before(day):
				if past == nil || end.After(past.End.Time()) {
					past = t
				}
			}
		}
		if current == nil {
			current = past
		}
		if current != nil {
			targets[ind.Code] = current.Value
		}
	}
	return baselines, targets
}

// IncidentFact is one incident as the incidents input counts it: the unit
// alleged responsible (an incident with several is one fact per unit), its
// category and date, and whether it is judged credible or confirmed. The
// store leaves out discounted incidents.
type IncidentFact struct {
	Unit     int64
	Category custos.IncidentCategory
	Date     custos.Date
	Credible bool
}

// incidentKey groups incident days by unit (0 for all units together),
// category index and credibility.
type incidentKey struct {
	unit     int64
	category uint8
	credible bool
}

// IncidentIndex counts incidents by unit, category, credibility and date
// window in logarithmic time: each group keeps its incidents' days sorted,
// and a window count is two binary searches. It is built once per country
// and shared by every condition there.
type IncidentIndex struct {
	days  map[incidentKey][]int32 // days since 1970-01-01, sorted
	units map[int64]bool
	facts int
}

// NewIncidentIndex aggregates facts. It fails on a category the domain does
// not know, naming the fact, because silently dropping it would undercount
// the incidents a red line is watching.
func NewIncidentIndex(facts []IncidentFact) (*IncidentIndex, error) {
	ix := &IncidentIndex{days: map[incidentKey][]int32{}, units: map[int64]bool{}, facts: len(facts)}
	for i, f := range facts {
		c, ok := categoryIndex[f.Category]
		if !ok {
			return nil, fmt.Errorf("incident fact %d: unknown category %q", i, f.Category)
		}
		if f.Date.IsZero() {
			return nil, fmt.Errorf("incident fact %d: no date", i)
		}
		d := dayNumber(f.Date)
		k := incidentKey{f.Unit, c, f.Credible}
		ix.days[k] = append(ix.days[k], d)
		k.unit = 0
		ix.days[k] = append(ix.days[k], d)
		ix.units[f.Unit] = true
	}
	for _, ds := range ix.days {
		sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
	}
	return ix, nil
}

// Len returns the number of facts the index was built from.
func (ix *IncidentIndex) Len() int { return ix.facts }

var categoryIndex = func() map[custos.IncidentCategory]uint8 {
	m := map[custos.IncidentCategory]uint8{}
	for i, c := range custos.IncidentCategories {
		m[c] = uint8(i)
	}
	return m
}()

func dayNumber(d custos.Date) int32 { return int32(d.Time().Unix() / 86400) }

// count returns the incidents of units (nil: all) in category (-1: any)
// dated from..to inclusive (days since 1970), credible ones only if asked.
func (ix *IncidentIndex) count(units []int64, category int, credibleOnly bool, from, to int32) int64 {
	var n int64
	each := func(unit int64) {
		for c := range custos.IncidentCategories {
			if category >= 0 && c != category {
				continue
			}
			for _, cred := range []bool{true, false} {
				if credibleOnly && !cred {
					continue
				}
				ds := ix.days[incidentKey{unit, uint8(c), cred}]
				if len(ds) == 0 {
					continue
				}
				lo := sort.Search(len(ds), func(i int) bool { return ds[i] >= from })
				hi := sort.Search(len(ds), func(i int) bool { return ds[i] > to })
				n += int64(hi - lo)
			}
		}
	}
	if units == nil {
		each(0)
		return n
	}
	for _, u := range units {
		if u != 0 {
			each(u)
		}
	}
	return n
}
