-- Actors and persons created by imports keep their source, so that
-- re-importing updates them instead of duplicating them.
ALTER TABLE actors ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX actors_source_key ON actors(source_key);
ALTER TABLE persons ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN source_key TEXT;
CREATE UNIQUE INDEX persons_source_key ON persons(source_key);
