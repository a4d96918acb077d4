package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// complete runs cobra's completion request as a shell does and gives the
// candidates (without descriptions) and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var cands []string
	for _, l := range lines[:len(lines)-1] {
		id, _, _ := strings.Cut(l, "\t")
		cands = append(cands, id)
	}
	return cands, lines[len(lines)-1]
}

func TestCLICompletion(t *testing.T) {
	home := cliEnv(t)
	db := sampleDB(t)
	good := filepath.Join("ui", "testdata", "config", "good_full.toml")
	for _, args := range [][]string{{"star", "2406.10903"}, {"tag", "2505.09343", "moe", "to-read"}, {"tag", "2406.10903", "hardware"}} {
		if _, errOut, code := runCLI(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatal(errOut)
		}
	}

	// Paper ids: the starred first, then the newest; a prefix narrows them.
	ids, dir := complete(t, "--db", db, "show", "")
	if len(ids) < 10 || ids[0] != "2406.10903" || !strings.HasPrefix(dir, ":") {
		t.Fatalf("show: %v %s", ids, dir)
	}
	out, _, _ := runCLI(t, "__complete", "--db", db, "show", "")
	if !strings.Contains(out, "2406.10903\t★ ") {
		t.Errorf("a starred paper's description has no star:\n%s", out)
	}
	ids, _ = complete(t, "--db", db, "star", "2505.0")
	for _, id := range ids {
		if !strings.HasPrefix(id, "2505.0") {
			t.Errorf("star 2505.0: %v", ids)
		}
	}
	if len(ids) == 0 {
		t.Error("no id starts with 2505.0")
	}
	// An id already given is not offered again; show takes one id only.
	ids, _ = complete(t, "--db", db, "star", "2406.10903", "")
	for _, id := range ids {
		if id == "2406.10903" {
			t.Error("star offered an id given already")
		}
	}
	if ids, _ := complete(t, "--db", db, "show", "2406.10903", ""); len(ids) != 0 {
		t.Errorf("show's second argument: %v", ids)
	}
	// Tag names: every user tag for tag, the paper's own for untag.
	if tags, _ := complete(t, "--db", db, "tag", "2406.10903", ""); strings.Join(tags, " ") != "hardware moe to-read" {
		t.Errorf("tag: %v", tags)
	}
	if tags, _ := complete(t, "--db", db, "untag", "2505.09343", "t"); strings.Join(tags, " ") != "to-read" {
		t.Errorf("untag: %v", tags)
	}
	// View names, from the config file.
	if views, _ := complete(t, "--config", good, "list", "--view", ""); strings.Join(views, ",") != "Hardware,To read" {
		t.Errorf("views: %v", views)
	}
	if views, _ := complete(t, "--config", good, "export", "--view", "to"); strings.Join(views, ",") != "To read" {
		t.Errorf("views: %v", views)
	}
	if f, _ := complete(t, "export", "--format", "c"); strings.Join(f, " ") != "csl-json csv" {
		t.Errorf("formats: %v", f)
	}
	// Without a database nothing is offered, and none is created.
	missing := filepath.Join(home, "none.db")
	if ids, _ := complete(t, "--db", missing, "show", ""); len(ids) != 0 {
		t.Errorf("ids without a database: %v", ids)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("completion created a database")
	}
}
