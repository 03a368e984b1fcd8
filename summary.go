package custos

import "context"

// ProgramTotal sums a program's activities: how many, how many students or
// items, and at what cost. Figures trace to the activities behind them.
type ProgramTotal struct {
	ProgramID     int64  `json:"program_id"`
	Title         string `json:"title"`
	Country       string `json:"country"`
	AuthorityID   int64  `json:"authority_id,omitempty"`
	AuthorityCode string `json:"authority_code,omitempty"`
	// FiscalYear is the program's first budget year, or the fiscal year of
	// its start date, or 0.
	FiscalYear int   `json:"fiscal_year,omitempty"`
	Activities int   `json:"activities"`
	Quantity   int64 `json:"quantity"`
	CostUSD    int64 `json:"cost_usd"`
}

// RecipientTotal sums the activities in which an actor took part.
type RecipientTotal struct {
	ActorID    int64  `json:"actor_id"`
	Name       string `json:"name"`
	Activities int    `json:"activities"`
	Quantity   int64  `json:"quantity"`
	CostUSD    int64  `json:"cost_usd"`
}

// TotalsFilter selects what is summed.
type TotalsFilter struct {
	Country     string `json:"country,omitempty"`
	AuthorityID int64  `json:"authority_id,omitempty"`
	FiscalYear  int    `json:"fiscal_year,omitempty"`
	// Limit bounds the number of recipients returned (largest first).
	Limit int `json:"limit,omitempty"`
}

// SummaryService sums activities for pages and reports. Like every read, it
// counts only records the caller may see.
type SummaryService interface {
	ProgramTotals(ctx context.Context, f TotalsFilter) ([]ProgramTotal, error)
	RecipientTotals(ctx context.Context, f TotalsFilter) ([]RecipientTotal, error)
}
