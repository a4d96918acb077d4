package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The end-to-end tests drive the real binary: the CLI through os/exec and
// the reader in a real terminal (a tmux pane), reading the screen the way
// a person would.

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

// fixtureServer replays the fetch fixtures as Hugging Face and arXiv:
// 2025-05-15's daily papers (all pages as one), arXiv records for them,
// and an empty listing for any other day.
func fixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("fetch", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var day []json.RawMessage
	for _, page := range []string{"hf_daily_2025-05-15_p0.json", "hf_daily_2025-05-15_p1.json", "hf_daily_2025-05-15_p2.json"} {
		var items []json.RawMessage
		if err := json.Unmarshal(read(page), &items); err != nil {
			t.Fatal(err)
		}
		day = append(day, items...)
	}
	dayJSON, _ := json.Marshal(day)
	atom := read("arxiv_idlist.xml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/daily_papers":
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Query().Get("date") == "2025-05-15" && r.URL.Query().Get("p") == "0" {
				w.Write(dayJSON)
				return
			}
			w.Write([]byte("[]"))
		case "/api/query":
			w.Header().Set("Content-Type", "application/atom+xml")
			w.Write(atom)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// env is the environment the binary runs in: its own database and home,
// endpoints on the fixture server, no arXiv pacing.
func testEnv(t *testing.T, srv *httptest.Server) (dbPath string, env []string) {
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

// terminal is a tmux pane running the reader.
type terminal struct {
	t      *testing.T
	socket string
	raw    string // every byte the program wrote, via pipe-pane
	status string // the program's exit status, written by its shell
}

func startReader(t *testing.T, env []string, width, height int) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the end-to-end tests (make test installs it)")
	}
	term := &terminal{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock")}
	term.raw = filepath.Join(t.TempDir(), "raw.out")
	args := []string{"-S", term.socket, "-f", "/dev/null", "new-session", "-d", "-s", "e2e",
		"-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "env", "-i"}
	args = append(args, env...)
	// A shell runs the reader and writes its exit status to a file: tmux
	// reaps the pane's process only when it gets to it, which under load
	// can take seconds, so its own report of the status is no clock.
	term.status = filepath.Join(t.TempDir(), "status")
	args = append(args, "sh", "-c", `"$0"; echo $? > "$1"`, binary, term.status)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	term.tmux("set-option", "-t", "e2e", "remain-on-exit", "on")
	term.tmux("pipe-pane", "-t", "e2e", "-o", "cat >> "+term.raw)
	t.Cleanup(func() { exec.Command("tmux", "-S", term.socket, "kill-server").Run() })
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (term *terminal) screen() string {
	return term.tmux("capture-pane", "-p", "-t", "e2e")
}

// keys sends tmux key names ("Enter", "Escape", "C-c") or literal text.
func (term *terminal) keys(keys ...string) {
	term.t.Helper()
	term.tmux(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

func (term *terminal) typeText(s string) {
	term.t.Helper()
	term.tmux("send-keys", "-t", "e2e", "-l", s)
}

// waitFor polls the screen until ok accepts it, failing after 10 s with
// the last screen.
func (term *terminal) waitFor(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = term.screen()
		if ok(s) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	term.t.Fatalf("waiting for %s; screen:\n%s", what, s)
	return s
}

func (term *terminal) waitText(text string) string {
	term.t.Helper()
	return term.waitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

func (term *terminal) waitGone(text string) string {
	term.t.Helper()
	return term.waitFor(fmt.Sprintf("%q to go", text), func(s string) bool { return !strings.Contains(s, text) })
}

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
	term.waitText("Qwen3 Technical Report")

	// Search, live as typed.
	term.keys("/")
	term.typeText("dancegrpo")
	term.waitText("/dancegrpo")
	s := term.waitGone("Training Foundation Models")
	if !strings.Contains(s, "DanceGRPO: Unleashing GRPO") {
		t.Fatalf("search for dancegrpo lost DanceGRPO:\n%s", s)
	}
	term.keys("Escape")
	term.waitText("Training Foundation Models")

	// Filter by a topic tag: computer vision papers only.
	term.keys("f")
	term.typeText("cs.CV")
	term.waitText("Computer Vision")
	term.keys("Space")
	term.waitText("[x]")
	term.keys("Escape")
	term.waitGone("narrow:")
	s = term.waitGone("Qwen3 Technical Report")
	for _, want := range []string{"BLIP3-o", "DanceGRPO", "Seed1.5-VL"} {
		if !strings.Contains(s, want) {
			t.Fatalf("cs.CV filter lacks %s:\n%s", want, s)
		}
	}

	// Star the paper under the cursor, then quit.
	term.keys("g")
	term.keys("s")
	term.waitText("★ 1 ")
	term.keys("q")
	if st := exitWithin(term, 5*time.Second); st != "0" {
		t.Fatalf("reader exited with %s", st)
	}

	// Start again: the star is kept.
	term2 := startReader(t, env, 100, 30)
	term2.waitText("Training Foundation Models")
	term2.keys("S")
	s = term2.waitGone("Training Foundation Models")
	starredOut, _, _ := paperboy(t, append(env, "PAPERBOY_DB="+dbPath), "list", "--query", "is:starred", "--json")
	var starred []struct {
		ID, Title string
	}
	if err := json.Unmarshal([]byte(starredOut), &starred); err != nil || len(starred) != 1 {
		t.Fatalf("starred papers: %v %q", err, starredOut)
	}
	if !strings.Contains(s, starred[0].Title[:20]) {
		t.Fatalf("starred view does not show %q:\n%s", starred[0].Title, s)
	}
	term2.keys("q")
	exitWithin(term2, 5*time.Second)
}
