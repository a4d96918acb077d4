package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCLISavedViews(t *testing.T) {
	cliEnv(t)
	db := sampleDB(t)
	good := filepath.Join("ui", "testdata", "config", "good_full.toml")
	bad := filepath.Join("ui", "testdata", "config", "bad_days.toml")

	// The view's query, alone and with --query.
	view, _, code := runCLI(t, "--db", db, "--config", good, "list", "--view", "hardware", "--json")
	same, _, _ := runCLI(t, "--db", db, "list", "--query", "tag:cs.AR OR kw:accelerator", "--json")
	if code != 0 || view != same || !strings.Contains(view, `"id"`) {
		t.Fatalf("list --view: exit %d\n%s", code, view)
	}
	both, _, _ := runCLI(t, "--db", db, "--config", good, "list", "--view", "Hardware", "--query", "is:starred", "--json")
	if strings.TrimSpace(both) != "[]" {
		t.Fatalf("the view and --query together: %s", both)
	}
	out, _, code := runCLI(t, "--db", db, "--config", good, "export", "--view", "Hardware", "--format", "bibtex")
	all, _, _ := runCLI(t, "--db", db, "export", "--query", "tag:cs.AR OR kw:accelerator", "--format", "bibtex")
	if code != 0 || out != all || !strings.Contains(out, "@misc{") {
		t.Fatalf("export --view: exit %d", code)
	}

	// An unknown view is a usage error naming the views.
	for _, cmd := range []string{"list", "export"} {
		_, errOut, code := runCLI(t, "--db", db, "--config", good, cmd, "--view", "nope")
		if code != 2 || !strings.Contains(errOut, `unknown view "nope" (the config file's views: "Hardware", "To read")`) {
			t.Errorf("%s --view nope: exit %d: %s", cmd, code, errOut)
		}
	}
	_, errOut, code := runCLI(t, "--db", db, "list", "--view", "nope")
	if code != 2 || !strings.Contains(errOut, "has no [[views]]") {
		t.Errorf("no views: exit %d: %s", code, errOut)
	}

	// Every command that reads the config file reports a bad one.
	for _, args := range [][]string{
		{"list", "--view", "x"}, {"export", "--view", "x"}, {"sync"}, {"config"}, {"zotero", "add", "2505.09343"},
	} {
		_, errOut, code := runCLI(t, append([]string{"--db", db, "--config", bad}, args...)...)
		if code != 1 || !strings.Contains(errOut, "bad_days.toml line 2: sync.days: must be between 1 and 366") {
			t.Errorf("%v with a bad config: exit %d: %s", args, code, errOut)
		}
	}
}
