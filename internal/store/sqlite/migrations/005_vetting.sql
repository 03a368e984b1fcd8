-- Leahy vetting: nominations of units and persons, the hits screening found
-- for them, reviewers' judgements of those hits (kept by subject and record,
-- with the record's hash, so that a cleared false positive stays cleared
-- until the record changes), four-eyes decisions with their remediation
-- steps, and the entries of imported lists of derogatory information. The
-- subject, activity and program of a nomination are not foreign keys: a
-- vetting record is history, and outlives the records it names.

CREATE TABLE vetting_nominations (
	id INTEGER PRIMARY KEY,
	actor_id INTEGER NOT NULL DEFAULT 0,
	person_id INTEGER NOT NULL DEFAULT 0,
	activity_id INTEGER NOT NULL DEFAULT 0,
	program_id INTEGER NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	nominated_by TEXT NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	screened_at TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX vetting_nominations_actor ON vetting_nominations(actor_id);
CREATE INDEX vetting_nominations_person ON vetting_nominations(person_id);
CREATE INDEX vetting_nominations_activity ON vetting_nominations(activity_id);
CREATE INDEX vetting_nominations_program ON vetting_nominations(program_id);

CREATE TABLE vetting_hits (
	id INTEGER PRIMARY KEY,
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
CREATE INDEX vetting_hits_nomination ON vetting_hits(nomination_id, id);

CREATE TABLE vetting_judgements (
	id INTEGER PRIMARY KEY,
	hit_id INTEGER NOT NULL,
	nomination_id INTEGER NOT NULL REFERENCES vetting_nominations(id),
	actor_id INTEGER NOT NULL DEFAULT 0,
	person_id INTEGER NOT NULL DEFAULT 0,
	record_id TEXT NOT NULL,
	record_hash TEXT NOT NULL,
	verdict TEXT NOT NULL,
	reason TEXT NOT NULL,
	by_name TEXT NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL
);
CREATE INDEX vetting_judgements_subject ON vetting_judgements(actor_id, person_id, record_id, id);

CREATE TABLE vetting_decisions (
	id INTEGER PRIMARY KEY,
	nomination_id INTEGER NOT NULL REFERENCES vetting_nominations(id),
	actor_id INTEGER NOT NULL DEFAULT 0,
	person_id INTEGER NOT NULL DEFAULT 0,
	outcome TEXT NOT NULL,
	reason TEXT NOT NULL,
	evidence TEXT NOT NULL DEFAULT '[]',
	expires_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	proposed_by TEXT NOT NULL,
	proposed_by_id INTEGER NOT NULL DEFAULT 0,
	proposed_at TEXT NOT NULL,
	concurred_by TEXT NOT NULL DEFAULT '',
	concurred_by_id INTEGER NOT NULL DEFAULT 0,
	concurred_at TEXT NOT NULL DEFAULT '',
	concurrence_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vetting_decisions_nomination ON vetting_decisions(nomination_id, id);
CREATE INDEX vetting_decisions_actor ON vetting_decisions(actor_id, status, concurred_at);
CREATE INDEX vetting_decisions_person ON vetting_decisions(person_id, status, concurred_at);

CREATE TABLE vetting_remediation (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES vetting_decisions(id),
	date TEXT NOT NULL,
	step TEXT NOT NULL,
	evidence TEXT NOT NULL DEFAULT '',
	by_name TEXT NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL
);
CREATE INDEX vetting_remediation_decision ON vetting_remediation(decision_id, id);

CREATE TABLE vetting_list_entries (
	id INTEGER PRIMARY KEY,
	list TEXT NOT NULL,
	entry_key TEXT NOT NULL,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '[]',
	birth_date TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT '',
	nationality TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL DEFAULT '',
	parent_unit TEXT NOT NULL DEFAULT '',
	hash TEXT NOT NULL
);
CREATE UNIQUE INDEX vetting_list_entries_key ON vetting_list_entries(list, entry_key);
