package conditions

import (
	"cmp"
	"slices"
)

// UnitTree is the tree of the units incidents can name (actors.parent_id),
// so that incidents.unit(u) counts the incidents of u and of every unit
// under it. It keeps the units in depth-first order, where the units under
// a unit follow it, so a unit's subtree is a part of one list: built once
// per evaluation (the store builds one per sweep) and then read without
// allocating, from any number of goroutines.
//
// A tree built by NewCompleteUnitTree holds every unit there is: a unit it
// does not hold was deleted (or never was one), and incidents.unit of it is
// an error rather than a count of nothing.
type UnitTree struct {
	order    []int64            // every unit, depth-first, children by id
	span     map[int64][2]int32 // unit -> its subtree, order[span[0]:span[1]]
	complete bool               // holds every unit (NewCompleteUnitTree)
}

// NewUnitTree builds the tree from each unit's parent (units without a
// parent need not be listed). A cycle of parents, which the store refuses,
// does not make it loop: a unit is placed once.
func NewUnitTree(parent map[int64]int64) *UnitTree {
	children := make(map[int64][]int64, len(parent))
	var roots []int64
	for u, p := range parent {
		children[p] = append(children[p], u)
	}
	for p := range children {
		if _, ok := parent[p]; !ok {
			roots = append(roots, p)
		}
	}
	for _, list := range children {
		slices.Sort(list)
	}
	slices.Sort(roots)
	t := &UnitTree{order: make([]int64, 0, len(children)+len(parent)), span: make(map[int64][2]int32, len(children)+len(parent))}
	type frame struct {
		unit int64
		next int // the next child to visit
	}
	var stack []frame
	visit := func(root int64) {
		if _, done := t.span[root]; done {
			return
		}
		t.span[root] = [2]int32{int32(len(t.order)), -1}
		t.order = append(t.order, root)
		stack = append(stack[:0], frame{root, 0})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			kids := children[f.unit]
			if f.next == len(kids) {
				s := t.span[f.unit]
				s[1] = int32(len(t.order))
				t.span[f.unit] = s
				stack = stack[:len(stack)-1]
				continue
			}
			k := kids[f.next]
			f.next++
			if _, done := t.span[k]; done {
				continue // a cycle
			}
			t.span[k] = [2]int32{int32(len(t.order)), -1}
			t.order = append(t.order, k)
			stack = append(stack, frame{k, 0})
		}
	}
	for _, r := range roots {
		visit(r)
	}
	// Units on a cycle of parents have no root above them.
	rest := make([]int64, 0)
	for u := range parent {
		if _, done := t.span[u]; !done {
			rest = append(rest, u)
		}
	}
	slices.SortFunc(rest, cmp.Compare[int64])
	for _, u := range rest {
		visit(u)
	}
	return t
}

// NewCompleteUnitTree builds the tree of every unit there is from each
// unit's parent, 0 for a unit without one: unlike NewUnitTree's, the tree
// knows the units that stand alone, so Holds tells a unit without incidents
// from one that does not exist, and incidents.unit(u) of a u it does not
// hold (deleted since the condition was saved) is an error.
func NewCompleteUnitTree(parent map[int64]int64) *UnitTree {
	links := make(map[int64]int64, len(parent))
	for u, p := range parent {
		if p != 0 {
			links[u] = p
		}
	}
	t := NewUnitTree(links)
	var alone []int64
	for u := range parent {
		if _, ok := t.span[u]; !ok {
			alone = append(alone, u)
		}
	}
	slices.Sort(alone)
	for _, u := range alone {
		t.span[u] = [2]int32{int32(len(t.order)), int32(len(t.order) + 1)}
		t.order = append(t.order, u)
	}
	t.complete = true
	return t
}

// Holds reports whether the tree holds unit u. For a tree that does not
// hold every unit (NewUnitTree's, or nil) it is true of any unit: such a
// tree cannot tell.
func (t *UnitTree) Holds(u int64) bool {
	if t == nil || !t.complete {
		return true
	}
	_, ok := t.span[u]
	return ok
}

// Subtree returns u and every unit under it, each once, u first. The list
// is the tree's own: it must not be changed. A unit the tree does not hold
// is alone in its subtree, as is every unit of a nil tree.
func (t *UnitTree) Subtree(u int64) []int64 {
	if t != nil {
		if s, ok := t.span[u]; ok {
			return t.order[s[0]:s[1]:s[1]]
		}
	}
	return []int64{u}
}

// Len returns the number of units in the tree.
func (t *UnitTree) Len() int {
	if t == nil {
		return 0
	}
	return len(t.order)
}
