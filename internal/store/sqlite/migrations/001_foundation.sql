-- The foundation: countries, actors, persons, organizations, authorities,
-- programs, activities, users and the audit trail. Times are stored as
-- fixed-width UTC text (sortable), dates as YYYY-MM-DD text, '' when unknown.

CREATE TABLE countries (
	code TEXT PRIMARY KEY,
	alpha3 TEXT NOT NULL DEFAULT '',
	numeric TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	official_name TEXT NOT NULL DEFAULT '',
	region TEXT NOT NULL DEFAULT '',
	subregion TEXT NOT NULL DEFAULT '',
	alt_names TEXT NOT NULL DEFAULT '[]',
	notes TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	updated_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE actors (
	id INTEGER PRIMARY KEY,
	country TEXT NOT NULL REFERENCES countries(code),
	kind TEXT NOT NULL,
	category TEXT NOT NULL,
	name TEXT NOT NULL,
	names TEXT NOT NULL DEFAULT '[]',
	parent_id INTEGER REFERENCES actors(id),
	echelon TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX actors_country ON actors(country, id);
CREATE INDEX actors_parent ON actors(parent_id, id);
CREATE INDEX actors_kind ON actors(kind, id);

CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	names TEXT NOT NULL DEFAULT '[]',
	birth_date TEXT NOT NULL DEFAULT '',
	gender TEXT NOT NULL DEFAULT '',
	nationality TEXT NOT NULL DEFAULT '',
	rank TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX persons_nationality ON persons(nationality, id);

CREATE TABLE person_memberships (
	person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	actor_id INTEGER NOT NULL REFERENCES actors(id),
	position TEXT NOT NULL DEFAULT '',
	date_from TEXT NOT NULL DEFAULT '',
	date_to TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (person_id, seq)
);
CREATE INDEX person_memberships_actor ON person_memberships(actor_id, person_id);

CREATE TABLE organizations (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	abbrev TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL,
	country TEXT NOT NULL DEFAULT '',
	parent_id INTEGER REFERENCES organizations(id),
	website TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE authorities (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	agency TEXT NOT NULL,
	citation TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	leahy_applies INTEGER NOT NULL DEFAULT 0,
	leahy_statute TEXT NOT NULL DEFAULT '',
	restrictions TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE programs (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	country TEXT NOT NULL REFERENCES countries(code),
	lead_org_id INTEGER REFERENCES organizations(id),
	authority_id INTEGER REFERENCES authorities(id),
	objective_category TEXT NOT NULL DEFAULT '',
	icb_domains TEXT NOT NULL DEFAULT '[]',
	activity_type TEXT NOT NULL DEFAULT '',
	start_date TEXT NOT NULL DEFAULT '',
	end_date TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	source_key TEXT,
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX programs_country ON programs(country, id);
CREATE INDEX programs_authority ON programs(authority_id, id);
CREATE UNIQUE INDEX programs_source_key ON programs(source_key);

CREATE TABLE program_budgets (
	program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
	fiscal_year INTEGER NOT NULL,
	amount_usd INTEGER NOT NULL,
	PRIMARY KEY (program_id, fiscal_year)
);
CREATE INDEX program_budgets_fy ON program_budgets(fiscal_year, program_id);

CREATE TABLE program_implementers (
	program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (program_id, org_id)
);
CREATE INDEX program_implementers_org ON program_implementers(org_id);

CREATE TABLE program_recipients (
	program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
	actor_id INTEGER NOT NULL REFERENCES actors(id),
	PRIMARY KEY (program_id, actor_id)
);
CREATE INDEX program_recipients_actor ON program_recipients(actor_id, program_id);

CREATE TABLE activities (
	id INTEGER PRIMARY KEY,
	program_id INTEGER NOT NULL REFERENCES programs(id),
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	start_date TEXT NOT NULL DEFAULT '',
	end_date TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL DEFAULT '',
	implementer TEXT NOT NULL DEFAULT '',
	quantity INTEGER NOT NULL DEFAULT 0,
	cost_usd INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	source_key TEXT,
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX activities_program ON activities(program_id, id);
CREATE INDEX activities_start ON activities(start_date, id);
CREATE UNIQUE INDEX activities_source_key ON activities(source_key);

CREATE TABLE activity_actors (
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	actor_id INTEGER NOT NULL REFERENCES actors(id),
	PRIMARY KEY (activity_id, actor_id)
);
CREATE INDEX activity_actors_actor ON activity_actors(actor_id, activity_id);

CREATE TABLE activity_persons (
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_persons_person ON activity_persons(person_id, activity_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	fictional INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
	secret_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE TABLE tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	label TEXT NOT NULL DEFAULT '',
	prefix TEXT NOT NULL,
	secret_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL DEFAULT '',
	last_used TEXT NOT NULL DEFAULT '',
	revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	user_name TEXT NOT NULL,
	via TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	before TEXT NOT NULL DEFAULT '',
	after TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id, seq);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- The audit trail is append-only: the database refuses to change or remove
-- an entry. Someone with the file can still drop these triggers; the hash
-- chain (custos audit verify) detects what they then do.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
