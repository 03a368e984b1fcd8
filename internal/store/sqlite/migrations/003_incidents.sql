-- Incidents of civilian harm and human-rights abuse: the incident, its
-- alleged perpetrators, its sources (each with its own releasability), its
-- verification history, the warnings raised on programs and activities
-- when an incident against one of their units becomes credible, and the
-- sealed contact details of civil-society reporters.

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL,
	date TEXT NOT NULL,
	date_end TEXT NOT NULL DEFAULT '',
	date_precision TEXT NOT NULL,
	country TEXT NOT NULL REFERENCES countries(code),
	admin1 TEXT NOT NULL DEFAULT '',
	admin2 TEXT NOT NULL DEFAULT '',
	admin3 TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	latitude REAL,
	longitude REAL,
	location_precision TEXT NOT NULL,
	coarsen_location TEXT NOT NULL DEFAULT '',
	killed_best INTEGER NOT NULL DEFAULT 0,
	killed_low INTEGER NOT NULL DEFAULT 0,
	killed_high INTEGER NOT NULL DEFAULT 0,
	injured_best INTEGER NOT NULL DEFAULT 0,
	injured_low INTEGER NOT NULL DEFAULT 0,
	injured_high INTEGER NOT NULL DEFAULT 0,
	women INTEGER,
	children INTEGER,
	status TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	source_key TEXT,
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX incidents_country_date ON incidents(country, date);
CREATE INDEX incidents_date ON incidents(date);
CREATE UNIQUE INDEX incidents_source_key ON incidents(source_key);

CREATE TABLE incident_perpetrators (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	actor_id INTEGER REFERENCES actors(id),
	person_id INTEGER REFERENCES persons(id),
	name TEXT NOT NULL DEFAULT '',
	suggested_actor_id INTEGER,
	suggestion_score REAL NOT NULL DEFAULT 0,
	role TEXT NOT NULL,
	PRIMARY KEY (incident_id, seq)
);
CREATE INDEX incident_perpetrators_actor ON incident_perpetrators(actor_id, incident_id);
CREATE INDEX incident_perpetrators_person ON incident_perpetrators(person_id, incident_id);

CREATE TABLE incident_sources (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	type TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	date TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	reference TEXT NOT NULL DEFAULT '',
	reliability TEXT NOT NULL,
	credibility INTEGER NOT NULL,
	releasability INTEGER NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_verifications (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	by_name TEXT NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE warnings (
	id INTEGER PRIMARY KEY,
	entity TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	actor_id INTEGER NOT NULL,
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	cleared_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX warnings_record ON warnings(entity, record_id);
CREATE INDEX warnings_actor ON warnings(actor_id);
CREATE INDEX warnings_incident ON warnings(incident_id);

CREATE TABLE incident_reporters (
	incident_id INTEGER PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL
);
