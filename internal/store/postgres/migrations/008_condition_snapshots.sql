-- The incident indexes of the condition engine, kept between processes
-- (internal/store/evaluation_snapshot.go): one per country and clearance,
-- valid only while the incidents are those of its generation (the latest
-- audited change to incidents, the highest incident id and the
-- verifications). A sweep in a new process reads these few rows instead
-- of every incident.
CREATE TABLE condition_incident_snapshots (
	country TEXT NOT NULL,
	clearance INTEGER NOT NULL,
	generation TEXT NOT NULL,
	data BYTEA NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (country, clearance)
);

