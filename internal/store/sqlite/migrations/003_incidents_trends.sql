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
	releasability INTEGER NOT NULL,
	actor_id INTEGER NOT NULL,
	n INTEGER NOT NULL,
	killed_best INTEGER NOT NULL,
	killed_low INTEGER NOT NULL,
	killed_high INTEGER NOT NULL,
	injured_best INTEGER NOT NULL,
	injured_low INTEGER NOT NULL,
	injured_high INTEGER NOT NULL
);
CREATE INDEX incident_trends_country_month ON incident_trends(country, month);
CREATE INDEX incident_trends_month ON incident_trends(month);
