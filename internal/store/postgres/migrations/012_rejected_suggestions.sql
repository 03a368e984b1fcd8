-- An analyst's rejection of an importer's suggested perpetrator link (the
-- perpetrator's name as reported, and the unit the matcher suggested),
-- kept so that a re-import of the same event does not suggest that unit
-- for that name again. Deleted with its incident.
CREATE TABLE incident_rejected_suggestions (
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	name TEXT NOT NULL,
	actor_id BIGINT NOT NULL,
	PRIMARY KEY (incident_id, name, actor_id)
);
