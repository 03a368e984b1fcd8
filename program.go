package custos

import (
	"context"
	"fmt"
	"time"
)

// ObjectiveCategory is the kind of objective a program serves (CSIS, 2017):
// operational (a partner's forces do a job), transactional (access, influence
// or sales) or governance (accountable, effective institutions).
type ObjectiveCategory string

// Objective categories.
var ObjectiveCategories = []ObjectiveCategory{"operational", "transactional", "governance"}

// ICBDomain is one of the six Institutional Capacity Building domains.
type ICBDomain string

// ICB domains.
var ICBDomains = []ICBDomain{
	"strategy_policy", "resource_management", "human_resource_management",
	"acquisition_logistics", "force_management", "law_human_rights",
}

// ActivityType is the kind of assistance a program gives.
type ActivityType string

// Activity types.
var ActivityTypes = []ActivityType{"train", "equip", "advise", "education", "exercise", "seminar", "fms_case", "construction"}

// ProgramStatus is where a program is in its life.
type ProgramStatus string

// Program statuses.
var ProgramStatuses = []ProgramStatus{"proposed", "planned", "active", "suspended", "completed", "terminated"}

// Budget is a program's money in one U.S. fiscal year (1 October to
// 30 September, named by the year it ends), in whole U.S. dollars.
type Budget struct {
	FiscalYear int   `json:"fiscal_year"`
	AmountUSD  int64 `json:"amount_usd"`
}

// MaxAmountUSD bounds any single amount: a trillion dollars.
const MaxAmountUSD = 1_000_000_000_000

// Program is assistance to one partner country under one authority.
type Program struct {
	ID                int64             `json:"id"`
	Title             string            `json:"title"`
	Country           string            `json:"country"`
	LeadOrgID         int64             `json:"lead_org_id,omitempty"`
	ImplementerIDs    []int64           `json:"implementer_ids,omitempty"`
	AuthorityID       int64             `json:"authority_id,omitempty"`
	ObjectiveCategory ObjectiveCategory `json:"objective_category,omitempty"`
	ICBDomains        []ICBDomain       `json:"icb_domains,omitempty"`
	ActivityType      ActivityType      `json:"activity_type,omitempty"`
	RecipientIDs      []int64           `json:"recipient_ids,omitempty"` // actors
	Budget            []Budget          `json:"budget,omitempty"`
	Start             Date              `json:"start,omitzero"`
	End               Date              `json:"end,omitzero"`
	Status            ProgramStatus     `json:"status"`
	Description       string            `json:"description,omitempty"`
	Source            *SourceRef        `json:"source,omitempty"`
	Releasability     Releasability     `json:"releasability"`
	CreatedAt         time.Time         `json:"created_at,omitzero"`
	UpdatedAt         time.Time         `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (p *Program) Normalize() {
	if p.Releasability == 0 {
		p.Releasability = Internal
	}
	if p.Status == "" {
		p.Status = "proposed"
	}
}

// TotalUSD returns the sum of the program's budget over all fiscal years.
func (p *Program) TotalUSD() int64 {
	var t int64
	for _, b := range p.Budget {
		t += b.AmountUSD
	}
	return t
}

// Validate reports the first problem with each field.
func (p *Program) Validate() error {
	f := FieldErrors{}
	checkLine(f, "title", p.Title, MaxNameLen, true)
	checkCountryRef(f, "country", p.Country, true)
	if p.LeadOrgID < 0 {
		f.Add("lead_org_id", "must be a positive id")
	}
	checkRefs(f, "implementer_ids", p.ImplementerIDs)
	if p.AuthorityID < 0 {
		f.Add("authority_id", "must be a positive id")
	}
	oneOf(f, "objective_category", p.ObjectiveCategory, ObjectiveCategories, false)
	seen := map[ICBDomain]bool{}
	for i, d := range p.ICBDomains {
		oneOf(f, fmt.Sprintf("icb_domains[%d]", i), d, ICBDomains, true)
		if seen[d] {
			f.Add(fmt.Sprintf("icb_domains[%d]", i), fmt.Sprintf("repeats %q", d))
		}
		seen[d] = true
	}
	oneOf(f, "activity_type", p.ActivityType, ActivityTypes, false)
	checkRefs(f, "recipient_ids", p.RecipientIDs)
	years := map[int]bool{}
	for i, b := range p.Budget {
		field := fmt.Sprintf("budget[%d]", i)
		if b.FiscalYear < MinYear || b.FiscalYear > MaxYear {
			f.Add(field+".fiscal_year", fmt.Sprintf("%d is out of range (%d to %d)", b.FiscalYear, MinYear, MaxYear))
		}
		if years[b.FiscalYear] {
			f.Add(field+".fiscal_year", fmt.Sprintf("fiscal year %d appears twice", b.FiscalYear))
		}
		years[b.FiscalYear] = true
		if b.AmountUSD < 0 || b.AmountUSD > MaxAmountUSD {
			f.Add(field+".amount_usd", "must be between 0 and 1,000,000,000,000")
		}
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		f.Add("end", "is before start")
	}
	oneOf(f, "status", p.Status, ProgramStatuses, true)
	checkText(f, "description", p.Description, MaxTextLen, false)
	checkSource(f, p.Source)
	checkReleasability(f, p.Releasability)
	return f.Err("program")
}

// ProgramFilter selects programs. Zero fields do not filter.
type ProgramFilter struct {
	Country           string            `json:"country,omitempty"`
	AuthorityID       int64             `json:"authority_id,omitempty"`
	LeadOrgID         int64             `json:"lead_org_id,omitempty"`
	RecipientID       int64             `json:"recipient_id,omitempty"` // programs assisting this actor
	Status            ProgramStatus     `json:"status,omitempty"`
	ObjectiveCategory ObjectiveCategory `json:"objective_category,omitempty"`
	FiscalYear        int               `json:"fiscal_year,omitempty"` // with a budget in this year
	Q                 string            `json:"q,omitempty"`           // in the title
	Page
}

// ProgramService keeps programs.
type ProgramService interface {
	FindPrograms(ctx context.Context, f ProgramFilter) ([]*Program, string, error)
	FindProgram(ctx context.Context, id int64) (*Program, error)
	CreateProgram(ctx context.Context, p *Program) error
	UpdateProgram(ctx context.Context, p *Program) error
	DeleteProgram(ctx context.Context, id int64) error
}
