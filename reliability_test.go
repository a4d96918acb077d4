package main

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawErrorText is what a message for a person must never contain: the
// driver's or Go's own words.
var rawErrorText = []string{"sqlite3:", "no such table", "SQL logic", "database/sql", "sql:", "panic", "goroutine", "0x"}

func checkMessage(t *testing.T, what, stderr string) {
	t.Helper()
	msg := strings.TrimSuffix(stderr, "\n")
	if msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("%s: want one line on stderr, got %q", what, stderr)
	}
	for _, bad := range rawErrorText {
		if strings.Contains(msg, bad) {
			t.Errorf("%s: message shows %q: %q", what, bad, msg)
		}
	}
}

// TestBadDatabaseFiles points paperboy at files it must refuse: each gives
// a one-line message and exit code 1, and the file keeps every byte.
func TestBadDatabaseFiles(t *testing.T) {
	garbage := make([]byte, 8192)
	rand.Read(garbage)
	sqliteDB := func(t *testing.T, path string, stmts ...string) {
		db, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name, want string
		make       func(t *testing.T, path string)
	}{
		{"not SQLite", "not a paperboy database", func(t *testing.T, path string) {
			os.WriteFile(path, append([]byte("%PDF-1.7\n"), garbage...), 0o644)
		}},
		{"text file", "not a paperboy database", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("my notes\n"), 0o644)
		}},
		{"corrupt SQLite", "not a paperboy database", func(t *testing.T, path string) {
			os.WriteFile(path, append([]byte("SQLite format 3\x00"), garbage...), 0o644)
		}},
		{"another program's database", "belongs to another program", func(t *testing.T, path string) {
			sqliteDB(t, path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, secret TEXT)", "INSERT INTO accounts VALUES (1, 'x')")
		}},
		{"newer schema", "newer paperboy", func(t *testing.T, path string) {
			sqliteDB(t, path, "PRAGMA application_id = 1347437145", "CREATE TABLE papers (id TEXT)", "PRAGMA user_version = 99")
		}},
		{"a directory", "", func(t *testing.T, path string) {
			os.Mkdir(path, 0o755)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, env := testEnv(t, nil)
			path := filepath.Join(t.TempDir(), "papers.db")
			tt.make(t, path)
			before := snapshotFiles(t, filepath.Dir(path))
			for _, args := range [][]string{{"list"}, {"star", "2505.09343"}, {"sync", "--date", "2025-05-15"}} {
				_, errOut, code := paperboy(t, append(env, "PAPERBOY_DB="+path), args...)
				if code != 1 {
					t.Errorf("%v: exit code %d, want 1 (%q)", args, code, errOut)
				}
				checkMessage(t, strings.Join(args, " "), errOut)
				if tt.want != "" && !strings.Contains(errOut, tt.want) {
					t.Errorf("%v: %q does not say %q", args, errOut, tt.want)
				}
			}
			if after := snapshotFiles(t, filepath.Dir(path)); !bytes.Equal(before, after) {
				t.Errorf("the directory changed:\nbefore %q\nafter  %q", before, after)
			}
		})
	}
}

// snapshotFiles is every file name and byte in dir, to compare.
func snapshotFiles(t *testing.T, dir string) []byte {
	t.Helper()
	var out bytes.Buffer
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out.WriteString(p + "\n")
		if !info.IsDir() {
			b, _ := os.ReadFile(p)
			out.Write(b)
		}
		return nil
	})
	return out.Bytes()
}

