-- Civil-society consultations: one occasion on which civil society was heard
-- about a program or a country plan, the organizations consulted (some of
-- which asked not to be named), and each piece of feedback with the
-- program's response. Who was consulted and who raised each piece of
-- feedback are protected: the store redacts them by role on every read.

CREATE TABLE consultations (
	id INTEGER PRIMARY KEY,
	program_id INTEGER REFERENCES programs(id),
	country TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL,
	held_on TEXT NOT NULL,
	stage TEXT NOT NULL,
	format TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	outside_capital INTEGER NOT NULL DEFAULT 0,
	summary TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX consultations_program ON consultations(program_id, held_on);
CREATE INDEX consultations_country ON consultations(country, held_on);

CREATE TABLE consultation_organizations (
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	organization_id INTEGER NOT NULL REFERENCES organizations(id),
	withheld INTEGER NOT NULL DEFAULT 0,
	position INTEGER NOT NULL,
	PRIMARY KEY (consultation_id, organization_id)
);
CREATE INDEX consultation_organizations_org ON consultation_organizations(organization_id);

CREATE TABLE consultation_feedback (
	id INTEGER PRIMARY KEY,
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	text TEXT NOT NULL,
	raised_by TEXT NOT NULL DEFAULT '',
	raised_by_org_id INTEGER NOT NULL DEFAULT 0,
	response TEXT NOT NULL,
	response_text TEXT NOT NULL DEFAULT '',
	responded_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consultation_feedback_consultation ON consultation_feedback(consultation_id, position);
