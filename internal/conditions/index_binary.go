package conditions

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// An IncidentIndex is kept between processes in a compact binary form, so
// that a new process (custos conditions evaluate) need not read millions of
// incidents again when they have not changed since the last sweep. The
// form is:
//
//	"CIX2"
//	facts, unit days, slots, groups, shared incidents, shared days
//	                                         uvarint each
//	slots times: unit (varint), slot (uvarint)
//	groups times: the group's size (uvarint)
//	for each group: its first day (varint), then each next day's distance
//	from the one before (uvarint; the days of a group are sorted)
//	when there are shared days: groups times the shared group's size
//	(uvarint), then for each shared group its days as above, each followed
//	by its incident's number (uvarint)
//
// Days within a group are close together, so most take one or two bytes:
// about 2.5 bytes per fact in all instead of the 8 in memory. "CIX1", the
// form before incidents naming several units were counted once, is refused
// with ErrOldIndexForm: the store reads the incidents again.

var indexMagic = []byte("CIX2")

// ErrOldIndexForm is the error of an index written in an earlier form.
var ErrOldIndexForm = errors.New("an incident index of an earlier form")

// AppendBinary appends the binary form of the index to b.
func (ix *IncidentIndex) AppendBinary(b []byte) ([]byte, error) {
	groups := len(ix.offsets) - 1
	if groups < 0 {
		groups = 0
	}
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, uint64(ix.facts))
	b = binary.AppendUvarint(b, uint64(ix.units))
	b = binary.AppendUvarint(b, uint64(len(ix.slots)))
	b = binary.AppendUvarint(b, uint64(groups))
	b = binary.AppendUvarint(b, uint64(ix.shared))
	b = binary.AppendUvarint(b, uint64(len(ix.sharedDays)))
	type us struct {
		unit int64
		slot int32
	}
	list := make([]us, 0, len(ix.slots))
	for u, s := range ix.slots {
		list = append(list, us{u, s})
	}
	slices.SortFunc(list, func(a, b us) int { return int(a.slot - b.slot) })
	for _, x := range list {
		b = binary.AppendVarint(b, x.unit)
		b = binary.AppendUvarint(b, uint64(x.slot))
	}
	appendGroups := func(offsets, days, incidents []int32) {
		for g := 0; g < groups; g++ {
			b = binary.AppendUvarint(b, uint64(offsets[g+1]-offsets[g]))
		}
		for g := 0; g < groups; g++ {
			for i := offsets[g]; i < offsets[g+1]; i++ {
				if i == offsets[g] {
					b = binary.AppendVarint(b, int64(days[i]))
				} else {
					b = binary.AppendUvarint(b, uint64(days[i]-days[i-1]))
				}
				if incidents != nil {
					b = binary.AppendUvarint(b, uint64(incidents[i]))
				}
			}
		}
	}
	appendGroups(ix.offsets, ix.days, nil)
	if len(ix.sharedDays) > 0 {
		appendGroups(ix.sharedOffsets, ix.sharedDays, ix.sharedIncidents)
	}
	return b, nil
}

// MarshalBinary returns the binary form of the index.
func (ix *IncidentIndex) MarshalBinary() ([]byte, error) {
	return ix.AppendBinary(make([]byte, 0, 16+3*len(ix.days)))
}

// errIndexForm is the error of a malformed binary index.
var errIndexForm = errors.New("not an incident index")

