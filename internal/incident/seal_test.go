package incident

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{1}, KeySize)
	r := &custos.Reporter{Name: "Awa Diarra", Phone: "+223 70 00 00 00"}
	sealed, err := Seal(key, 7, r)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Awa")) {
		t.Fatalf("Seal left the name readable: %q", sealed)
	}
	got, err := Open(key, 7, sealed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("Open(Seal(r)) mismatch (-want +got):\n%s", diff)
	}
	other := bytes.Repeat([]byte{2}, KeySize)
	for name, open := range map[string]func() (*custos.Reporter, error){
		"other key":      func() (*custos.Reporter, error) { return Open(other, 7, sealed) },
		"other incident": func() (*custos.Reporter, error) { return Open(key, 8, sealed) },
		"altered":        func() (*custos.Reporter, error) { b := bytes.Clone(sealed); b[len(b)-1] ^= 1; return Open(key, 7, b) },
		"short":          func() (*custos.Reporter, error) { return Open(key, 7, sealed[:5]) },
		"short key":      func() (*custos.Reporter, error) { return Open(key[:16], 7, sealed) },
	} {
		if _, err := open(); err == nil {
			t.Errorf("Open(%s) succeeded, want an error", name)
		}
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	none := func(string) string { return "" }
	k1, err := LoadKey(none, dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	k2, err := LoadKey(none, dir)
	if err != nil || !bytes.Equal(k1, k2) || len(k1) != KeySize {
		t.Errorf("LoadKey twice = %x, %x (%v), want the same %d-byte key", k1, k2, err, KeySize)
	}
	must(t, os.Chmod(filepath.Join(dir, KeyFile), 0o644))
	if _, err := LoadKey(none, dir); err == nil {
		t.Errorf("LoadKey(world-readable file) succeeded, want an error")
	}
	env := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{3}, KeySize))
	k3, err := LoadKey(func(string) string { return env }, dir)
	if err != nil || k3[0] != 3 {
		t.Errorf("LoadKey(env) = %x, %v", k3, err)
	}
	if _, err := LoadKey(func(string) string { return "c2hvcnQ=" }, dir); err == nil {
		t.Errorf("LoadKey(short env key) succeeded, want an error")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
