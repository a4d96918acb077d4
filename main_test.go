package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/ui/termtest"
)

// The end-to-end tests drive the real binary: the CLI through os/exec and
// the reader in a real terminal (a tmux pane, through ui/termtest),
// reading the screen the way a person would, against a fake Hugging Face
// and arXiv (fetch/fetchtest).

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "paperboy-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "paperboy")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build paperboy:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// fixtures is the directory of the recorded Hugging Face and arXiv answers.
var fixtures = filepath.Join("fetch", "testdata")

// fixtureServer replays the fetch fixtures as Hugging Face and arXiv:
// 2025-05-15's daily papers (all pages as one), arXiv records for them,
// and an empty listing for any other day.
func fixtureServer(t *testing.T) *fetchtest.Server {
	t.Helper()
	var pages [][]byte
	for _, page := range []string{"hf_daily_2025-05-15_p0.json", "hf_daily_2025-05-15_p1.json", "hf_daily_2025-05-15_p2.json"} {
		pages = append(pages, fetchtest.ReadFixture(t, fixtures, page))
	}
	return fetchtest.NewServer(t).
		Daily("2025-05-15", 0, fetchtest.JoinPages(t, pages...)).
		Arxiv(fetchtest.ReadFixture(t, fixtures, "arxiv_idlist.xml"))
}

// slowListing serves a long Hugging Face listing for 2025-05-15, pages
// of 100 papers after a delay each, so that a kill lands mid-sync; every
// other day is empty and arXiv knows nothing.
func slowListing(t *testing.T, pages int, delay time.Duration) *fetchtest.Server {
	t.Helper()
	return fetchtest.NewServer(t).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily || r.Date != "2025-05-15" || r.Page >= pages {
			return nil
		}
		return &fetchtest.Response{Body: fetchtest.ListingPage(r.Page, 100), Delay: delay}
	})
}

// testEnv is the environment the binary runs in: its own database and
// home, endpoints on the fake server, no arXiv pacing.
func testEnv(t *testing.T, srv *fetchtest.Server) (dbPath string, env []string) {
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "papers.db")
	env = []string{
		"HOME=" + dir, "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "PATH=" + os.Getenv("PATH"),
		"PAPERBOY_DB=" + dbPath, "PAPERBOY_ARXIV_DELAY=0s", "TERM=xterm-256color", "LANG=C.UTF-8",
		"BROWSER=true",
	}
	if srv != nil {
		env = append(env, "HF_ENDPOINT="+srv.URL, "ARXIV_ENDPOINT="+srv.URL)
	} else {
		// Nothing listens on port 9 of localhost: the network is "down".
		env = append(env, "HF_ENDPOINT=http://127.0.0.1:9", "ARXIV_ENDPOINT=http://127.0.0.1:9")
	}
	return dbPath, env
}

// paperboy runs the CLI and returns stdout, stderr and the exit code.
func paperboy(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run paperboy %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

// startReader runs the reader in a tmux pane of the given size.
func startReader(t *testing.T, env []string, width, height int) *termtest.Tmux {
	t.Helper()
	return termtest.NewTmux(t, termtest.Options{Env: env, Width: width, Height: height}, binary)
}

// stress reports whether the long forms of the crash and concurrency
// tests were asked for (make stress sets STRESS=1).
func stress() bool { return os.Getenv("STRESS") != "" }

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

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndex(s, "\n")+1:]
}

func procStatus(pid int) (hwm, rss float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmHWM:":
			hwm = kb / 1024
		case "VmRSS:":
			rss = kb / 1024
		}
	}
	return hwm, rss
}
