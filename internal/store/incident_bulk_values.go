package store

import (
	"database/sql"
	"fmt"
	"strconv"

	"github.com/custos-ssa/custos"
)

// bulkIncidentValues is incidentValues for an import: the same values, with
// the source reference written as JSON by hand when it holds only plain
// text (json.Marshal for every row was a tenth of an import's time).
func bulkIncidentValues(i *custos.Incident) []any {
	p := i.Place
	var lat, lon sql.NullFloat64
	if p.Latitude != nil && p.Longitude != nil {
		lat, lon = sql.NullFloat64{Float64: *p.Latitude, Valid: true}, sql.NullFloat64{Float64: *p.Longitude, Valid: true}
	}
	src, key := sourceJSON(i.Source)
	return []any{i.Title, i.Description, string(i.Category), i.Date.String(), i.DateEnd.String(), string(i.DatePrecision),
		p.Country, p.Admin1, p.Admin2, p.Admin3, p.Location, lat, lon, string(p.Precision), string(i.CoarsenLocation),
		i.Victims.Killed.Best, i.Victims.Killed.Low, i.Victims.Killed.High, i.Victims.Injured.Best, i.Victims.Injured.Low, i.Victims.Injured.High,
		nullCount(i.Victims.Women), nullCount(i.Victims.Children), string(i.Status), src, key, i.Releasability}
}

// sourceJSON returns what sourceColumns does, encoding the reference
// itself when no string in it needs escaping.
func sourceJSON(s *custos.SourceRef) (string, sql.NullString) {
	if s == nil || !plainJSON(s.Dataset) || !plainJSON(s.Key) || !plainJSON(s.File) || !plainJSON(s.URL) {
		return sourceColumns(s)
	}
	b := make([]byte, 0, 48+len(s.Dataset)+len(s.Key)+len(s.File)+len(s.URL))
	b = append(b, `{"dataset":"`...)
	b = append(b, s.Dataset...)
	b = append(b, `","key":"`...)
	b = append(b, s.Key...)
	b = append(b, '"')
	if s.File != "" {
		b = append(append(append(b, `,"file":"`...), s.File...), '"')
	}
	if s.Page != 0 {
		b = strconv.AppendInt(append(b, `,"page":`...), int64(s.Page), 10)
	}
	if s.Row != 0 {
		b = strconv.AppendInt(append(b, `,"row":`...), int64(s.Row), 10)
	}
	if s.URL != "" {
		b = append(append(append(b, `,"url":"`...), s.URL...), '"')
	}
	b = append(b, '}')
	return string(b), sql.NullString{String: s.Dataset + ":" + s.Key, Valid: true}
}

// plainJSON reports whether s is printable ASCII that encoding/json writes
// as it is (no quote, backslash or HTML character to escape).
func plainJSON(s string) bool {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// rowRef is a row an incident refers to.
type rowRef struct {
	table string
	key   any
}

// checkReferences checks, when the database does not, that the country,
// units and persons an incident names exist, asking once per value.
func (b *IncidentBulk) checkReferences(i *custos.Incident) error {
	if !b.checkRefs {
		return nil
	}
	if err := b.exists(rowRef{"countries", i.Place.Country}, "place.country"); err != nil {
		return err
	}
	for k, p := range i.Perpetrators {
		if p.ActorID != 0 {
			if err := b.exists(rowRef{"actors", p.ActorID}, fmt.Sprintf("perpetrators[%d].actor_id", k)); err != nil {
				return err
			}
		}
		if p.PersonID != 0 {
			if err := b.exists(rowRef{"persons", p.PersonID}, fmt.Sprintf("perpetrators[%d].person_id", k)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *IncidentBulk) exists(r rowRef, field string) error {
	if b.known[r] {
		return nil
	}
	if err := b.sync(); err != nil {
		return err
	}
	col := "id"
	if r.table == "countries" {
		col = "code"
	}
	var n int
	if err := b.tx.queryRow(b.ctx, `SELECT count(*) FROM `+r.table+` WHERE `+col+` = ?`, r.key).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErr("incident", field, fmt.Sprintf("no %s with %s %v", map[string]string{"countries": "country", "actors": "actor", "persons": "person"}[r.table], col, r.key))
	}
	b.known[r] = true
	return nil
}
