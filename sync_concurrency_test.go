package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/ui/termtest"
)

// The reader beside a sync: other processes writing the database while
// readers are open, and quitting while a sync hangs on the network.

// TestReaderDuringSync: two readers open while a sync writes from a third
// process: no "database is locked" anywhere, and a star made in one
// reader shows in the other without touching it.
func TestReaderDuringSync(t *testing.T) {
	srv := slowListing(t, 30, 20*time.Millisecond)
	_, env := testEnv(t, srv)
	if _, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15", "--no-categories"); code != 0 {
		t.Fatal(errOut)
	}
	a := startReader(t, env, 100, 30)
	b := startReader(t, env, 100, 30)
	a.WaitText("Listed paper")
	b.WaitText("Listed paper")

	syncs := 2
	if stress() {
		syncs = 10
	}
	done := make(chan string, 1)
	go func() {
		var msgs strings.Builder
		for range syncs {
			cmd := exec.Command(binary, "sync", "--date", "2025-05-15")
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				msgs.WriteString(err.Error() + ": " + string(out))
			}
		}
		done <- msgs.String()
	}()
	// Star, unstar and star again in a while the sync runs; b follows.
	for _, want := range []string{"★ 1 ", "★ 0 ", "★ 1 "} {
		a.Keys("s")
		a.WaitText(want)
		b.WaitText(want)
	}
	if msgs := <-done; msgs != "" {
		t.Errorf("sync beside two readers failed: %s", msgs)
	}
	for _, term := range []*termtest.Tmux{a, b} {
		if s := term.Screen(); strings.Contains(s, "locked") || strings.Contains(s, "busy") {
			t.Errorf("a reader shows a lock error:\n%s", s)
		}
		term.Keys("q")
		term.ExitWithin(5 * time.Second)
	}
}

// TestQuitDuringSync: quitting while a sync waits on a stalled server
// ends the program at once and leaves no partial page behind.
func TestQuitDuringSync(t *testing.T) {
	srv := fetchtest.NewServer(t).Handle(func(*fetchtest.Request) *fetchtest.Response {
		// Stall mid-body until the client gives up.
		return &fetchtest.Response{ContentType: "application/json",
			Body: []byte(`[{"paper":{"id":"2505.09343","title":"Half a page"`), Stall: true}
	})
	_, env := testEnv(t, srv)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatal(errOut)
	}
	before, _, _ := paperboy(t, env, "list", "--limit", "1000", "--json")

	term := startReader(t, env, 100, 30)
	term.WaitText("syncing")
	srv.WaitStalled(10 * time.Second) // inside the stalled request
	start := time.Now()
	term.Keys("q")
	if st := term.ExitWithin(5 * time.Second); st != 0 {
		t.Fatalf("exit status %d", st)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("quitting during a sync took %v", took)
	}
	after, _, _ := paperboy(t, env, "list", "--limit", "1000", "--json")
	if before != after || strings.Contains(after, "Half a page") {
		t.Error("the cancelled sync changed the papers")
	}
}
