package store

// ForgetIncidentIndexes empties the cache of incident indexes, so that a
// benchmark can measure a sweep that reads every incident.
func ForgetIncidentIndexes() {
	incidentCache.Lock()
	incidentCache.m = map[*DB]*cachedIncidents{}
	incidentCache.Unlock()
}
