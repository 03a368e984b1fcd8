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
//	"CIX1"
//	facts, slots, groups                     uvarint each
//	slots times: unit (varint), slot (uvarint)
//	groups times: the group's size (uvarint)
//	for each group: its first day (varint), then each next day's distance
//	from the one before (uvarint; the days of a group are sorted)
//
// Days within a group are close together, so most take one or two bytes:
// about 2.5 bytes per fact in all instead of the 8 in memory.

var indexMagic = []byte("CIX1")

// AppendBinary appends the binary form of the index to b.
func (ix *IncidentIndex) AppendBinary(b []byte) ([]byte, error) {
	groups := len(ix.offsets) - 1
	if groups < 0 {
		groups = 0
	}
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, uint64(ix.facts))
	b = binary.AppendUvarint(b, uint64(len(ix.slots)))
	b = binary.AppendUvarint(b, uint64(groups))
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
	for g := 0; g < groups; g++ {
		b = binary.AppendUvarint(b, uint64(ix.offsets[g+1]-ix.offsets[g]))
	}
	for g := 0; g < groups; g++ {
		ds := ix.days[ix.offsets[g]:ix.offsets[g+1]]
		for i, d := range ds {
			if i == 0 {
				b = binary.AppendVarint(b, int64(d))
			} else {
				b = binary.AppendUvarint(b, uint64(d-ds[i-1]))
			}
		}
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
// damaged or foreign one rather than count from it: the store then reads
// the incidents again.
func (ix *IncidentIndex) UnmarshalBinary(b []byte) error {
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
	facts, ok1 := uv()
	nslots, ok2 := uv()
	groups, ok3 := uv()
	if !ok1 || !ok2 || !ok3 {
		return bad("truncated header")
	}
	// Every slot and group takes at least one byte, which bounds what a
	// damaged header can make us allocate.
	if nslots > uint64(len(b)) || groups > uint64(len(b)) || facts > 1<<31 {
		return bad("sizes larger than the data")
	}
	if groups != uint64(group(int32(nslots)+1, 0, false)) {
		return bad(fmt.Sprintf("%d groups for %d units", groups, nslots))
	}
	out := IncidentIndex{slots: make(map[int64]int32, nslots), facts: int(facts)}
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
	out.offsets = make([]int32, groups+1)
	var total uint64
	for g := uint64(0); g < groups; g++ {
		n, ok := uv()
		if !ok {
			return bad("truncated group sizes")
		}
		total += n
		if total > uint64(len(b)) || total > 1<<31 {
			return bad("group sizes larger than the data")
		}
		out.offsets[g+1] = int32(total)
	}
	if total != 2*facts {
		return bad(fmt.Sprintf("%d days for %d facts", total, facts))
	}
	out.days = make([]int32, total)
	for g := uint64(0); g < groups; g++ {
		var prev int64
		for i := out.offsets[g]; i < out.offsets[g+1]; i++ {
			var d int64
			if i == out.offsets[g] {
				v, ok := sv()
				if !ok {
					return bad("truncated days")
				}
				d = v
			} else {
				v, ok := uv()
				if !ok {
					return bad("truncated days")
				}
				d = prev + int64(v)
			}
			if d < -1<<31 || d >= 1<<31 {
				return bad("a day out of range")
			}
			out.days[i], prev = int32(d), d
		}
	}
	if len(b) != 0 {
		return bad("trailing bytes")
	}
	*ix = out
	return nil
}
