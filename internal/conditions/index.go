package conditions

import (
	"slices"
	"sync"

	"github.com/custos-ssa/custos"
)

// Scope is what a condition's inputs are aggregated over: its program, or
// its country plan.
type Scope struct {
	ProgramID int64
	Country   string
}

// ScopeOf returns the scope of a condition.
func ScopeOf(c *custos.Condition) Scope {
	if c.ProgramID != 0 {
		return Scope{ProgramID: c.ProgramID}
	}
	return Scope{Country: c.Country}
}

// Index finds the conditions to evaluate again when some data changes, so
// that approving one measurement re-evaluates the few conditions that read
// its indicator rather than every condition. Dates move for everyone, so a
// daily sweep still evaluates every condition; the index serves data
// changes in between. It is safe for concurrent use.
type Index struct {
	mu    sync.RWMutex
	byIn  map[scopedInput]map[int64][]InputKey // conditions reading an input, with the keys they read
	conds map[int64]scopedDeps
}

type scopedInput struct {
	scope Scope
	input string
}

type scopedDeps struct {
	scope Scope
	deps  []InputKey
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byIn: map[scopedInput]map[int64][]InputKey{}, conds: map[int64]scopedDeps{}}
}

// Add records what a compiled condition reads, replacing what was recorded
// for it before (after an edit).
func (ix *Index) Add(cc *Compiled) {
	ix.Set(cc.Condition.ID, ScopeOf(&cc.Condition), cc.DependsOn())
}

// Set records that condition id, in scope, reads deps.
func (ix *Index) Set(id int64, scope Scope, deps []InputKey) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(id)
	ix.conds[id] = scopedDeps{scope, deps}
	for _, d := range deps {
		k := scopedInput{scope, d.Input}
		if ix.byIn[k] == nil {
			ix.byIn[k] = map[int64][]InputKey{}
		}
		ix.byIn[k][id] = append(ix.byIn[k][id], d)
	}
}

// Remove forgets a condition (deleted, or its program closed).
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(id)
}

func (ix *Index) remove(id int64) {
	old, ok := ix.conds[id]
	if !ok {
		return
	}
	for _, d := range old.deps {
		k := scopedInput{old.scope, d.Input}
		delete(ix.byIn[k], id)
		if len(ix.byIn[k]) == 0 {
			delete(ix.byIn, k)
		}
	}
	delete(ix.conds, id)
}

// Len returns the number of conditions indexed.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.conds)
}

// Affected returns the ids, sorted, of the conditions in scope whose
// expressions can see a change to the data named by changed: indicator
// POL-3 of a program is {indicator POL-3}; a new torture allegation is
// {incidents torture}; a bulk import is {indicator *}. A change of a
// program's recipients changes the incidents and vetting it answers for,
// so conditions reading those are returned too. The caller asks once per
// scope that the change touches: an incident in a unit affects every
// program assisting the unit, and the country plan.
func (ix *Index) Affected(scope Scope, changed InputKey) []int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	changes := []InputKey{changed}
	if changed.Input == "recipients" {
		changes = append(changes, InputKey{"incidents", "*"}, InputKey{"vetting", "*"})
	}
	var out []int64
	for _, ch := range changes {
		for id, keys := range ix.byIn[scopedInput{scope, ch.Input}] {
			for _, k := range keys {
				if k.Matches(ch) {
					out = append(out, id)
					break
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
