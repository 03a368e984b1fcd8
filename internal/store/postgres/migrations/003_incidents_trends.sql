-- Monthly totals of incidents, kept by the store on every write, so that
-- trends over millions of incidents read thousands of rows. actor_id is -1
-- on the rows that count each incident once; on the others each incident
-- counts once per linked perpetrator unit, 0 for none.
CREATE TABLE incident_trends (
	country TEXT NOT NULL,
	month TEXT NOT NULL,
	category TEXT NOT NULL,
	admin1 TEXT NOT NULL,
	status TEXT NOT NULL,
	releasability BIGINT NOT NULL,
	actor_id BIGINT NOT NULL,
	n BIGINT NOT NULL,
	killed_best BIGINT NOT NULL,
	killed_low BIGINT NOT NULL,
	killed_high BIGINT NOT NULL,
	injured_best BIGINT NOT NULL,
	injured_low BIGINT NOT NULL,
	injured_high BIGINT NOT NULL
);
CREATE INDEX incident_trends_country_month ON incident_trends(country, month);
CREATE INDEX incident_trends_month ON incident_trends(month);
