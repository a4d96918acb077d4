package main

// Crashes: paperboy killed mid-sync and mid-import keeps a sound database
// and every mark the user made.

import (
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// userMarks are the star, tags and note made before the kills.
var userMarks = struct{ star, tagged, noted string }{"2505.00001", "2505.00002", "2505.00003"}

func checkUserMarks(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("open after a kill: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	p, err := db.Paper(ctx, userMarks.star)
	if err != nil || !p.Starred {
		t.Fatalf("star lost: %v %v", p.Starred, err)
	}
	p, err = db.Paper(ctx, userMarks.tagged)
	if err != nil || strings.Join(p.Tags, ",") != "keep,later" {
		t.Fatalf("tags lost: %q %v", p.Tags, err)
	}
	p, err = db.Paper(ctx, userMarks.noted)
	if err != nil || p.Note != "read section 3" {
		t.Fatalf("note lost: %q %v", p.Note, err)
	}
}

// TestKillDuringSyncAndImport kills `paperboy sync` and `paperboy import`
// with SIGKILL at random moments: after each kill the database passes
// integrity_check and keeps every star, tag and note, and in the end a
// sync and an import run to completion. make test kills 6 times, make
// stress 30.
func TestKillDuringSyncAndImport(t *testing.T) {
	kills := 6
	if stress() {
		kills = 30
	}
	srv := slowListing(t, 40, 15*time.Millisecond)
	dbPath, env := testEnv(t, srv)
	snapshot := writeSnapshot(t, 50000)

	// A first sync, then the user's marks.
	start := time.Now()
	if out, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15"); code != 0 {
		t.Fatalf("first sync: %d %s %s", code, out, errOut)
	}
	syncTime := time.Since(start)
	if _, errOut, code := paperboy(t, env, "star", userMarks.star); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := paperboy(t, env, "tag", userMarks.tagged, "keep", "later"); code != 0 {
		t.Fatal(errOut)
	}
	func() {
		db, err := store.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.SetNote(context.Background(), userMarks.noted, "read section 3"); err != nil {
			t.Fatal(err)
		}
	}()
	checkUserMarks(t, dbPath)

	// How long an uninterrupted import takes, to aim the kills inside it.
	importTime := 3 * time.Second
	{
		cmd := exec.Command(binary, "import", snapshot)
		cmd.Env = append(env[:len(env):len(env)], "PAPERBOY_DB="+filepath.Join(t.TempDir(), "probe.db"))
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("probe import: %v %s", err, out)
		}
		importTime = time.Since(start)
	}
	t.Logf("a sync takes %v, an import %v", syncTime.Round(time.Millisecond), importTime.Round(time.Millisecond))

	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	landed := 0
	for i := range kills {
		args, span := []string{"sync", "--date", "2025-05-15"}, syncTime
		if i%2 == 1 {
			args, span = []string{"import", snapshot}, importTime
		}
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wait := time.Duration(r.Int64N(int64(span/2))) + 5*time.Millisecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil { // it ended on its own: it must have succeeded
				t.Errorf("%v after a kill: %v: %s", args, err, lastLine(stderr.String()))
			}
		case <-time.After(wait):
			cmd.Process.Kill()
			<-done
			landed++
		}
		integrity(t, dbPath)
		checkUserMarks(t, dbPath)
	}
	t.Logf("%d of %d kills landed mid-run", landed, kills)
	if landed < (kills+2)/3 {
		t.Errorf("only %d of %d kills landed while the command ran", landed, kills)
	}

	if out, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15"); code != 0 || !strings.Contains(out, "fetched 4000") {
		t.Fatalf("sync after the kills: %d %q %s", code, out, errOut)
	}
	if out, errOut, code := paperboy(t, env, "import", snapshot); code != 0 {
		t.Fatalf("import after the kills: %d %q %s", code, out, errOut)
	}
	integrity(t, dbPath)
	checkUserMarks(t, dbPath)
	out, _, _ := paperboy(t, env, "list", "--query", "snapshot paper 49999", "--json")
	if !strings.Contains(out, "2401.49999") {
		t.Errorf("the import after the kills is not searchable: %q", out)
	}
}
