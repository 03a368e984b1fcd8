package store

import "context"

// ForgetIncidentIndexes drops the incident indexes kept in memory, as a
// new process starts without them.
func ForgetIncidentIndexes() {
	incidentCache.Lock()
	incidentCache.m = map[*DB]*cachedIncidents{}
	incidentCache.Unlock()
}

// ForgetIncidentSnapshots drops the incident indexes kept in memory and in
// the database, so that the next sweep reads every incident.
func (db *DB) ForgetIncidentSnapshots(ctx context.Context) error {
	ForgetIncidentIndexes()
	_, err := db.db.ExecContext(ctx, `DELETE FROM condition_incident_snapshots`)
	return err
}
