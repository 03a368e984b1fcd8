package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
)

const countryColumns = `code, alpha3, numeric, name, official_name, region, subregion, alt_names, notes, releasability, updated_at`

func scanCountry(sc interface{ Scan(...any) error }) (*custos.Country, error) {
	var c custos.Country
	var alt, updated string
	if err := sc.Scan(&c.Code, &c.Alpha3, &c.Numeric, &c.Name, &c.OfficialName, &c.Region, &c.Subregion, &alt, &c.Notes, &c.Releasability, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(alt), &c.AltNames); err != nil {
		return nil, fmt.Errorf("country %s alt_names: %w", c.Code, err)
	}
	c.UpdatedAt = parseTime(updated)
	return &c, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only domain values of known shape are passed
	}
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// seedCountries loads the embedded ISO 3166 list into an empty table. It is
// reference data, so it is not recorded in the audit trail; changes made to
// countries afterwards are.
func (db *DB) seedCountries(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM countries`).Scan(&n); err != nil {
		return fmt.Errorf("count countries: %w", err)
	}
	var kosovo int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM countries WHERE code = 'XK'`).Scan(&kosovo); err != nil {
		return fmt.Errorf("count countries: %w", err)
	}
	if n > 0 && kosovo > 0 {
		return nil
	}
	return db.write(ctx, custos.System, func(tx *Tx) error {
		if n == 0 {
			for _, c := range custos.ISOCountries() {
				if err := tx.insertCountry(ctx, &c); err != nil {
					return fmt.Errorf("seed country %s: %w", c.Code, err)
				}
			}
		}
		// Kosovo is not in ISO 3166-1, but every event dataset Custos
		// reads (UCDP, ACLED, HXL, the training reports) has it under the
		// user-assigned code XK; without it their rows for Kosovo would be
		// refused. Added to a store seeded before, too.
		k := custos.Country{Code: "XK", Alpha3: "XKX", Name: "Kosovo", Region: "Europe", Subregion: "Southern Europe", Releasability: custos.Public,
			Notes: "Not in ISO 3166-1: XK is the user-assigned code used by the European Commission, the IMF, the World Bank, UCDP and ACLED."}
		if err := tx.insertCountry(ctx, &k); err != nil {
			return fmt.Errorf("seed country XK: %w", err)
		}
		return nil
	})
}

func (tx *Tx) insertCountry(ctx context.Context, c *custos.Country) error {
	_, err := tx.exec(ctx, `INSERT INTO countries (`+countryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Code, c.Alpha3, c.Numeric, c.Name, c.OfficialName, c.Region, c.Subregion, jsonText(c.AltNames), c.Notes, c.Releasability, formatTime(c.UpdatedAt))
	return err
}

func (tx *Tx) findCountry(ctx context.Context, code string) (*custos.Country, error) {
	c, err := scanCountry(tx.queryRow(ctx, `SELECT `+countryColumns+` FROM countries WHERE code = ? AND releasability <= ?`, code, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("country", code)
	}
	return c, err
}

// FindCountries lists countries by code.
func (db *DB) FindCountries(ctx context.Context, f custos.CountryFilter) ([]*custos.Country, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCountry)
	if err != nil {
		return nil, "", err
	}
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	w := &where{}
	w.add("releasability <= ?", p.Clearance())
	if f.Region != "" {
		w.add("region = ?", f.Region)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		op := db.dialect.ILike
		w.add("(name "+op+" ? ESCAPE '\\' OR alt_names "+op+" ? ESCAPE '\\' OR code = ? OR alpha3 = ?)", pat, pat, f.Q, f.Q)
	}
	if f.After != "" {
		w.add("code > ?", f.After)
	}
	var list []*custos.Country
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanCountry, `SELECT `+countryColumns+` FROM countries`+w.String()+` ORDER BY code LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > f.Size() {
		list = list[:f.Size()]
		next = list[len(list)-1].Code
	}
	return list, next, nil
}

// FindCountry returns one country by its alpha-2 code.
func (db *DB) FindCountry(ctx context.Context, code string) (*custos.Country, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCountry)
	if err != nil {
		return nil, err
	}
	var c *custos.Country
	err = db.read(ctx, p, func(tx *Tx) (err error) {
		c, err = tx.findCountry(ctx, code)
		return err
	})
	return c, err
}

// CreateCountry adds a country, typically one with a user-assigned code.
func (db *DB) CreateCountry(ctx context.Context, c *custos.Country) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityCountry)
	if err != nil {
		return err
	}
	if c.Releasability == 0 {
		c.Releasability = custos.Public
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "country", c.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM countries WHERE code = ?`, c.Code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &custos.Error{Kind: custos.ECONFLICT, Message: "country exists", Fields: map[string]string{"code": fmt.Sprintf("%s is already recorded", c.Code)}}
		}
		c.UpdatedAt = tx.db.now()
		if err := tx.insertCountry(ctx, c); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, custos.EntityCountry, c.Code, nil, c)
	})
}

// UpdateCountry replaces a country's record.
func (db *DB) UpdateCountry(ctx context.Context, c *custos.Country) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCountry)
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "country", c.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findCountry(ctx, c.Code)
		if err != nil {
			return err
		}
		c.UpdatedAt = tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE countries SET alpha3 = ?, numeric = ?, name = ?, official_name = ?, region = ?, subregion = ?, alt_names = ?, notes = ?, releasability = ?, updated_at = ? WHERE code = ?`,
			c.Alpha3, c.Numeric, c.Name, c.OfficialName, c.Region, c.Subregion, jsonText(c.AltNames), c.Notes, c.Releasability, formatTime(c.UpdatedAt), c.Code); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityCountry, c.Code, before, c)
	})
}

// DeleteCountry removes a country no record refers to.
func (db *DB) DeleteCountry(ctx context.Context, code string) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityCountry)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findCountry(ctx, code)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, "country "+code, code,
			ref{"actors", "country"}, ref{"programs", "country"}, ref{"consultations", "country"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM countries WHERE code = ?`, code); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityCountry, code, before, nil)
	})
}

// ref names a column that refers to a record.
type ref struct{ table, column string }

// refused returns an ECONFLICT error naming the tables whose rows still refer
// to the record, so that a delete never leaves a dangling reference.
func (tx *Tx) refused(ctx context.Context, what string, id any, refs ...ref) error {
	for _, r := range refs {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM `+r.table+` WHERE `+r.column+` = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return custos.Errorf(custos.ECONFLICT, "%s is still referred to by %d %s record(s): change or remove those first", what, n, r.table)
		}
	}
	return nil
}
