-- A review flag on a vetting approval in force whose subject (a unit, or a
-- member of a unit, under a perpetrator unit of the incident) is named by
-- an incident that became credible or confirmed (issue 5). A flag is open
-- until a vetter resolves it (a new decision in force for the subject, or
-- "the approval stands" with a reason) or the incident is discounted or
-- deleted (cleared). A table of its own, not the warnings table, because
-- warnings are read by every role that reads incidents, and these flags
-- name vetting subjects: vetters and administrators only.
CREATE TABLE vetting_reviews (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES vetting_decisions(id),
	nomination_id INTEGER NOT NULL,
	actor_id INTEGER NOT NULL DEFAULT 0,
	person_id INTEGER NOT NULL DEFAULT 0,
	incident_id INTEGER NOT NULL,
	unit_id INTEGER NOT NULL,
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	cleared_at TEXT NOT NULL DEFAULT '',
	resolution TEXT NOT NULL DEFAULT '',
	resolution_reason TEXT NOT NULL DEFAULT '',
	resolved_decision_id INTEGER NOT NULL DEFAULT 0,
	resolved_by TEXT NOT NULL DEFAULT '',
	resolved_by_id INTEGER NOT NULL DEFAULT 0,
	resolved_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vetting_reviews_decision ON vetting_reviews(decision_id, incident_id);
CREATE INDEX vetting_reviews_actor ON vetting_reviews(actor_id, resolved_at, cleared_at);
CREATE INDEX vetting_reviews_person ON vetting_reviews(person_id, resolved_at, cleared_at);
CREATE INDEX vetting_reviews_incident ON vetting_reviews(incident_id);