// UnmarshalBinary reads an index written by MarshalBinary. It refuses a
// damaged or foreign one, or one of an earlier form (ErrOldIndexForm),
// rather than count from it: the store then reads the incidents again.
func (ix *IncidentIndex) UnmarshalBinary(b []byte) error {
	if len(b) >= 4 && string(b[:4]) == "CIX1" {
		return ErrOldIndexForm
	}
	if len(b) < len(indexMagic) || string(b[:len(indexMagic)]) != string(indexMagic) {
		return errIndexForm
	}
	b = b[len(indexMagic):]
	bad := func(what string) error { return fmt.Errorf("%w: %s", errIndexForm, what) }
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	sv := func() (int64, bool) {
		v, n := binary.Varint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	var header [6]uint64
	for i := range header {
		v, ok := uv()
		if !ok {
			return bad("truncated header")
		}
		header[i] = v
	}
	facts, units, nslots, groups, shared, sharedDays := header[0], header[1], header[2], header[3], header[4], header[5]
	// Every slot, group and day takes at least one byte, which bounds
	// what a damaged header can make us allocate.
	if nslots > uint64(len(b)) || groups > uint64(len(b)) || sharedDays > uint64(len(b)) || facts > 1<<31 || units > facts || shared > sharedDays {
		return bad("sizes larger than the data")
	}
	if groups != uint64(group(int32(nslots)+1, 0, false)) {
		return bad(fmt.Sprintf("%d groups for %d units", groups, nslots))
	}
	out := IncidentIndex{slots: make(map[int64]int32, nslots), facts: int(facts), units: int(units), shared: int(shared)}
	for i := uint64(0); i < nslots; i++ {
		u, ok := sv()
		s, ok2 := uv()
		if !ok || !ok2 {
			return bad("truncated units")
		}
		if s != i+1 {
			return bad("units out of order")
		}
		if _, dup := out.slots[u]; dup {
			return bad(fmt.Sprintf("unit %d twice", u))
		}
		out.slots[u] = int32(s)
	}
	allGroups := uint64(group(1, 0, false)) // the groups of slot 0, all units together
	readGroups := func(what string, withIncidents bool) (offsets, days, incidents []int32, all uint64, err error) {
		offsets = make([]int32, groups+1)
		var total uint64
		for g := uint64(0); g < groups; g++ {
			n, ok := uv()
			if !ok {
				return nil, nil, nil, 0, bad("truncated " + what + " sizes")
			}
			total += n
			if total > uint64(len(b)) || total > 1<<31 {
				return nil, nil, nil, 0, bad(what + " sizes larger than the data")
			}
			if g < allGroups {
				all = total
			}
			offsets[g+1] = int32(total)
		}
		days = make([]int32, total)
		if withIncidents {
			incidents = make([]int32, total)
		}
		for g := uint64(0); g < groups; g++ {
			var prev int64
			for i := offsets[g]; i < offsets[g+1]; i++ {
				var d int64
				if i == offsets[g] {
					v, ok := sv()
					if !ok {
						return nil, nil, nil, 0, bad("truncated " + what)
					}
					d = v
				} else {
					v, ok := uv()
					if !ok {
						return nil, nil, nil, 0, bad("truncated " + what)
					}
					d = prev + int64(v)
				}
				if d < -1<<31 || d >= 1<<31 {
					return nil, nil, nil, 0, bad("a day out of range")
				}
				days[i], prev = int32(d), d
				if withIncidents {
					v, ok := uv()
					if !ok || v >= shared {
						return nil, nil, nil, 0, bad("an incident out of range in " + what)
					}
					incidents[i] = int32(v)
				}
			}
		}
		return offsets, days, incidents, all, nil
	}
	var all uint64
	var err error
	if out.offsets, out.days, _, all, err = readGroups("days", false); err != nil {
		return err
	}
	if uint64(len(out.days))-all != units || all > facts {
		return bad(fmt.Sprintf("%d days of units and %d of all units for %d facts, %d of units", uint64(len(out.days))-all, all, facts, units))
	}
	if sharedDays > 0 {
		if out.sharedOffsets, out.sharedDays, out.sharedIncidents, all, err = readGroups("shared days", true); err != nil {
			return err
		}
		if all != 0 || uint64(len(out.sharedDays)) != sharedDays {
			return bad(fmt.Sprintf("%d shared days, want %d, none of all units", len(out.sharedDays), sharedDays))
		}
	} else if shared != 0 {
		return bad("shared incidents without days")
	}
	if len(b) != 0 {
		return bad("trailing bytes")
	}
	*ix = out
	return nil
}
