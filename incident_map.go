package custos

import "context"

// MapArea is the incidents of one country, or of one first-level area of
// a country, for a map: how many, the people they killed and injured (best
// estimates summed), and where those with coordinates lie on average.
type MapArea struct {
	Country   string   `json:"country"`
	Admin1    string   `json:"admin1,omitempty"`
	Incidents int      `json:"incidents"`
	Killed    int      `json:"killed"`
	Injured   int      `json:"injured"`
	Located   int      `json:"located"`             // incidents with coordinates
	Latitude  *float64 `json:"latitude,omitempty"`  // mean of the located
	Longitude *float64 `json:"longitude,omitempty"` // mean of the located
}

// MapPoint is one incident with coordinates, as a map plots it. The
// coordinates are those stored, which a reporter's request to coarsen the
// location has already rounded or removed.
type MapPoint struct {
	IncidentID int64             `json:"incident_id"`
	Title      string            `json:"title"`
	Date       Date              `json:"date"`
	Category   IncidentCategory  `json:"category"`
	Latitude   float64           `json:"latitude"`
	Longitude  float64           `json:"longitude"`
	Precision  LocationPrecision `json:"precision"`
	Killed     int               `json:"killed"`
	Injured    int               `json:"injured"`
}

// IncidentMap is what the maps of a trend show: its incidents by country
// and, when they all lie in one country, by first-level area with the
// largest located incidents as points.
type IncidentMap struct {
	Countries []MapArea  `json:"countries"`
	Areas     []MapArea  `json:"areas,omitempty"`
	Points    []MapPoint `json:"points,omitempty"`
	// Located counts the incidents with coordinates in the one country,
	// of which Points holds at most the limit asked for.
	Located int `json:"located"`
	// Narrow is set when the one country has too many incidents to read
	// one by one: Areas then hold totals without coordinates (when the
	// filter allows) and there are no Points, until the filter narrows.
	Narrow bool `json:"narrow,omitempty"`
}

// IncidentMapper reads incidents for maps.
type IncidentMapper interface {
	// IncidentMap returns the map figures of the incidents of f that the
	// caller may see, with at most maxPoints points, the incidents that
	// killed and injured the most first.
	IncidentMap(ctx context.Context, f TrendFilter, maxPoints int) (*IncidentMap, error)
}
