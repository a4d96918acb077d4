package termtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tmux is a program running in a tmux pane of its own tmux server.
type Tmux struct {
	waiter
	t      testing.TB
	socket string
	raw    string // every byte the program wrote, via pipe-pane
	status string // the program's exit status, written by its shell
	tty    string // the pane's terminal
	once   sync.Once
}

var _ Terminal = (*Tmux)(nil)

const session = "termtest"

// NewTmux starts name with args in a new tmux pane of the given size. It
// fails the test when tmux is missing.
func NewTmux(t testing.TB, opt Options, name string, args ...string) *Tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the end-to-end tests (make test installs it)")
	}
	dir := t.TempDir()
	term := &Tmux{t: t, socket: filepath.Join(dir, "tmux.sock"),
		raw: filepath.Join(dir, "raw.out"), status: filepath.Join(dir, "status")}
	term.waiter = newWaiter(t, opt.Timeout, term.Screen, term.Screen)
	w, h := opt.size()
	// The shell waits on a fifo until the pane keeps its program's end
	// on screen and records its output, so neither misses a byte.
	start := filepath.Join(dir, "start")
	if err := syscall.Mkfifo(start, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := []string{"-S", term.socket, "-f", "/dev/null", "new-session", "-d", "-s", session,
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "env", "-i"}
	cmd = append(cmd, opt.Env...)
	// A shell runs the program and writes its exit status to a file: tmux
	// reaps the pane's process only when it gets to it, which under load
	// can take seconds, so its own report of the status is no clock.
	cmd = append(cmd, "sh", "-c", `status=$1; read _ < "$2"; shift 2; "$@"; echo $? > "$status"`,
		"sh", term.status, start, name)
	cmd = append(cmd, args...)
	if out, err := exec.Command("tmux", cmd...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	t.Cleanup(term.Close)
	term.Tmux("set-option", "-t", session, "remain-on-exit", "on")
	term.Tmux("pipe-pane", "-t", session, "-o", "cat >> "+term.raw)
	term.tty = strings.TrimSpace(term.Tmux("display-message", "-p", "-t", session, "#{pane_tty}"))
	// Opening the fifo waits for the shell to open it too.
	f, err := os.OpenFile(start, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("go\n"))
	f.Close()
	return term
}

// Tmux runs a tmux command on the terminal's server and returns its
// output, failing the test when tmux fails.
func (term *Tmux) Tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// Screen is the pane's visible text (capture-pane), a line per row.
func (term *Tmux) Screen() string {
	term.t.Helper()
	return term.Tmux("capture-pane", "-p", "-t", session)
}

// Keys sends tmux key names ("Enter", "Escape", "C-c") or literal text,
// each once the program has read the one before.
func (term *Tmux) Keys(keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		term.Tmux("send-keys", "-t", session, k)
		term.waitRead()
	}
}

// Type sends text literally.
func (term *Tmux) Type(text string) {
	term.t.Helper()
	term.Tmux("send-keys", "-t", session, "-l", text)
	term.waitRead()
}

// waitRead waits for the program to read what tmux was told to send.
// tmux writes it to the pane from its event loop after send-keys
// returns; a second command lets that loop turn first.
func (term *Tmux) waitRead() {
	term.t.Helper()
	term.Tmux("display-message", "-p", "-t", session, "")
	if _, exited := term.exitStatus(); exited {
		return
	}
	if !waitRead(term.tty, term.timeout) {
		term.t.Fatalf("the program did not read its input within %v; screen:\n%s", term.timeout, term.Screen())
	}
}

// Resize resizes the window and so the pane.
func (term *Tmux) Resize(width, height int) {
	term.t.Helper()
	term.Tmux("resize-window", "-t", session, "-x", strconv.Itoa(width), "-y", strconv.Itoa(height))
}

// Raw is what pipe-pane has recorded of the program's output so far.
func (term *Tmux) Raw() []byte {
	term.t.Helper()
	b, err := os.ReadFile(term.raw)
	if err != nil && !os.IsNotExist(err) {
		term.t.Fatal(err)
	}
	return b
}

// exitStatus reads the status the shell wrote, once it is whole.
func (term *Tmux) exitStatus() (int, bool) {
	b, err := os.ReadFile(term.status)
	if err != nil || !bytes.HasSuffix(b, []byte("\n")) {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, false
	}
	return n, true
}

func (term *Tmux) Wait(d time.Duration) (int, bool) {
	var st int
	ok := until(d, func() bool {
		var done bool
		st, done = term.exitStatus()
		return done
	})
	return st, ok
}

func (term *Tmux) ExitWithin(d time.Duration) int {
	term.t.Helper()
	if st, ok := term.Wait(d); ok {
		return st
	}
	// The pane runs a shell; the program is its child. Once the runtime
	// has printed its goroutines the program ends and the shell writes
	// the status.
	shell := strings.TrimSpace(term.Tmux("display-message", "-p", "-t", session, "#{pane_pid}"))
	exec.Command("pkill", "-QUIT", "-P", shell).Run()
	term.Wait(dumpWait)
	term.t.Fatalf("the program did not end within %v; its goroutines:\n%s", d, dump(term.Raw()))
	return -1
}

// dump is the end of a program's output as text: where a goroutine dump
// is, written in raw mode, with its lines whole.
func dump(raw []byte) string {
	if i := bytes.LastIndex(raw, []byte("goroutine ")); i >= 0 {
		if j := bytes.LastIndex(raw[:i], []byte("SIGQUIT")); j >= 0 {
			raw = raw[j:]
		}
	}
	text, _ := StripANSI(raw)
	s := strings.ReplaceAll(string(text), "\r\n", "\n")
	if len(s) > 64<<10 {
		s = s[len(s)-64<<10:]
	}
	return s
}

// PID is the program's process id, or 0 once it has ended.
func (term *Tmux) PID() int {
	term.t.Helper()
	shell := strings.TrimSpace(term.Tmux("display-message", "-p", "-t", session, "#{pane_pid}"))
	b, err := os.ReadFile(fmt.Sprintf("/proc/%s/task/%s/children", shell, shell))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	pid, _ := strconv.Atoi(f[0])
	return pid
}

func (term *Tmux) Close() {
	term.once.Do(func() {
		exec.Command("tmux", "-S", term.socket, "kill-server").Run()
	})
}
