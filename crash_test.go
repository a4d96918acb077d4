package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// stress reports whether the long forms of the crash and concurrency
// tests were asked for (make stress sets STRESS=1).
func stress() bool { return os.Getenv("STRESS") != "" }

// slowListing serves a long Hugging Face listing for 2025-05-15, pages
// of 100 papers after a delay each, so that a kill lands mid-sync; every
// other day is empty and arXiv knows nothing.
func slowListing(t *testing.T, pages int, delay time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/daily_papers":
			w.Header().Set("Content-Type", "application/json")
			p, _ := strconv.Atoi(r.URL.Query().Get("p"))
			if r.URL.Query().Get("date") != "2025-05-15" || p >= pages {
				w.Write([]byte("[]"))
				return
			}
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			var b strings.Builder
			b.WriteString("[")
			for i := range 100 {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `{"paper":{"id":"2505.%05d","title":"Listed paper %d","summary":"Page %d of a long listing.","authors":[{"name":"A. Author"}],"upvotes":%d,"publishedAt":"2025-05-14T00:00:00.000Z"},"numComments":1}`,
					p*100+i, p*100+i, p, i)
			}
			b.WriteString("]")
			w.Write([]byte(b.String()))
		case "/api/query":
			w.Header().Set("Content-Type", "application/atom+xml")
			w.Write([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// writeSnapshot writes an arXiv snapshot of n JSON lines.
func writeSnapshot(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "snapshot.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		fmt.Fprintf(w, `{"id":"2401.%05d","title":"Snapshot paper %d","abstract":"  An abstract\n  on two lines.","authors":"A. One and B. Two","authors_parsed":[["One","A.",""],["Two","B.",""]],"categories":"cs.AR cs.LG","versions":[{"version":"v1","created":"Mon, 1 Jan 2024 00:00:00 GMT"}],"update_date":"2024-01-02"}`+"\n", i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// integrity runs PRAGMA integrity_check on the file.
func integrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}

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

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndex(s, "\n")+1:]
}
