-- The date a condition's stored status was judged as of. An evaluation
-- sets the status only when it is as of that date or later, so replaying a
-- past date (to see what the data said then) no longer overwrites today's
-- verdict. Existing conditions take the verdict of their evaluation with
-- the latest as-of date (the newest of those), which repairs any status a
-- past-date evaluation overwrote before this migration. Evaluations dated
-- after today (once accepted) are left out: they would hold the status
-- until that date.
ALTER TABLE conditions ADD COLUMN status_as_of TEXT NOT NULL DEFAULT '';
UPDATE conditions SET
	status = COALESCE((SELECT e.status FROM condition_evaluations e WHERE e.condition_id = conditions.id AND e.as_of <= date('now') ORDER BY e.as_of DESC, e.id DESC LIMIT 1), status),
	status_as_of = COALESCE((SELECT max(e.as_of) FROM condition_evaluations e WHERE e.condition_id = conditions.id AND e.as_of <= date('now')), '');
