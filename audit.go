package custos

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry is one change in the append-only, hash-chained audit trail: who
// changed what, when, and the record before and after. Each entry's hash
// covers its fields and the hash of the entry before it, so altering,
// removing or reordering any entry breaks the chain from there on.
type AuditEntry struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	UserID   int64           `json:"user_id,omitempty"`
	UserName string          `json:"user_name"`
	Via      string          `json:"via"`
	Action   Action          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	Entity   string `json:"entity,omitempty"`
	EntityID string `json:"entity_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
	Page
}

// AuditProblem is one break found by verifying the audit chain.
type AuditProblem struct {
	Seq     int64  `json:"seq"`
	Problem string `json:"problem"`
}

// AuditReport is the result of verifying the whole audit chain.
type AuditReport struct {
	Entries  int64          `json:"entries"`
	HeadSeq  int64          `json:"head_seq"`
	HeadHash string         `json:"head_hash"`
	Problems []AuditProblem `json:"problems,omitempty"`
}

// OK reports whether the chain verified without a problem.
func (r *AuditReport) OK() bool { return len(r.Problems) == 0 }

// AuditService reads and verifies the audit trail. Entries are written by
// the store, in the same transaction as the change they record.
type AuditService interface {
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, error)
	VerifyAudit(ctx context.Context) (*AuditReport, error)
}

// Store is everything Custos keeps.
type Store interface {
	CountryService
	ActorService
	PersonService
	OrganizationService
	AuthorityService
	ProgramService
	ActivityService
	UserService
	AuditService
	SummaryService
	ResultService
	IndicatorService
	MeasurementService
	ConditionService
	ConditionEvaluator
	ConditionReporter
	ProgramEvaluationService
	VettingService
	VettingReviewService
	IncidentService
	IncidentAnalysis
	IntakeService
	PerpetratorService
	IncidentMapper
	BarredListService
	ConsultationService
	ConsultationFeedbackService
	Ping(ctx context.Context) error
	Close() error
}
