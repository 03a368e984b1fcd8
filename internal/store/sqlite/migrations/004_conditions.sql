-- Conditionality and M&E: programs' results chains, indicators,
-- measurements under review, conditions with their evaluations, alerts and
-- decisions, and program evaluations.
CREATE TABLE results (
	id INTEGER PRIMARY KEY,
	program_id INTEGER NOT NULL REFERENCES programs(id),
	level TEXT NOT NULL,
	title TEXT NOT NULL,
	parent_id INTEGER REFERENCES results(id),
	description TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX results_program ON results(program_id, id);
CREATE INDEX results_parent ON results(parent_id);

CREATE TABLE indicators (
	id INTEGER PRIMARY KEY,
	program_id INTEGER NOT NULL REFERENCES programs(id),
	result_id INTEGER NOT NULL REFERENCES results(id),
	code TEXT NOT NULL,
	title TEXT NOT NULL,
	unit TEXT NOT NULL,
	scale_min REAL NOT NULL DEFAULT 0,
	scale_max REAL NOT NULL DEFAULT 0,
	direction TEXT NOT NULL,
	baseline TEXT NOT NULL DEFAULT '',
	targets TEXT NOT NULL DEFAULT '[]',
	disaggregations TEXT NOT NULL DEFAULT '[]',
	data_source TEXT NOT NULL DEFAULT '',
	reported_by TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX indicators_code ON indicators(program_id, code);
CREATE INDEX indicators_result ON indicators(result_id);

CREATE TABLE measurements (
	id INTEGER PRIMARY KEY,
	indicator_id INTEGER NOT NULL REFERENCES indicators(id),
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	value REAL NOT NULL,
	disaggregation TEXT NOT NULL DEFAULT '',
	disaggregation_key TEXT NOT NULL DEFAULT '',
	provenance TEXT NOT NULL,
	status TEXT NOT NULL,
	submitter_id INTEGER NOT NULL DEFAULT 0,
	approver_id INTEGER NOT NULL DEFAULT 0,
	reviewed_at TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX measurements_indicator ON measurements(indicator_id, disaggregation_key, period_start);
CREATE INDEX measurements_latest ON measurements(indicator_id, status, disaggregation_key, period_end, id);

CREATE TABLE conditions (
	id INTEGER PRIMARY KEY,
	program_id INTEGER REFERENCES programs(id),
	country TEXT REFERENCES countries(code),
	kind TEXT NOT NULL,
	type TEXT NOT NULL,
	title TEXT NOT NULL,
	owner TEXT NOT NULL DEFAULT '',
	deadline TEXT NOT NULL DEFAULT '',
	warn_days INTEGER NOT NULL DEFAULT 0,
	statement TEXT NOT NULL,
	criterion TEXT NOT NULL,
	at_risk TEXT NOT NULL DEFAULT '',
	consequences TEXT NOT NULL DEFAULT '[]',
	inducements TEXT NOT NULL DEFAULT '[]',
	exit_strategy TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	source_key TEXT,
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX conditions_program ON conditions(program_id, id);
CREATE INDEX conditions_country ON conditions(country, id);
CREATE UNIQUE INDEX conditions_source_key ON conditions(source_key);

-- What each condition's expressions read, written when it is saved, so
-- that a change of data finds the conditions to evaluate again.
CREATE TABLE condition_inputs (
	condition_id INTEGER NOT NULL REFERENCES conditions(id) ON DELETE CASCADE,
	input TEXT NOT NULL,
	input_key TEXT NOT NULL,
	PRIMARY KEY (condition_id, input, input_key)
);
CREATE INDEX condition_inputs_input ON condition_inputs(input, input_key);

CREATE TABLE condition_evaluations (
	id INTEGER PRIMARY KEY,
	condition_id INTEGER NOT NULL REFERENCES conditions(id) ON DELETE CASCADE,
	as_of TEXT NOT NULL,
	status TEXT NOT NULL,
	criterion TEXT NOT NULL DEFAULT '',
	input_values TEXT NOT NULL DEFAULT '[]',
	error TEXT NOT NULL DEFAULT '',
	evaluated_at TEXT NOT NULL
);
CREATE INDEX condition_evaluations_condition ON condition_evaluations(condition_id, id);

CREATE TABLE condition_alerts (
	id INTEGER PRIMARY KEY,
	condition_id INTEGER NOT NULL REFERENCES conditions(id) ON DELETE CASCADE,
	evaluation_id INTEGER NOT NULL REFERENCES condition_evaluations(id) ON DELETE CASCADE,
	previous_status TEXT NOT NULL,
	status TEXT NOT NULL,
	as_of TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX condition_alerts_condition ON condition_alerts(condition_id, id);

CREATE TABLE condition_decisions (
	id INTEGER PRIMARY KEY,
	condition_id INTEGER NOT NULL REFERENCES conditions(id),
	evaluation_id INTEGER REFERENCES condition_evaluations(id),
	decision TEXT NOT NULL,
	step INTEGER NOT NULL,
	reasons TEXT NOT NULL,
	approver_id INTEGER NOT NULL,
	decided_at TEXT NOT NULL
);
CREATE INDEX condition_decisions_condition ON condition_decisions(condition_id, id);

CREATE TABLE program_evaluations (
	id INTEGER PRIMARY KEY,
	program_id INTEGER NOT NULL REFERENCES programs(id),
	kind TEXT NOT NULL,
	evaluation_date TEXT NOT NULL,
	outcomes TEXT NOT NULL DEFAULT '',
	unintended TEXT NOT NULL DEFAULT '',
	lessons TEXT NOT NULL DEFAULT '',
	evaluator TEXT NOT NULL DEFAULT '',
	releasability INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX program_evaluations_program ON program_evaluations(program_id, id);
