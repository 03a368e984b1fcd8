package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/vetting"
)

// hitView is one screening hit drawn for a vetter: its score, band and the
// engine's explanation in words, with the judgement form's state.
type hitView struct {
	*custos.VettingHit
	Rank      int
	Record    link // the derogatory record: an incident, or the list's entries
	ScoreText string
	BandText  string
	// Summary is the explanation in one sentence; Parts, Features, Unit
	// and Path take it apart.
	Summary  string
	Compared string // "Nominee name «…» compared with record name «…»"
	Parts    []partView
	Features []featureView
	Unit     []string
	Path     string
	Why      string // why the band
	// The judgement form: its errors and what was typed.
	Errors  map[string]string
	Verdict string
	Reason  string
}

// partView is one name part compared.
type partView struct {
	Nominee, Record, How, Sim, Weight string
}

// featureView is one feature compared.
type featureView struct {
	Feature, Nominee, Record, Verdict, Effect string
}

// ID returns the element id prefix of the hit's judgement form.
func (h hitView) ID() string { return fmt.Sprintf("hit-%d", h.VettingHit.ID) }

// howLabels says in words how two name parts met.
var howLabels = map[string]string{
	"exact":           "exact: same spelling",
	"variant":         "variant: another spelling of the same name",
	"transliteration": "transliteration: the same name in another script",
	"phonetic":        "phonetic: sounds alike",
	"typo":            "typo: one or two letters differ",
	"similar":         "similar spelling",
	"initial":         "initial matches the name",
	"joined":          "written as one word on one side, two on the other",
	"missing":         "missing: not in the record",
	"extra":           "extra: only in the record",
}

// featureLabels names the features the engine compares.
var featureLabels = map[string]string{
	"birth_date": "Date of birth", "gender": "Gender", "nationality": "Nationality", "unit": "Unit", "rank": "Rank", "unit_tree": "Unit tree",
}

// bandLabels says what each band asks of a vetter.
var bandLabels = map[string]string{
	"direct": "direct: the record names this subject or a related unit",
	"strong": "strong: almost surely the same",
	"review": "review: may be the same, look closely",
	"weak":   "weak: unlikely, listed for completeness",
}

// relationLabels says where on the unit tree a record was found.
var relationLabels = map[string]string{
	"parent":      "the record is on a parent unit",
	"subordinate": "the record is on a subordinate unit",
	"unit":        "the record is on a unit the person served in",
}

// explainHit turns a hit and the engine's explanation into words. A hit
// without a detail (a record linked in the store) keeps its one-line
// explanation.
func explainHit(rank int, h *custos.VettingHit) hitView {
	v := hitView{VettingHit: h, Rank: rank, ScoreText: fmt.Sprintf("%.2f", h.Score), BandText: bandLabels[h.Band], Summary: h.Explanation}
	if v.BandText == "" {
		v.BandText = h.Band
	}
	v.Record = recordLink(h)
	if len(h.Path) > 0 {
		v.Path = strings.Join(h.Path, " › ")
		if r := relationLabels[h.Relation]; r != "" {
			v.Path += " (" + r + ")"
		}
	}
	if len(h.Detail) == 0 {
		return v
	}
	var e vetting.Explanation
	if err := json.Unmarshal(h.Detail, &e); err != nil {
		return v
	}
	v.Compared = fmt.Sprintf("Nominee name “%s” compared with record name “%s”: name score %.2f.", e.NomineeName, e.RecordName, e.NameScore)
	for _, p := range e.Parts {
		pv := partView{Nominee: p.Nominee, Record: p.Record, How: howLabels[p.How], Weight: fmt.Sprintf("%.2f", p.Weight)}
		if pv.How == "" {
			pv.How = p.How
		}
		if p.How != "missing" && p.How != "extra" {
			pv.Sim = fmt.Sprintf("%.2f", p.Sim)
		}
		if pv.Nominee == "" {
			pv.Nominee = "—"
		}
		if pv.Record == "" {
			pv.Record = "—"
		}
		v.Parts = append(v.Parts, pv)
	}
	for _, f := range e.Features {
		fv := featureView{Feature: featureLabels[f.Feature], Nominee: f.Nominee, Record: f.Record, Verdict: f.Verdict, Effect: fmt.Sprintf("%+.2f", f.Effect)}
		if fv.Feature == "" {
			fv.Feature = label(f.Feature)
		}
		v.Features = append(v.Features, fv)
	}
	if u := e.Unit; u != nil {
		v.Unit = append(v.Unit, "Nominee unit read as "+unitKeyText(u.Nominee)+"; record unit read as "+unitKeyText(u.Record)+".")
		if len(u.Notes) > 0 {
			v.Unit = append(v.Unit, "Notes: "+strings.Join(u.Notes, ", ")+".")
		}
	}
	if v.Path == "" && len(e.Path) > 0 {
		v.Path = strings.Join(e.Path, " › ")
		if r := relationLabels[e.Relation]; r != "" {
			v.Path += " (" + r + ")"
		}
	}
	v.Why = e.Band
	return v
}

// unitKeyText writes a parsed unit name for people: "number 3, battalion,
// infantry, Kivu".
func unitKeyText(k vetting.UnitKey) string {
	var parts []string
	if k.Number > 0 {
		parts = append(parts, fmt.Sprintf("number %d", k.Number))
	}
	if k.Echelon != "" {
		parts = append(parts, k.Echelon)
	}
	parts = append(parts, k.Branch...)
	if len(k.Qualifiers) > 0 {
		parts = append(parts, "“"+strings.Join(k.Qualifiers, " ")+"”")
	}
	if len(parts) == 0 {
		return "nothing recognised"
	}
	return strings.Join(parts, ", ")
}

// recordLink links a hit to its derogatory record: an incident's page, or
// the entries of the list it is on, searched by its name.
func recordLink(h *custos.VettingHit) link {
	if rest, ok := strings.CutPrefix(h.RecordID, "incident:"); ok {
		id, _, _ := strings.Cut(rest, ":")
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
			return link{"/incidents/" + id, h.RecordName}
		}
	}
	if strings.HasPrefix(h.RecordID, "list:") && h.Source != "" {
		return link{withQuery("/vetting/list-entries", url.Values{"list": {h.Source}, "q": {h.RecordName}}), h.RecordName}
	}
	return link{"", h.RecordName}
}
