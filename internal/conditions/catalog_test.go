package conditions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCatalogExamples compiles every example users are shown, so the
// documentation cannot drift from the engine.
func TestCatalogExamples(t *testing.T) {
	for _, in := range Catalog() {
		if _, err := Compile(in.Example); err != nil {
			t.Errorf("example of input %s, %q: Compile = %v", in.Name, in.Example, err)
		}
		if !strings.Contains(in.Example, in.Name) {
			t.Errorf("example of input %s, %q, does not use it", in.Name, in.Example)
		}
	}
	for _, fn := range Functions() {
		if _, err := Compile(fn.Example); err != nil {
			t.Errorf("example of %s, %q: Compile = %v", fn.Signature, fn.Example, err)
		}
	}
}

// TestCatalogDeclared checks that every documented input is declared: an
// expression reading it alone type-checks (an undeclared name would not).
func TestCatalogDeclared(t *testing.T) {
	for _, in := range Catalog() {
		if _, err := Compile(in.Name + " == " + in.Name); err != nil && strings.Contains(err.Error(), "unknown input") {
			t.Errorf("input %s is documented but not declared: %v", in.Name, err)
		}
	}
}

func TestMarkdownGolden(t *testing.T) {
	got := Markdown()
	path := filepath.Join("testdata", "catalog.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Markdown() differs from %s (-want +got):\n%s", path, diff)
	}
	for _, in := range Catalog() {
		if !strings.Contains(got, "`"+in.Name+"`") {
			t.Errorf("Markdown() does not document %s", in.Name)
		}
	}
}
