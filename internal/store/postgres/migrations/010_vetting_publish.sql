-- The public list of barred units shows a denied unit only when the
-- vetters decided to publish it (issue C): publish is 1 for such a denial;
-- publish_by and publish_at record who last set or cleared it in force.
ALTER TABLE vetting_decisions ADD COLUMN publish BIGINT NOT NULL DEFAULT 0;
ALTER TABLE vetting_decisions ADD COLUMN publish_by TEXT NOT NULL DEFAULT '';
ALTER TABLE vetting_decisions ADD COLUMN publish_at TEXT NOT NULL DEFAULT '';
