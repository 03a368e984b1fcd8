package conditions

import (
	"cmp"
	"fmt"
	"slices"
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

	// IndicatorCodes are the codes of the program's indicators (best
	// sorted), whether or not they have data: a code the expression reads
	// that is not among them (an indicator renamed or deleted since) makes
	// the condition impossible to evaluate. Nil skips the check (no
	// program).
	IndicatorCodes []string

	// Incidents holds the incidents of the country; IncidentUnits narrows
	// them to the units a program answers for (its recipients and their
	// sub-units). IncidentUnits nil means every unit, as for a country plan.
	// Units is the tree of the units (actors.parent_id), so that
	// incidents.unit(u) counts u and every unit under it; nil counts u
	// alone. A tree of every unit (NewCompleteUnitTree) also makes
	// incidents.unit of a unit it does not hold an error.
	Incidents     *IncidentIndex
	IncidentUnits []int64
	Units         *UnitTree

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
// latest approved total: among its measurements approved by the end of
// asOf (a figure approved later was not known then; one with no review time
// counts as approved all along) without a breakdown whose period ended on
// or before asOf, the one whose period ended
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
		if !m.ReviewedAt.IsZero() && !m.ReviewedAt.Before(limit.AddDate(0, 0, 1)) {
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
// alleged responsible (an incident naming several is one fact per unit, each
// with the incident's id, so that it is counted once wherever several of its
// units are counted together), its category and date, and whether it is
// judged credible or confirmed. Incident 0 stands for an incident of its
// own. The store leaves out discounted incidents.
type IncidentFact struct {
	Incident int64
	Unit     int64
	Category custos.IncidentCategory
	Date     custos.Date
	Credible bool
}

// IncidentIndex counts incidents by unit, category, credibility and date
// window in logarithmic time. Every group of incidents (one unit, one
// category, credible or not; and the same for all units together) keeps
// its days sorted in one shared array, so a window count is two binary
// searches and the index costs 8 bytes per fact. An incident naming
// several units is in the group of each, and once in the all-units group;
// the incidents naming several units are also kept apart (the shared
// groups, with the incident's number), so that a count over several units
// takes off the repeats. It is built once per country and shared by every
// condition there.
type IncidentIndex struct {
	slots   map[int64]int32 // unit -> slot; slot 0 is all units together
	offsets []int32         // group g holds days[offsets[g]:offsets[g+1]]
	days    []int32         // days since 1970-01-01
	facts   int             // facts the index was built from
	units   int             // days in the groups of units (slots 1 and up)

	// The incidents naming several units, numbered 0 to shared-1: shared
	// group g holds, sorted by day, sharedDays[sharedOffsets[g]:...] and
	// the incident of each in sharedIncidents. Nil when there are none.
	shared          int
	sharedOffsets   []int32
	sharedDays      []int32
	sharedIncidents []int32
}

var numCategories = int32(len(custos.IncidentCategories))

// group numbers the incidents of a slot, category and credibility.
func group(slot, category int32, credible bool) int32 {
	g := (slot*numCategories + category) * 2
	if credible {
		g++
	}
	return g
}

// Fact is an IncidentFact as the index takes it, without pointers and in a
// third of the memory, for a store that hands over millions: the category
// as its place in custos.IncidentCategories and the date as a day number
// (DayNumber).
type Fact struct {
	Incident int64
	Unit     int64
	Day      int32
	Category uint8
	Credible bool
}

// Compact returns f as a Fact. It fails on a category the domain does not
// know or a fact without a date.
func (f IncidentFact) Compact() (Fact, error) {
	c, ok := categoryIndex[f.Category]
	if !ok {
		return Fact{}, fmt.Errorf("unknown category %q", f.Category)
	}
	if f.Date.IsZero() {
		return Fact{}, fmt.Errorf("no date")
	}
	return Fact{Incident: f.Incident, Unit: f.Unit, Day: dayNumber(f.Date), Category: c, Credible: f.Credible}, nil
}

// NewIncidentIndex aggregates facts. It fails on a category the domain does
// not know, a fact without a date or facts of one incident that disagree on
// its category, date or credibility, naming the fact, because silently
// dropping one would undercount the incidents a red line is watching.
func NewIncidentIndex(facts []IncidentFact) (*IncidentIndex, error) {
	compact := make([]Fact, len(facts))
	for i, f := range facts {
		c, err := f.Compact()
		if err != nil {
			return nil, fmt.Errorf("incident fact %d: %w", i, err)
		}
		compact[i] = c
	}
	return NewIncidentIndexOf(compact)
}

// NewIncidentIndexOf aggregates facts as NewIncidentIndex does. It fails on a
// category out of range or facts of one incident that disagree on its
// category, day or credibility, naming the fact.
func NewIncidentIndexOf(facts []Fact) (*IncidentIndex, error) {
	ix := &IncidentIndex{slots: map[int64]int32{}, facts: len(facts)}
	groups := make([]int32, len(facts)) // the unit group of each fact; -1 for a unit its incident names twice
	for i := range facts {
		f := &facts[i]
		if int32(f.Category) >= numCategories {
			return nil, fmt.Errorf("incident fact %d: unknown category number %d", i, f.Category)
		}
		slot, ok := ix.slots[f.Unit]
		if !ok {
			slot = int32(len(ix.slots) + 1)
			ix.slots[f.Unit] = slot
		}
		groups[i] = group(slot, int32(f.Category), f.Credible)
	}
	// The facts of one incident, one after the other (the store gives them
	// so; others are sorted by incident here).
	var order []int32 // nil: the facts' own order
	if !slices.IsSortedFunc(facts, func(a, b Fact) int { return cmp.Compare(a.Incident, b.Incident) }) {
		order = make([]int32, len(facts))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(facts[a].Incident, facts[b].Incident) })
	}
	at := func(k int) int32 {
		if order == nil {
			return int32(k)
		}
		return order[k]
	}
	first := make([]bool, len(facts)) // the fact that puts its incident in the all-units group
	type sharedFact struct{ fact, incident int32 }
	var shared []sharedFact
	for s := 0; s < len(facts); {
		a := at(s)
		e := s + 1
		for e < len(facts) && facts[a].Incident != 0 && facts[at(e)].Incident == facts[a].Incident {
			e++
		}
		first[a] = true
		distinct := 1
		for k := s + 1; k < e; k++ {
			b := at(k)
			fa, fb := &facts[a], &facts[b]
			if fb.Category != fa.Category || fb.Day != fa.Day || fb.Credible != fa.Credible {
				return nil, fmt.Errorf("incident fact %d: incident %d is of another category, date or credibility in fact %d", b, fb.Incident, a)
			}
			for j := s; j < k; j++ {
				if groups[at(j)] >= 0 && facts[at(j)].Unit == fb.Unit {
					groups[b] = -1 // the same unit named twice
					break
				}
			}
			if groups[b] >= 0 {
				distinct++
			}
		}
		if distinct > 1 {
			for k := s; k < e; k++ {
				if groups[at(k)] >= 0 {
					shared = append(shared, sharedFact{at(k), int32(ix.shared)})
				}
			}
			ix.shared++
		}
		s = e
	}
	n := group(int32(len(ix.slots)+1), 0, false)
	ix.offsets = make([]int32, n+1)
	for i, g := range groups {
		if g >= 0 {
			ix.offsets[g+1]++
			ix.units++
		}
		if first[i] {
			ix.offsets[groups[i]%(2*numCategories)+1]++ // the all-units group of the same category and credibility
		}
	}
	for g := int32(1); g <= n; g++ {
		ix.offsets[g] += ix.offsets[g-1]
	}
	ix.days = make([]int32, ix.offsets[n])
	next := slices.Clone(ix.offsets[:n])
	for i, g := range groups {
		if g >= 0 {
			ix.days[next[g]] = facts[i].Day
			next[g]++
		}
		if first[i] {
			all := groups[i] % (2 * numCategories)
			ix.days[next[all]] = facts[i].Day
			next[all]++
		}
	}
	for g := int32(0); g < n; g++ {
		slices.Sort(ix.days[ix.offsets[g]:ix.offsets[g+1]])
	}
	if len(shared) > 0 {
		ix.sharedOffsets = make([]int32, n+1)
		for _, sf := range shared {
			ix.sharedOffsets[groups[sf.fact]+1]++
		}
		for g := int32(1); g <= n; g++ {
			ix.sharedOffsets[g] += ix.sharedOffsets[g-1]
		}
		// Each entry as one number, the day above the incident, so that a
		// plain sort orders a group by day.
		keys := make([]int64, len(shared))
		next := slices.Clone(ix.sharedOffsets[:n])
		for _, sf := range shared {
			g := groups[sf.fact]
			keys[next[g]] = int64(facts[sf.fact].Day)<<32 | int64(uint32(sf.incident))
			next[g]++
		}
		ix.sharedDays = make([]int32, len(shared))
		ix.sharedIncidents = make([]int32, len(shared))
		for g := int32(0); g < n; g++ {
			lo, hi := ix.sharedOffsets[g], ix.sharedOffsets[g+1]
			slices.Sort(keys[lo:hi])
			for i := lo; i < hi; i++ {
				ix.sharedDays[i], ix.sharedIncidents[i] = int32(keys[i]>>32), int32(uint32(keys[i]))
			}
		}
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

// DayNumber returns the days from 1970-01-01 to d, as a Fact holds its date.
func DayNumber(d custos.Date) int32 { return dayNumber(d) }

// dayNumber returns the days from 1970-01-01 to d, by the proleptic
// Gregorian calendar (H. Hinnant's days_from_civil), without going through
// time.Time: the index computes it for every fact.
func dayNumber(d custos.Date) int32 {
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// count returns the incidents of units (nil: all) in category (-1: any)
// dated from..to inclusive (days since 1970), credible ones only if asked;
// an incident naming several of the units counts once. units must not
// repeat.
func (ix *IncidentIndex) count(units []int64, category int, credibleOnly bool, from, to int32) int64 {
	var n int64
	each := func(slot int32) {
		ix.eachGroup(slot, category, credibleOnly, func(g int32) {
			ds := ix.days[ix.offsets[g]:ix.offsets[g+1]]
			if len(ds) == 0 {
				return
			}
			lo, _ := slices.BinarySearch(ds, from)
			hi, _ := slices.BinarySearch(ds, to+1)
			n += int64(hi - lo)
		})
	}
	if units == nil {
		each(0)
		return n
	}
	for _, u := range units {
		if slot, ok := ix.slots[u]; ok {
			each(slot)
		}
	}
	if len(units) > 1 && ix.shared > 0 {
		n -= ix.repeats(units, category, credibleOnly, from, to)
	}
	return n
}

// eachGroup calls fn with the groups of slot that a query of category (-1:
// any) and credibility asks for.
func (ix *IncidentIndex) eachGroup(slot int32, category int, credibleOnly bool, fn func(g int32)) {
	for c := int32(0); c < numCategories; c++ {
		if category >= 0 && c != int32(category) {
			continue
		}
		fn(group(slot, c, true))
		if !credibleOnly {
			fn(group(slot, c, false))
		}
	}
}

// repeats returns how many times count over units counted an incident
// again: for each incident naming k of the units (and matching the query),
// k-1.
func (ix *IncidentIndex) repeats(units []int64, category int, credibleOnly bool, from, to int32) int64 {
	var seen []int32
	for _, u := range units {
		slot, ok := ix.slots[u]
		if !ok || ix.sharedOffsets[group(slot, 0, false)] == ix.sharedOffsets[group(slot+1, 0, false)] {
			continue // no incident of this unit names another unit
		}
		ix.eachGroup(slot, category, credibleOnly, func(g int32) {
			lo, hi := ix.sharedOffsets[g], ix.sharedOffsets[g+1]
			if lo == hi {
				return
			}
			ds := ix.sharedDays[lo:hi]
			a, _ := slices.BinarySearch(ds, from)
			b, _ := slices.BinarySearch(ds, to+1)
			seen = append(seen, ix.sharedIncidents[lo+int32(a):lo+int32(b)]...)
		})
	}
	if len(seen) < 2 {
		return 0
	}
	slices.Sort(seen)
	return int64(len(seen) - len(slices.Compact(seen)))
}
