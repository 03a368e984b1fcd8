-- Review flags raised by other new information than a credible incident:
-- an imported list entry matching the subject of an approval in force, a
-- hit on it judged "same", or a change to the subject's record. cause
-- says which; record names the list entry or record ("list:12",
-- "person:91"); incident_id and unit_id are 0 for those.
ALTER TABLE vetting_reviews ADD COLUMN cause TEXT NOT NULL DEFAULT 'incident';
ALTER TABLE vetting_reviews ADD COLUMN record TEXT NOT NULL DEFAULT '';
