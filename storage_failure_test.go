package main

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Storage that fails under paperboy: files that are not its database, a
// directory it may not write, a full disk. Each gives a one-line message
// and leaves what was there as it was.

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

// An upgrade interrupted by a full disk leaves the database as the older
// build wrote it: the same schema version (which that build opens), every
// page intact, every mark kept; the next run upgrades it.
func TestInterruptedUpgrade(t *testing.T) {
	_, env := testEnv(t, nil)
	dir := t.TempDir()
	db := filepath.Join(dir, "old.db")
	orig, err := os.ReadFile(filepath.Join("testdata", "upgrade", "schema4.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	version := func() int {
		t.Helper()
		var v int
		withStoreRaw(t, db, func(q func(string) int) { v = q("PRAGMA user_version") })
		return v
	}
	// 32 blocks: the write-ahead log of the upgrade cannot grow that far.
	cmd := exec.Command("sh", "-c", `ulimit -f 32 && exec "$0" --db "$1" stats`, binary, db)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("upgrade on a full disk: %v, stderr %q", err, stderr.String())
	}
	checkMessage(t, "interrupted upgrade", stderr.String())
	if v := version(); v != 4 {
		t.Fatalf("after the interrupted upgrade the schema is version %d; the older build opens 4", v)
	}
	integrity(t, db)
	// The next run upgrades it, and the marks are all there.
	out, errOut, code := paperboy(t, env, "--db", db, "list", "--query", "is:starred", "--json")
	if code != 0 {
		t.Fatalf("upgrade: %d %s", code, errOut)
	}
	for _, id := range []string{"2505.09343", "2511.08083", "2505.09388"} {
		if !strings.Contains(out, `"id": "`+id+`"`) {
			t.Errorf("star of %s lost: %s", id, out)
		}
	}
}

// withStoreRaw runs read-only pragmas on a database file without opening
// it as paperboy does (which would upgrade it).
func withStoreRaw(t *testing.T, path string, fn func(q func(string) int)) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fn(func(query string) int {
		var n int
		if err := conn.QueryRow(query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	})
}
