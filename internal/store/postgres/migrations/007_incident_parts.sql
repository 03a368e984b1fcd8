-- The indexes of incident perpetrators by unit and by person hold only the
-- perpetrators linked to one (most imported perpetrators are names still to
-- resolve), so that loading unlinked names costs no index entry. Every
-- query on them names a unit or person (or asks for actor_id IS NOT NULL),
-- which such a partial index answers. (SQLite's migration 007 also stores
-- the parts WITHOUT ROWID; PostgreSQL has no such choice.)

DROP INDEX incident_perpetrators_actor;
DROP INDEX incident_perpetrators_person;
CREATE INDEX incident_perpetrators_actor ON incident_perpetrators(actor_id, incident_id) WHERE actor_id IS NOT NULL;
CREATE INDEX incident_perpetrators_person ON incident_perpetrators(person_id, incident_id) WHERE person_id IS NOT NULL;

-- Monthly totals read by trends: one covering index for the rows by unit
-- and one for the rows by area, each holding only its own rows.
-- incident_trends_country_month stays for the writes, which replace a
-- country's month.
DROP INDEX incident_trends_month;
CREATE INDEX incident_trends_units ON incident_trends(country, month, actor_id)
	INCLUDE (releasability, category, status, n, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high) WHERE actor_id >= 0;
CREATE INDEX incident_trends_areas ON incident_trends(country, month, category, admin1)
	INCLUDE (releasability, status, n, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high) WHERE actor_id = -1;
