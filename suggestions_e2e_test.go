package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// For you in a real terminal: two papers starred, For you opened from the
// filter pane lists a related paper first with its reason on the row's
// second line; x dismisses it and it is gone; M lists the papers like the
// one under the cursor, and esc comes back.
func TestEndToEndForYou(t *testing.T) {
	_, env := testEnv(t, nil) // offline: the bundled sample
	cfgDir := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "paperboy")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The sample is older than a month: For you looks ten years back.
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("[reader]\nforyou_days = 3650\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startReader(t, env, 120, 34)
	term.WaitText("HipKittens")
	for i, id := range []string{"2511.17127", "2505.09343"} {
		term.Keys("/")
		term.Type("id:" + id)
		term.Keys("Enter", "s") // s waits for the search's row
		term.WaitText("★ " + itoa(i+1) + " ")
		term.Keys("Escape")
	}
	term.Keys("f")
	count := regexp.MustCompile(`For you\s+(\d+)`)
	term.WaitFor("For you's count", func(s string) bool { return count.MatchString(s) && count.FindStringSubmatch(s)[1] != "0" })
	term.Keys("Enter") // For you is the first of the views
	s := term.WaitText("(starred) · shares")

	// What the reader ranks first is what foryou ranks first, with the
	// same reason under it.
	out, errOut, code := paperboy(t, env, "foryou", "--json", "--limit", "1")
	var top []struct{ Title, Reason string }
	if code != 0 || json.Unmarshal([]byte(out), &top) != nil || len(top) != 1 {
		t.Fatalf("foryou: %d %s %s", code, out, errOut)
	}
	first, second := selectedRow(t, s)
	if len(first) < 5 {
		t.Fatalf("no row under the cursor:\n%s", s)
	}
	if !strings.HasPrefix(top[0].Title, strings.TrimSuffix(first, "…")) {
		t.Fatalf("the first row is %q, foryou ranks %q first:\n%s", first, top[0].Title, s)
	}
	if !strings.HasPrefix(top[0].Reason, strings.TrimSuffix(second, "…")) || !strings.HasPrefix(second, `like "`) {
		t.Fatalf("the first row's reason is %q, want %q:\n%s", second, top[0].Reason, s)
	}

	// Not for me: gone from the view at once.
	term.Keys("x")
	s = term.WaitText("not for you")
	term.WaitFor("the dismissed paper gone", func(s string) bool {
		f, _ := selectedRow(t, s)
		return f != first && !strings.Contains(s, first)
	})

	// More like this, and back.
	term.Keys("M")
	term.WaitText("Like “")
	term.WaitText("shares ")
	term.Keys("Escape")
	term.WaitText("For you")
	term.WaitGone("Like “")
	term.Keys("q")
	if st := term.ExitWithin(5 * time.Second); st != 0 {
		t.Fatalf("reader exited with %d", st)
	}

	// The dismissal is kept: foryou leaves it out too.
	out, _, _ = paperboy(t, env, "foryou", "--json")
	if strings.Contains(out, `"title": "`+top[0].Title+`"`) {
		t.Fatalf("foryou still suggests the dismissed %q", top[0].Title)
	}
}

// selectedRow is the title and the second line of the row under the
// cursor, as the screen shows them.
func selectedRow(t *testing.T, screen string) (title, second string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "› ") && i+1 < len(lines) {
			title = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "› "), "●"))
			if cut := strings.Index(title, "  "); cut > 0 {
				title = title[:cut]
			}
			second = strings.TrimSpace(strings.SplitN(lines[i+1], "│", 2)[0])
			return title, second
		}
	}
	return "", ""
}

// envValue is a variable of an environment.
func envValue(env []string, name string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, name+"="); ok {
			return v
		}
	}
	return ""
}
