package custos

import "context"

// BarredListService keeps the public list of units barred from assistance.
// A unit is listed only when the vetters decided to publish its denial:
// a unit's name can be sensitive (its record may be internal), so a
// denial does not publish it by itself.
type BarredListService interface {
	// PublishDecision puts a denial in force of a unit on the public list
	// (publish true) or takes it off, with the reason, as a vetter or an
	// administrator; it is audited.
	PublishDecision(ctx context.Context, id int64, publish bool, reason string) (*VettingDecision, error)
}