func TestReadOnlyDirectory(t *testing.T) {
	_, env := testEnv(t, nil)
	// A directory everyone may enter, holding a copy of the binary and a
	// read-only directory for the database.
	base, err := os.MkdirTemp("", "paperboy-ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(base, "ro"), 0o755); os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	bin := filepath.Join(base, "paperboy")
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "ro")
	os.Mkdir(dir, 0o555)
	args := []string{bin, "list"}
	if os.Geteuid() == 0 {
		// Root writes into read-only directories: run as nobody.
		if _, err := exec.LookPath("setpriv"); err != nil {
			t.Fatal("setpriv (util-linux) is needed to test a read-only directory as root")
		}
		args = append([]string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(env, "PAPERBOY_DB="+filepath.Join(dir, "papers.db"), "HOME="+base, "XDG_CONFIG_HOME="+base)
	var errOut strings.Builder
	cmd.Stderr = &errOut
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 1 {
		t.Errorf("exit code %d (%v), want 1", code, err)
	}
	checkMessage(t, "read-only directory", errOut.String())
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files appeared in the read-only directory: %v", entries)
	}
}

// TestDiskFull runs an import under a file size limit (RLIMIT_FSIZE: the
// write fails with EFBIG, as on a full disk): a clear message, and the
// database as it was before, intact.
func TestDiskFull(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	srv := fixtureServer(t)
	dbPath, env := testEnv(t, srv)
	if _, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := paperboy(t, env, "star", "2505.09343"); code != 0 {
		t.Fatal(errOut)
	}
	snapshot := writeSnapshot(t, 20000)
	// ulimit -f counts 1024-byte blocks in sh and bash alike on Linux
	// (dash: 512); either way a few MB, far less than the import needs.
	cmd := exec.Command("sh", "-c", `ulimit -f 4096 && exec "$0" import "$1"`, binary, snapshot)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("import on a full disk: %v, stderr %q", err, stderr.String())
	}
	msg := stderr.String()
	if i := strings.LastIndex(strings.TrimSuffix(msg, "\n"), "\n"); i >= 0 {
		msg = msg[i+1:] // progress lines come first
	}
	checkMessage(t, "disk full", msg)
	if !strings.Contains(msg, "disk full") {
		t.Errorf("message does not say the disk is full: %q", msg)
	}
	integrity(t, dbPath)
	out, errOut, code := paperboy(t, env, "list", "--query", "is:starred")
	if code != 0 || !strings.Contains(out, "2505.09343") {
		t.Fatalf("after a full disk: %d %q %q", code, out, errOut)
	}
}

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
	a.waitText("Listed paper")
	b.waitText("Listed paper")

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
		a.keys("s")
		a.waitText(want)
		b.waitText(want)
	}
	if msgs := <-done; msgs != "" {
		t.Errorf("sync beside two readers failed: %s", msgs)
	}
	for _, term := range []*terminal{a, b} {
		if s := term.screen(); strings.Contains(s, "locked") || strings.Contains(s, "busy") {
			t.Errorf("a reader shows a lock error:\n%s", s)
		}
		term.keys("q")
		exitWithin(term, 5*time.Second)
	}
}

// exitWithin waits for the reader to end; if it hangs, it fails with the
// program's goroutines (SIGQUIT makes the Go runtime print them).
func exitWithin(term *terminal, d time.Duration) string {
	term.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(term.status); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The pane runs a shell; the reader is its child.
	shell := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))
	exec.Command("pkill", "-QUIT", "-P", shell).Run()
	time.Sleep(time.Second)
	term.t.Fatalf("the reader did not quit within %v; its goroutines:\n%s", d,
		term.tmux("capture-pane", "-p", "-S", "-5000", "-t", "e2e"))
	return ""
}

// TestQuitDuringSync: quitting while a sync waits on a stalled server
// ends the program at once and leaves no partial page behind.
func TestQuitDuringSync(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"paper":{"id":"2505.09343","title":"Half a page"`))
		w.(http.Flusher).Flush()
		select { // stall mid-body until the client gives up
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	_, env := testEnv(t, srv)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatal(errOut)
	}
	before, _, _ := paperboy(t, env, "list", "--limit", "1000", "--json")

	term := startReader(t, env, 100, 30)
	term.waitText("syncing")
	time.Sleep(300 * time.Millisecond) // well inside the stalled request
	start := time.Now()
	term.keys("q")
	if st := exitWithin(term, 5*time.Second); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("quitting during a sync took %v", took)
	}
	after, _, _ := paperboy(t, env, "list", "--limit", "1000", "--json")
	if before != after || strings.Contains(after, "Half a page") {
		t.Error("the cancelled sync changed the papers")
	}
}

// TestListQueryNeverLeaksSQL gives the CLI queries meant to break the
// compiler: each either runs or is a usage error naming the problem, and
// no message shows SQL, FTS5 or Go text.
func TestListQueryNeverLeaksSQL(t *testing.T) {
	_, env := testEnv(t, nil)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatal(errOut)
	}
	for _, q := range []string{
		`a OR b c`, `"unclosed`, `NEAR(a b)`, `a* ^b {c} col:x`, `"""`, "x\x01y", `'; DROP TABLE papers; --`,
		`tag:%_\`, `-`, `OR`, `AND`, `upvotes:>=99999999999999999999`, `since:0000-00-00`, `id:../../etc`,
		`author:"` + strings.Repeat("x", 5000) + `"`, strings.Repeat("a OR ", 300) + "b", `"\u202e" is:starred`,
	} {
		out, errOut, code := paperboy(t, env, "list", "--query", q)
		if code != 0 && code != 2 {
			t.Errorf("query %.40q: exit code %d: %q", q, code, errOut)
		}
		for _, bad := range append(rawErrorText, "fts5", "syntax error", "SELECT", "unterminated") {
			if strings.Contains(errOut, bad) || strings.Contains(out, bad) {
				t.Errorf("query %.40q shows %q: %q", q, bad, errOut)
			}
		}
	}
}
