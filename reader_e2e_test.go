package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The reader end to end: a sync from the fake services, then search,
// filter and star in a real terminal, and the star kept on restart.

func TestEndToEndReader(t *testing.T) {
	srv := fixtureServer(t)
	dbPath, env := testEnv(t, srv)

	out, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15")
	if code != 0 || !strings.Contains(out, "fetched 5, new 5") {
		t.Fatalf("sync: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatalf("import sample: %d %s", code, errOut)
	}

	term := startReader(t, env, 100, 30)
	term.WaitText("Qwen3 Technical Report")

	// Search, live as typed.
	term.Keys("/")
	term.Type("dancegrpo")
	term.WaitText("/dancegrpo")
	term.WaitGone("Training Foundation Models")
	term.WaitAll("DanceGRPO: Unleashing GRPO")
	term.Keys("Escape")
	term.WaitText("Training Foundation Models")

	// Filter by a topic tag: computer vision papers only.
	term.Keys("f")
	term.Type("cs.CV")
	term.WaitText("Computer Vision")
	term.Keys("Space")
	term.WaitText("[x]")
	term.Keys("Escape")
	term.WaitGone("narrow:")
	term.WaitGone("Qwen3 Technical Report")
	term.WaitAll("BLIP3-o", "DanceGRPO", "Seed1.5-VL")

	// Star the paper under the cursor, then quit.
	term.Keys("g")
	term.Keys("s")
	term.WaitText("★ 1 ")
	term.Keys("q")
	if st := term.ExitWithin(5 * time.Second); st != 0 {
		t.Fatalf("reader exited with %d", st)
	}

	// Start again: the star is kept.
	term2 := startReader(t, env, 100, 30)
	term2.WaitText("Training Foundation Models")
	term2.Keys("S")
	term2.WaitGone("Training Foundation Models")
	starredOut, _, _ := paperboy(t, append(env, "PAPERBOY_DB="+dbPath), "list", "--query", "is:starred", "--json")
	var starred []struct {
		ID, Title string
	}
	if err := json.Unmarshal([]byte(starredOut), &starred); err != nil || len(starred) != 1 {
		t.Fatalf("starred papers: %v %q", err, starredOut)
	}
	term2.WaitAll(starred[0].Title[:20])
	term2.Keys("q")
	term2.ExitWithin(5 * time.Second)
}
