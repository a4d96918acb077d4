package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
)

func TestCLIZoteroAdd(t *testing.T) {
	home := cliEnv(t)
	db := sampleDB(t)
	z := fetchtest.NewZotero(t, "k3y", "475425")
	t.Setenv("ZOTERO_ENDPOINT", z.URL)
	t.Setenv("ZOTERO_API_KEY", "")
	t.Setenv("ZOTERO_USER_ID", "")

	// No credentials: a clear message, nothing sent.
	_, errOut, code := runCLI(t, "--db", db, "zotero", "add", "2511.08083")
	if code != 1 || !strings.Contains(errOut, "ZOTERO_API_KEY") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// The config file's [zotero] table.
	cfg := filepath.Join(home, "zotero.toml")
	if err := os.WriteFile(cfg, []byte("[zotero]\napi_key = \"k3y\"\nuser_id = \"475425\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runCLI(t, "--db", db, "tag", "2511.08083", "moe"); code != 0 {
		t.Fatal("tag")
	}
	out, errOut, code := runCLI(t, "--db", db, "--config", cfg, "zotero", "add", "2511.08083")
	if code != 0 || !strings.HasPrefix(out, "2511.08083: added (item ZK") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	items := z.Items()
	if len(items) != 1 || items[0].Data["archiveID"] != "arXiv:2511.08083" {
		t.Fatalf("items %+v", items)
	}
	if tags, _ := items[0].Data["tags"].([]any); len(tags) != 1 {
		t.Fatalf("tags %v", items[0].Data["tags"])
	}
	// Again, through the environment: no duplicate.
	t.Setenv("ZOTERO_API_KEY", "k3y")
	t.Setenv("ZOTERO_USER_ID", "475425")
	out, _, code = runCLI(t, "--db", db, "zotero", "add", "arXiv:2511.08083v2")
	if code != 0 || !strings.Contains(out, "already in the library") || len(z.Items()) != 1 {
		t.Fatalf("exit %d: %s, %d items", code, out, len(z.Items()))
	}
	// Zotero's refusal in its own words.
	t.Setenv("ZOTERO_API_KEY", "wrong")
	_, errOut, code = runCLI(t, "--db", db, "zotero", "add", "2511.08083")
	if code != 1 || !strings.Contains(errOut, "Zotero answered 403 Forbidden: Forbidden") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Usage errors.
	if _, errOut, code := runCLI(t, "zotero", "add"); code != 2 || !strings.Contains(errOut, "at least one paper ID") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "zotero", "add", "not-an-id"); code != 2 {
		t.Fatalf("exit %d for a bad id", code)
	}
}
