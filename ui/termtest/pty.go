package termtest

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// Pty is a program running on a bare pseudo-terminal. Unless Silent, it
// answers the queries a real terminal answers (background and foreground
// colour, cursor position, device attributes). It keeps every byte
// written, and the output as text with the escape sequences dropped,
// noting when each piece arrived: waits on it give the time the awaited
// output came.
type Pty struct {
	waiter
	t   testing.TB
	cmd *exec.Cmd
	pty *os.File
	tty string // the slave side's name

	answers []answer // the queries it answers (none when Silent)

	mu   sync.Mutex
	raw  []byte
	text []byte
	// The pending WaitFrom: the predicate over text[from:], signalled
	// with the arrival time of the output that satisfied it.
	from int
	pred func(string) bool
	hit  chan time.Time

	last    time.Time // when output last came
	started time.Time

	read   chan struct{} // closed when the output ends
	exited chan struct{} // closed when the program has ended
	status int
	once   sync.Once
}

var _ Terminal = (*Pty)(nil)

// NewPty starts name with args on a new pseudo-terminal of the given
// size. Started is the moment just before the program started.
func NewPty(t testing.TB, opt Options, name string, args ...string) *Pty {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = opt.Env
	tm := &Pty{t: t, cmd: cmd, read: make(chan struct{}), exited: make(chan struct{})}
	tm.waiter = newWaiter(t, opt.Timeout, tm.Screen, func() string { return tm.Tail(3000) })
	if !opt.Silent {
		tm.answers = answers(opt.Background)
	}
	w, h := opt.size()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)}); err != nil {
		t.Fatal(err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	tm.pty, tm.tty = master, tty.Name()
	tm.started = time.Now()
	tm.last = tm.started
	err = cmd.Start()
	tty.Close()
	if err != nil {
		master.Close()
		t.Fatal(err)
	}
	go tm.readLoop()
	go func() {
		cmd.Wait()
		tm.status = exitStatus(cmd)
		close(tm.exited)
	}()
	t.Cleanup(tm.Close)
	return tm
}

func exitStatus(cmd *exec.Cmd) int {
	if cmd.ProcessState == nil {
		return -1
	}
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && st.Signaled() {
		return 128 + int(st.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

// answer is a query the terminal answers, and the answer.
type answer struct{ query, answer string }

// answers are the queries a terminal with the given background answers.
func answers(background string) []answer {
	if background == "" {
		background = "rgb:0000/0000/0000"
	}
	return []answer{
		{"\x1b]11;?", "\x1b]11;" + background + "\x1b\\"},
		{"\x1b]10;?", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
		{"\x1b[6n", "\x1b[1;1R"},
		{"\x1b[c", "\x1b[?62;22c"},
	}
}

func (tm *Pty) readLoop() {
	defer close(tm.read)
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := tm.pty.Read(buf)
		now := time.Now()
		if n > 0 {
			chunk := buf[:n]
			for _, a := range tm.answers {
				if bytes.Contains(chunk, []byte(a.query)) {
					tm.pty.Write([]byte(a.answer))
				}
			}
			var text []byte
			text, pending = StripANSI(append(pending, chunk...))
			tm.mu.Lock()
			tm.raw = append(tm.raw, chunk...)
			tm.text = append(tm.text, text...)
			tm.last = now
			if tm.pred != nil && tm.pred(string(tm.text[tm.from:])) {
				tm.pred = nil
				tm.hit <- now
			}
			tm.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// StripANSI drops escape sequences, turning cursor movements into line
// breaks so text from different places never runs together; an escape
// sequence cut at the end of b is returned as rest.
func StripANSI(b []byte) (text, rest []byte) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != 0x1b {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return out, slices.Clone(b[i:])
		}
		switch b[i+1] {
		case '[':
			j := i + 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			if j >= len(b) {
				return out, slices.Clone(b[i:])
			}
			if b[j] != 'm' && b[j] != 'K' {
				out = append(out, '\n')
			}
			i = j + 1
		case ']', 'P', '_':
			j := i + 2
			for j < len(b) && b[j] != 0x07 && !(b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\') {
				j++
			}
			if j >= len(b) || (b[j] == 0x1b && j+1 >= len(b)) {
				return out, slices.Clone(b[i:])
			}
			if b[j] == 0x07 {
				i = j + 1
			} else {
				i = j + 2
			}
		default:
			i += 2
		}
	}
	return out, nil
}

// Started is the moment just before the program was started.
func (tm *Pty) Started() time.Time { return tm.started }

// PID is the program's process id.
func (tm *Pty) PID() int { return tm.cmd.Process.Pid }

// Screen is all the text the program has written, escape sequences
// dropped and cursor movements made line breaks. It is a stream, not a
// screen: text once drawn stays in it, so WaitGone is for the tmux
// back-end, and a wait on what a key changes looks past a Mark.
func (tm *Pty) Screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return string(tm.text)
}

// Tail is the last n bytes of Screen.
func (tm *Pty) Tail(n int) string {
	s := tm.Screen()
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Mark is the current end of the text: WaitFrom looks at what comes after.
func (tm *Pty) Mark() int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return len(tm.text)
}

// WaitFrom waits up to timeout until the text after from satisfies ok
// and returns when the output that did arrived. It does not fail the
// test: a timing run notes what it missed and goes on.
func (tm *Pty) WaitFrom(from int, ok func(text string) bool, timeout time.Duration) (time.Time, bool) {
	hit := make(chan time.Time, 1)
	tm.mu.Lock()
	if ok(string(tm.text[from:])) {
		tm.mu.Unlock()
		return time.Now(), true
	}
	tm.from, tm.pred, tm.hit = from, ok, hit
	tm.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case at := <-hit:
		return at, true
	case <-timer.C:
	case <-tm.read:
	}
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.pred = nil
	select { // it may have come just now
	case at := <-hit:
		return at, true
	default:
		return time.Time{}, false
	}
}

// WaitQuiet waits up to timeout for the program to write nothing for
// quiet: the frame it was drawing is done. It reports whether it did.
func (tm *Pty) WaitQuiet(quiet, timeout time.Duration) bool {
	return until(timeout, func() bool {
		tm.mu.Lock()
		defer tm.mu.Unlock()
		return time.Since(tm.last) >= quiet
	})
}

// Press writes one key (a tmux key name or literal text) at once and
// returns the time it was written and the Mark just before it. Unlike
// Keys it does not wait for the program to read the key: it is for
// timings.
func (tm *Pty) Press(key string) (at time.Time, from int) {
	from = tm.Mark()
	b := keyBytes(key)
	at = time.Now()
	tm.pty.Write(b)
	return at, from
}

// Keys writes keys (tmux key names or literal text), each once the
// program has read the one before.
func (tm *Pty) Keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.pty.Write(keyBytes(k))
		tm.waitRead()
	}
}

// Type writes text literally.
func (tm *Pty) Type(text string) {
	tm.t.Helper()
	tm.pty.Write([]byte(text))
	tm.waitRead()
}

func (tm *Pty) waitRead() {
	tm.t.Helper()
	select {
	case <-tm.exited:
		return
	default:
	}
	if !waitRead(tm.tty, tm.timeout) {
		tm.t.Fatalf("the program did not read its input within %v; output:\n%s", tm.timeout, tm.Tail(3000))
	}
}

// Resize sets the pseudo-terminal's size; the kernel sends SIGWINCH.
func (tm *Pty) Resize(width, height int) {
	tm.t.Helper()
	if err := pty.Setsize(tm.pty, &pty.Winsize{Cols: uint16(width), Rows: uint16(height)}); err != nil {
		tm.t.Fatal(err)
	}
}

// Raw is every byte the program has written.
func (tm *Pty) Raw() []byte {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return slices.Clone(tm.raw)
}

func (tm *Pty) Wait(d time.Duration) (int, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-tm.exited:
		return tm.status, true
	case <-timer.C:
		return 0, false
	}
}

