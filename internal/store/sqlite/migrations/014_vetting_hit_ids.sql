-- A screening hit's id is never used again. Screening a nomination again
-- replaces its hits; with a plain INTEGER PRIMARY KEY SQLite could give a
-- new hit the id of a deleted one, so that a judgement sent from a page
-- opened before the new screening would land on a different record.
-- AUTOINCREMENT never reuses an id; the sequence starts above every id a
-- hit or a judgement has used. (PostgreSQL identities never reuse ids.)
CREATE TABLE vetting_hits_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	nomination_id INTEGER NOT NULL REFERENCES vetting_nominations(id),
	record_id TEXT NOT NULL,
	source TEXT NOT NULL,
	record_name TEXT NOT NULL,
	record_hash TEXT NOT NULL,
	score REAL NOT NULL,
	band TEXT NOT NULL,
	relation TEXT NOT NULL DEFAULT '',
	path TEXT NOT NULL DEFAULT '',
	explanation TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO vetting_hits_new SELECT id, nomination_id, record_id, source, record_name, record_hash, score, band, relation, path, explanation, detail FROM vetting_hits;
DROP TABLE vetting_hits;
ALTER TABLE vetting_hits_new RENAME TO vetting_hits;
CREATE INDEX vetting_hits_nomination ON vetting_hits(nomination_id, id);
DELETE FROM sqlite_sequence WHERE name = 'vetting_hits';
INSERT INTO sqlite_sequence (name, seq) VALUES ('vetting_hits',
	max(COALESCE((SELECT max(id) FROM vetting_hits), 0), COALESCE((SELECT max(hit_id) FROM vetting_judgements), 0)));
