package custos

import "context"

// PerpetratorService settles the perpetrator links an importer suggested.
// A perpetrator is named by its position K (from 0) in the incident's list
// of perpetrators, as the incident's page and the API show them.
type PerpetratorService interface {
	// ConfirmPerpetrator links perpetrator k of an incident to the unit
	// the importer's matcher suggested, as the caller's judgement, and
	// returns the incident updated. When the incident is credible or
	// confirmed, the assistance to the newly linked unit is flagged as a
	// transition would flag it.
	ConfirmPerpetrator(ctx context.Context, incidentID int64, k int) (*Incident, error)
	// RejectSuggestion clears the suggested unit of perpetrator k, leaving
	// the name as reported to be linked by hand, and returns the incident
	// updated.
	RejectSuggestion(ctx context.Context, incidentID int64, k int) (*Incident, error)
}