func (tm *Pty) ExitWithin(d time.Duration) int {
	tm.t.Helper()
	if st, ok := tm.Wait(d); ok {
		return st
	}
	tm.cmd.Process.Signal(syscall.SIGQUIT)
	tm.Wait(dumpWait)
	// The dump goes to stderr, the terminal; it ends when the output does.
	select {
	case <-tm.read:
	case <-time.After(time.Second):
	}
	tm.t.Fatalf("the program did not end within %v; its goroutines:\n%s", d, dump(tm.Raw()))
	return -1
}

// Close kills the program if it still runs and closes the terminal.
func (tm *Pty) Close() {
	tm.once.Do(func() {
		select {
		case <-tm.exited:
		default:
			tm.cmd.Process.Kill()
			<-tm.exited
		}
		tm.pty.Close()
	})
}

// keyBytes is what a terminal sends for a tmux key name; other strings
// are sent as they are.
func keyBytes(key string) []byte {
	if b, ok := keyNames[key]; ok {
		return []byte(b)
	}
	if len(key) == 3 && strings.HasPrefix(key, "C-") {
		if c := key[2] | 0x20; c >= 'a' && c <= 'z' {
			return []byte{c - 'a' + 1}
		}
	}
	if len(key) == 3 && strings.HasPrefix(key, "M-") {
		return []byte{0x1b, key[2]}
	}
	return []byte(key)
}

var keyNames = map[string]string{
	"Enter": "\r", "Escape": "\x1b", "Space": " ", "Tab": "\t", "BSpace": "\x7f",
	"Up": "\x1b[A", "Down": "\x1b[B", "Right": "\x1b[C", "Left": "\x1b[D",
	"Home": "\x1b[H", "End": "\x1b[F",
	"PageUp": "\x1b[5~", "PPage": "\x1b[5~", "PageDown": "\x1b[6~", "NPage": "\x1b[6~",
}
