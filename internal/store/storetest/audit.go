package storetest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

func testAudit(t *testing.T, db *store.DB) {
	ctx := custos.WithPrincipal(admin, custos.Principal{UserID: 7, Name: "carol", Role: custos.RolePlanner, Via: "token"})
	a := newActor(t, ctx, db, "Audited unit", 0, custos.Internal)
	a.Name = "Audited unit (renamed)"
	must(t, db.UpdateActor(ctx, a))
	must(t, db.DeleteActor(ctx, a.ID))

	list, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: custos.EntityActor})
	must(t, err)
	if len(list) != 3 {
		t.Fatalf("audit entries for actors = %d, want 3", len(list))
	}
	del, upd, cre := list[0], list[1], list[2]
	for _, tt := range []struct {
		e      *custos.AuditEntry
		action custos.Action
		before string
		after  string
	}{
		{cre, custos.ActionCreate, "", "Audited unit"},
		{upd, custos.ActionUpdate, "Audited unit", "Audited unit (renamed)"},
		{del, custos.ActionDelete, "Audited unit (renamed)", ""},
	} {
		if tt.e.Action != tt.action || tt.e.UserName != "carol" || tt.e.Via != "token" || tt.e.UserID != 7 {
			t.Errorf("entry %d = %s by %s via %s, want %s by carol via token", tt.e.Seq, tt.e.Action, tt.e.UserName, tt.e.Via, tt.action)
		}
		if name := auditName(t, tt.e.Before); name != tt.before {
			t.Errorf("entry %d before.name = %q, want %q", tt.e.Seq, name, tt.before)
		}
		if name := auditName(t, tt.e.After); name != tt.after {
			t.Errorf("entry %d after.name = %q, want %q", tt.e.Seq, name, tt.after)
		}
	}
	rep, err := db.VerifyAudit(admin)
	must(t, err)
	if !rep.OK() || rep.Entries != 3 || rep.HeadSeq != 3 {
		t.Errorf("VerifyAudit() = %+v, want 3 entries and no problem", rep)
	}
	// The database itself refuses to change the trail.
	if _, err := db.SQL().Exec(`UPDATE audit SET user_name = 'mallory'`); err == nil {
		t.Error("UPDATE audit succeeded, want the append-only trigger to refuse it")
	}
	if _, err := db.SQL().Exec(`DELETE FROM audit`); err == nil {
		t.Error("DELETE FROM audit succeeded, want the append-only trigger to refuse it")
	}
}

func auditName(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if len(raw) == 0 {
		return ""
	}
	var v struct{ Name string }
	must(t, json.Unmarshal(raw, &v))
	return v.Name
}

// testAuditTamper drops the append-only triggers, as someone with the
// database file could, and checks that verification catches each kind of
// tampering.
func testAuditTamper(t *testing.T, db *store.DB) {
	tests := []struct {
		name   string
		tamper []string
		want   string
	}{
		{"altered", []string{`UPDATE audit SET after = replace(after, 'Unit 2', 'Unit X') WHERE seq = 2`}, "altered"},
		{"removed", []string{`DELETE FROM audit WHERE seq = 2`}, "missing"},
		{"removed from the end", []string{`DELETE FROM audit WHERE seq = 4`}, "removed from the end"},
		{"reordered", []string{
			`UPDATE audit SET seq = 100 WHERE seq = 2`, `UPDATE audit SET seq = 2 WHERE seq = 3`, `UPDATE audit SET seq = 3 WHERE seq = 100`},
			"does not link"},
		{"rewritten with a new hash", []string{`UPDATE audit SET user_name = 'mallory', hash = 'abc' WHERE seq = 1`}, "does not link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Each case needs its own chain: build four entries.
			for _, stmt := range []string{`DELETE FROM audit`, `UPDATE audit_head SET seq = 0, hash = ''`} {
				dropAuditTriggers(t, db)
				if _, err := db.SQL().Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range []string{"Unit 1", "Unit 2", "Unit 3", "Unit 4"} {
				newActor(t, admin, db, name, 0, custos.Internal)
			}
			if rep, err := db.VerifyAudit(admin); err != nil || !rep.OK() {
				t.Fatalf("VerifyAudit() before tampering = %+v, %v; want OK", rep, err)
			}
			for _, stmt := range tt.tamper {
				if _, err := db.SQL().Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			rep, err := db.VerifyAudit(admin)
			must(t, err)
			if rep.OK() {
				t.Fatalf("VerifyAudit() after %s = OK, want a problem", tt.name)
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.Problem)
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("VerifyAudit() problems = %q, want one mentioning %q", all, tt.want)
			}
		})
	}
}

func dropAuditTriggers(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER IF EXISTS audit_no_update`, `DROP TRIGGER IF EXISTS audit_no_delete`}
	if db.Dialect().Name == "postgres" {
		stmts = []string{`DROP TRIGGER IF EXISTS audit_no_update ON audit`, `DROP TRIGGER IF EXISTS audit_no_truncate ON audit`}
	}
	for _, s := range stmts {
		if _, err := db.SQL().Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}
