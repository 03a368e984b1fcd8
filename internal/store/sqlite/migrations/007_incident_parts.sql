-- Leaner incident parts for large imports. The perpetrators and sources of
-- an incident are stored in their primary key's order (WITHOUT ROWID), so
-- that each row is written to one b-tree instead of a table and its key
-- index; the indexes by unit and by person hold only the perpetrators
-- linked to one (most imported perpetrators are names still to resolve),
-- so that writing an unlinked name costs no index entry. Every query on
-- them names a unit or person (or asks for actor_id IS NOT NULL), which
-- such a partial index answers.

CREATE TABLE incident_perpetrators_new (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	actor_id INTEGER REFERENCES actors(id),
	person_id INTEGER REFERENCES persons(id),
	name TEXT NOT NULL DEFAULT '',
	suggested_actor_id INTEGER,
	suggestion_score REAL NOT NULL DEFAULT 0,
	role TEXT NOT NULL,
	PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;
INSERT INTO incident_perpetrators_new (incident_id, seq, actor_id, person_id, name, suggested_actor_id, suggestion_score, role)
	SELECT incident_id, seq, actor_id, person_id, name, suggested_actor_id, suggestion_score, role FROM incident_perpetrators;
DROP TABLE incident_perpetrators;
ALTER TABLE incident_perpetrators_new RENAME TO incident_perpetrators;
CREATE INDEX incident_perpetrators_actor ON incident_perpetrators(actor_id, incident_id) WHERE actor_id IS NOT NULL;
CREATE INDEX incident_perpetrators_person ON incident_perpetrators(person_id, incident_id) WHERE person_id IS NOT NULL;

CREATE TABLE incident_sources_new (
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
) WITHOUT ROWID;
INSERT INTO incident_sources_new (incident_id, seq, type, name, date, url, reference, reliability, credibility, releasability)
	SELECT incident_id, seq, type, name, date, url, reference, reliability, credibility, releasability FROM incident_sources;
DROP TABLE incident_sources;
ALTER TABLE incident_sources_new RENAME TO incident_sources;

-- Monthly totals read by trends: one covering index for the rows by unit
-- and one for the rows by area, each holding only its own rows, so that a
-- trend reads a narrow index in (country, month) order instead of looking
-- up each row of the table. incident_trends_country_month stays for the
-- writes, which replace a country's month.
DROP INDEX incident_trends_month;
CREATE INDEX incident_trends_units ON incident_trends(country, month, actor_id, releasability, category, status,
	n, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high) WHERE actor_id >= 0;
CREATE INDEX incident_trends_areas ON incident_trends(country, month, category, admin1, releasability, status,
	n, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high) WHERE actor_id = -1;
