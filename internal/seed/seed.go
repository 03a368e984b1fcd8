// Package seed loads reference data into a new store (the catalog of U.S.
// authorities and organizations) and sets up the demonstration accounts.
package seed

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/catalog"
	"github.com/custos-ssa/custos/internal/demo"
	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/ingest/ucdp"
	"github.com/custos-ssa/custos/internal/store"
)

// Reference adds the catalog's authorities and organizations to a store that
// has none yet. It reports how many records it added.
func Reference(ctx context.Context, st custos.Store) (int, error) {
	ctx = custos.WithPrincipal(ctx, custos.System)
	auths, _, err := st.FindAuthorities(ctx, custos.AuthorityFilter{Page: custos.Page{Limit: 1}})
	if err != nil {
		return 0, err
	}
	n := 0
	if len(auths) == 0 {
		for _, a := range catalog.Authorities() {
			a := a
			if err := st.CreateAuthority(ctx, &a); err != nil {
				return n, fmt.Errorf("authority %s: %w", a.Code, err)
			}
			n++
		}
	}
	orgs, _, err := st.FindOrganizations(ctx, custos.OrganizationFilter{Page: custos.Page{Limit: 1}})
	if err != nil {
		return n, err
	}
	if len(orgs) == 0 {
		ids := map[string]int64{}
		list := catalog.Organizations()
		// Parents come first in the catalog's order only by chance: create
		// in passes until every organization whose parent exists is in.
		for pass := 0; pass < 5 && len(ids) < len(list); pass++ {
			for _, o := range list {
				o := o
				if _, done := ids[o.Abbrev]; done {
					continue
				}
				if parent, ok := catalog.ParentOf(o.Abbrev); ok {
					pid, ok := ids[parent]
					if !ok {
						continue
					}
					o.ParentID = pid
				}
				if err := st.CreateOrganization(ctx, &o); err != nil {
					return n, fmt.Errorf("organization %s: %w", o.Name, err)
				}
				ids[o.Abbrev] = o.ID
				n++
			}
		}
	}
	return n, nil
}

// DemoData imports the embedded U.S. Foreign Military Training Reports into
// a store that has not had them yet, and reports whether it did.
func DemoData(ctx context.Context, st *store.DB, progress func(rows int)) (*importer.FMTRResult, error) {
	sys := custos.WithPrincipal(ctx, custos.System)
	done, _, err := st.FindAuditEntries(sys, custos.AuditFilter{Entity: "import", EntityID: importer.FMTRDataset, Page: custos.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(done) > 0 {
		return nil, nil
	}
	files, err := demo.FMTRFiles()
	if err != nil {
		return nil, err
	}
	return importer.FMTR(sys, st, files, progress)
}

// DemoEvents imports the embedded sample of UCDP GED events as incidents
// into a store that has not had it yet, and reports what it did (nil when
// it had been done before). It runs after DemoData, so that perpetrators
// can be given suggested links to the units the training reports name.
func DemoEvents(ctx context.Context, st *store.DB) (*importer.EventsResult, error) {
	sys := custos.WithPrincipal(ctx, custos.System)
	done, _, err := st.FindAuditEntries(sys, custos.AuditFilter{Entity: "import", EntityID: ucdp.Dataset, Page: custos.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(done) > 0 {
		return nil, nil
	}
	b, err := demo.UCDPEvents()
	if err != nil {
		return nil, err
	}
	return importer.Events(sys, st, "ucdp", demo.UCDPFile, bytes.NewReader(b), importer.EventsOptions{})
}

// DemoUsers are the fictional demonstration accounts, one per role.
var DemoUsers = []struct {
	Name string
	Role custos.Role
}{
	{"demo-admin", custos.RoleAdmin}, {"demo-planner", custos.RolePlanner}, {"demo-vetter", custos.RoleVetter},
	{"demo-analyst", custos.RoleAnalyst}, {"demo-partner", custos.RolePartner}, {"demo-viewer", custos.RoleViewer},
}

// Demo creates the fictional demonstration accounts, if missing, with one
// random password kept in dir/demo-credentials.txt (mode 0600), and returns
// that password.
func Demo(ctx context.Context, st custos.Store, dir string) (string, error) {
	ctx = custos.WithPrincipal(ctx, custos.System)
	path := filepath.Join(dir, "demo-credentials.txt")
	pw := ""
	if b, err := os.ReadFile(path); err == nil {
		pw = strings.TrimSpace(string(b))
	}
	if pw == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		pw = "demo-" + base64.RawURLEncoding.EncodeToString(b)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		if err := os.WriteFile(path, []byte(pw+"\n"), 0o600); err != nil {
			return "", err
		}
	}
	for _, d := range DemoUsers {
		if _, err := st.FindUser(ctx, d.Name); err == nil {
			continue
		}
		u := &custos.User{Name: d.Name, Role: d.Role, Fictional: true,
			DisplayName: "Demo " + string(d.Role) + " (fictional)"}
		if err := st.CreateUser(ctx, u, pw); err != nil {
			return "", fmt.Errorf("demo user %s: %w", d.Name, err)
		}
	}
	return pw, nil
}
