package vetting

import (
	"fmt"
	"strings"

	"github.com/custos-ssa/custos"
)

// Kind says whether a record or nominee is a person or a unit.
type Kind string

// The kinds of record.
const (
	Person Kind = "person"
	Unit   Kind = "unit"
)

// Record is one person or unit: a derogatory or reference record in the
// index, or a nominee to screen against it. Both share one shape, as they
// share one CSV format.
type Record struct {
	ID          string             `json:"id"`
	Kind        Kind               `json:"kind"`
	Name        string             `json:"name"`
	Aliases     []string           `json:"aliases,omitempty"`
	BirthDate   custos.PartialDate `json:"birth_date,omitzero"`
	Gender      string             `json:"gender,omitempty"`      // "m", "f" or "" (unknown)
	Nationality string             `json:"nationality,omitempty"` // ISO 3166-1 alpha-2 when resolved
	Unit        string             `json:"unit,omitempty"`        // a person's unit
	ParentUnit  string             `json:"parent_unit,omitempty"` // a unit's parent
}

// Band sorts hits by what a vetter must do with them.
type Band string

// The bands, and the scores at which they start.
const (
	Strong Band = "strong" // almost surely the same person or unit
	Review Band = "review" // may be the same: a vetter must look
	Weak   Band = "weak"   // unlikely, listed for completeness

	StrongScore = 0.85
	ReviewScore = 0.65
)

// bandOf returns the band of a score.
func bandOf(score float64) Band {
	switch {
	case score >= StrongScore:
		return Strong
	case score >= ReviewScore:
		return Review
	}
	return Weak
}

// Hit is one record found for a nominee, with its score in [0, 1], its
// band and why.
type Hit struct {
	RecordID    string      `json:"record_id"`
	Score       float64     `json:"score"`
	Band        Band        `json:"band"`
	Explanation Explanation `json:"explanation"`
}

// pendingHit locates what a person hit's explanation is built from: the
// index entry, and the nominee name and record name that matched best.
// Screen explains only the hits it returns.
type pendingHit struct {
	entry  uint32
	qi, ni int
}

// Explanation says how a hit was scored: which name parts matched and how,
// which features agreed or disagreed, the unit key comparison, the path
// through the unit tree for a hit on a parent or subordinate unit, and why
// the band.
type Explanation struct {
	NomineeName string         `json:"nominee_name"`
	RecordName  string         `json:"record_name"`
	NameScore   float64        `json:"name_score"`
	Parts       []PartMatch    `json:"parts,omitempty"`
	Features    []FeatureMatch `json:"features,omitempty"`
	Unit        *UnitMatch     `json:"unit,omitempty"`
	Path        []string       `json:"path,omitempty"`
	Relation    string         `json:"relation,omitempty"` // "parent" or "subordinate" for a hit on a related unit
	Band        string         `json:"band"`
}

// PartMatch is one name part of the nominee and what it matched in the
// record. How is exact, variant, transliteration, phonetic, typo, initial,
// joined (two words written as one), missing (in the nominee only) or extra
// (in the record only).
type PartMatch struct {
	Nominee string  `json:"nominee,omitempty"`
	Record  string  `json:"record,omitempty"`
	How     string  `json:"how"`
	Sim     float64 `json:"sim"`
	Weight  float64 `json:"weight"`
}

// FeatureMatch is one feature compared: birth_date, gender, nationality,
// unit or rank. Verdict is agree, close, disagree or unknown; Effect is what
// it added to the score.
type FeatureMatch struct {
	Feature string  `json:"feature"`
	Nominee string  `json:"nominee"`
	Record  string  `json:"record"`
	Verdict string  `json:"verdict"`
	Effect  float64 `json:"effect"`
}

// UnitMatch compares two unit keys.
type UnitMatch struct {
	Nominee UnitKey  `json:"nominee"`
	Record  UnitKey  `json:"record"`
	Notes   []string `json:"notes,omitempty"`
}

// String is the explanation as one readable line, for CSV.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q ~ %q", e.NomineeName, e.RecordName)
	if len(e.Parts) > 0 {
		b.WriteString(": ")
		for i, p := range e.Parts {
			if i > 0 {
				b.WriteString(", ")
			}
			switch p.How {
			case "missing":
				fmt.Fprintf(&b, "%s missing in record", p.Nominee)
			case "extra":
				fmt.Fprintf(&b, "%s not in nominee", p.Record)
			case "exact":
				fmt.Fprintf(&b, "%s exact", p.Nominee)
			default:
				fmt.Fprintf(&b, "%s=%s %s", p.Nominee, p.Record, p.How)
			}
		}
	}
	if e.Unit != nil {
		fmt.Fprintf(&b, "; unit %s vs %s", e.Unit.Nominee, e.Unit.Record)
		if len(e.Unit.Notes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(e.Unit.Notes, ", "))
		}
	}
	for _, f := range e.Features {
		fmt.Fprintf(&b, "; %s %s (%s vs %s, %+.2f)", f.Feature, f.Verdict, f.Nominee, f.Record, f.Effect)
	}
	if len(e.Path) > 0 {
		fmt.Fprintf(&b, "; %s unit via %s", e.Relation, strings.Join(e.Path, " > "))
	}
	fmt.Fprintf(&b, "; %s", e.Band)
	return b.String()
}
