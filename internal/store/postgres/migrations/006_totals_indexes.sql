-- Covering indexes for the sums of activities by program and by recipient
-- unit (the country page, reports): the sums read these narrow indexes
-- instead of the activities' wide rows.
CREATE INDEX activities_program_totals ON activities(program_id, releasability, quantity, cost_usd);
CREATE INDEX activities_totals ON activities(id, releasability, quantity, cost_usd);
