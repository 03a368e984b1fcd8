package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/seed"
	"github.com/custos-ssa/custos/internal/store"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeDemo starts the server as README's first command does, on a free
// port and a fresh data directory, signs in with a demo account, and shuts
// it down gracefully.
func TestServeDemo(t *testing.T) {
	imported := false
	demoData = func(ctx context.Context, st *store.DB, progress func(int)) (*importer.FMTRResult, error) {
		b, err := os.ReadFile("../ingest/fmtr/testdata/sample.tsv")
		if err != nil {
			return nil, err
		}
		imported = true
		return importer.FMTR(custos.WithPrincipal(ctx, custos.System), st, []importer.File{{Name: "sample.tsv", Data: b}}, progress)
	}
	defer func() { demoData = seed.DemoData }()
	dir := t.TempDir()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	var errb bytes.Buffer
	env := &Env{Args: []string{"custos", "serve", "--demo", "--addr", "127.0.0.1:0"},
		Getenv: func(k string) string { return map[string]string{"CUSTOS_DATA_DIR": dir}[k] },
		Stdin:  strings.NewReader(""), Stdout: pw, Stderr: &errb}
	done := make(chan int, 1)
	go func() { done <- Run(ctx, env); pw.Close() }()
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "Custos is running at "); ok {
			url = u
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatalf("serve printed no URL; stderr: %s", errb.String())
	}
	resp, err := http.Get(url + "readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET readyz = %v %v", resp, err)
	}
	pwBytes, err := os.ReadFile(filepath.Join(dir, "demo-credentials.txt"))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"name":"demo-planner","password":"` + strings.TrimSpace(string(pwBytes)) + `"}`
	resp, err = http.Post(url+"api/v1/session", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("demo sign-in = %v %v", resp, err)
	}
	if !imported {
		t.Error("serve --demo did not build the demonstration data")
	}
	resp, err = http.Get(url + "api/v1/programs?limit=1")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET programs = %v %v", resp, err)
	}
	var page struct{ Items []custos.Program }
	json.NewDecoder(resp.Body).Decode(&page)
	if len(page.Items) != 1 || page.Items[0].Releasability != custos.Public {
		t.Errorf("an anonymous visitor sees programs %+v, want the public FMTR program", page.Items)
	}
	if _, err := os.Stat(filepath.Join(dir, "demo.db")); err != nil {
		t.Errorf("the demo store is not in the data directory: %v", err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after shutdown; stderr: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
