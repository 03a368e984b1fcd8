package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
)

// IncidentTrends counts incidents and sums their casualty estimates by
// month and by category, first-level area or linked perpetrator unit. Each
// bucket carries the incident filter that lists the incidents behind it. A
// program's trend covers its area of operation: its country (programs
// record no smaller area) over the program's dates, narrowed further by
// the filter's own dates.
func (db *DB) IncidentTrends(ctx context.Context, f custos.TrendFilter) ([]*custos.TrendBucket, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.By == "" {
		f.By = "category"
	}
	var list []*custos.TrendBucket
	err = db.read(ctx, p, func(tx *Tx) error {
		if f.ProgramID != 0 {
			prog, err := tx.findProgram(ctx, f.ProgramID)
			if custos.ErrorKind(err) == custos.ENOTFOUND {
				return fieldErr("trend filter", "program_id", fmt.Sprintf("no program with id %d", f.ProgramID))
			}
			if err != nil {
				return err
			}
			if f.Country != "" && f.Country != prog.Country {
				return fieldErr("trend filter", "country", fmt.Sprintf("is %s but program %d is in %s", f.Country, f.ProgramID, prog.Country))
			}
			f.Country = prog.Country
			if !prog.Start.IsZero() && (f.From.IsZero() || f.From.Before(prog.Start)) {
				f.From = prog.Start
			}
			if !prog.End.IsZero() && (f.To.IsZero() || prog.End.Before(f.To)) {
				f.To = prog.End
			}
			if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
				return fieldErr("trend filter", "from", fmt.Sprintf("program %d ran from %s to %s, outside the dates asked for", f.ProgramID, prog.Start, prog.End))
			}
		}
		base := custos.IncidentFilter{Country: f.Country, ActorID: f.ActorID, Subunits: f.ActorID != 0, Category: f.Category, Status: f.Status, From: f.From, To: f.To}
		q, args, ok := tx.totalsQuery(f)
		if !ok {
			q, args = db.trendScan(f, base, p)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b := &custos.TrendBucket{}
			var k any
			if err := rows.Scan(&b.Month, &k, &b.Incidents, &b.Killed.Best, &b.Killed.Low, &b.Killed.High,
				&b.Injured.Best, &b.Injured.Low, &b.Injured.High); err != nil {
				return err
			}
			b.Key = keyString(k)
			b.Filter = bucketFilter(base, f.By, b.Month, b.Key)
			list = append(list, b)
		}
		return rows.Err()
	})
	return list, err
}

// keyString renders a grouping key scanned as any: text or an actor id.
func keyString(k any) string {
	switch v := k.(type) {
	case nil:
		return ""
	case []byte:
		return string(v)
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(k)
}

// bucketFilter narrows the trend's filter to one month and one key, so
// that it lists exactly the incidents counted in the bucket.
func bucketFilter(base custos.IncidentFilter, by custos.TrendBy, month, key string) custos.IncidentFilter {
	f := base
	if t, err := time.Parse("2006-01", month); err == nil {
		start, end := custos.DateOf(t), custos.DateOf(t.AddDate(0, 1, -1))
		if f.From.IsZero() || f.From.Before(start) {
			f.From = start
		}
		if f.To.IsZero() || end.Before(f.To) {
			f.To = end
		}
	}
	switch by {
	case "category":
		f.Category = custos.IncidentCategory(key)
	case "admin1":
		// The empty key is the incidents with no area recorded: without
		// NoAdmin1 its filter would list every area's.
		f.Admin1, f.NoAdmin1 = key, key == ""
	case "actor":
		id, _ := strconv.ParseInt(key, 10, 64)
		if id == 0 {
			f.Unattributed = true
		} else {
			f.ActorID, f.Subunits = id, false
		}
	}
	return f
}

// trendScan returns the query that computes a trend from the incidents
// themselves.
func (db *DB) trendScan(f custos.TrendFilter, base custos.IncidentFilter, p custos.Principal) (string, []any) {
	w := &where{}
	w.add("i.releasability <= ?", p.Clearance())
	db.incidentWhere(w, base)
	key, from := "i.category", "incidents i"
	switch f.By {
	case "admin1":
		key = "i.admin1"
	case "actor":
		key = "COALESCE(p.actor_id, 0)"
		// Each incident counts once per unit, however many times it
		// names the unit (with different roles): only its first
		// mention of the unit joins.
		on := "p.incident_id = i.id AND p.actor_id IS NOT NULL AND p.seq = (SELECT min(q.seq) FROM incident_perpetrators q WHERE q.incident_id = p.incident_id AND q.actor_id = p.actor_id)"
		join := " LEFT JOIN "
		if f.ActorID != 0 {
			// Only the units of the subtree, so that each bucket's
			// filter (that unit alone) lists exactly its incidents.
			on += " AND p.actor_id IN (" + subtreeQuery + ")"
			join = " JOIN "
			w.args = append([]any{f.ActorID}, w.args...)
		}
		from = "incidents i" + join + "incident_perpetrators p ON " + on
	}
	return `SELECT substr(i.date, 1, 7) AS month, ` + key + ` AS k, count(*),
		CAST(sum(i.killed_best) AS BIGINT), CAST(sum(i.killed_low) AS BIGINT), CAST(sum(i.killed_high) AS BIGINT),
		CAST(sum(i.injured_best) AS BIGINT), CAST(sum(i.injured_low) AS BIGINT), CAST(sum(i.injured_high) AS BIGINT)
		FROM ` + from + w.String() + ` GROUP BY substr(i.date, 1, 7), ` + key + ` ORDER BY 1, 2`, w.args
}
