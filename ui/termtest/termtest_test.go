package termtest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/term"
)

// backends start a program on each back-end.
var backends = []struct {
	name  string
	start func(t testing.TB, opt Options, name string, args ...string) Terminal
}{
	{"tmux", func(t testing.TB, opt Options, name string, args ...string) Terminal {
		return NewTmux(t, opt, name, args...)
	}},
	{"pty", func(t testing.TB, opt Options, name string, args ...string) Terminal {
		return NewPty(t, opt, name, args...)
	}},
}

// TestMain lets the test binary play a slow raw-mode program for
// TestKeysReadApart.
func TestMain(m *testing.M) {
	switch os.Getenv("TERMTEST_HELPER") {
	case "reads":
		slowReader()
		return
	case "hang":
		term.MakeRaw(0) // as a reader does, so the dump has bare line feeds
		hangForever()
	}
	os.Exit(m.Run())
}

// slowReader puts its terminal in raw mode and shows every read as
// <bytes>, taking 100 ms over each, until it reads a q.
func slowReader() {
	old, err := term.MakeRaw(0)
	if err != nil {
		panic(err)
	}
	defer term.Restore(0, old)
	fmt.Print("ready\r\n")
	buf := make([]byte, 64)
	for {
		time.Sleep(100 * time.Millisecond)
		n, err := os.Stdin.Read(buf)
		if err != nil {
			return
		}
		fmt.Printf("<%s>", buf[:n])
		if strings.Contains(string(buf[:n]), "q") {
			fmt.Print("\r\n")
			return
		}
	}
}

// Keys come to the program one read each, however slowly it reads.
func TestKeysReadApart(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			e := append(env(), "TERMTEST_HELPER=reads")
			tm := b.start(t, Options{Env: e, Width: 100}, os.Args[0], "-test.run=^$")
			tm.WaitText("ready")
			tm.Keys("a", "b", "Space", "c")
			tm.Type("de")
			tm.Keys("q")
			tm.WaitText("<a><b>< ><c><de><q>")
			if st := tm.ExitWithin(5 * time.Second); st != 0 {
				t.Errorf("exit status %d", st)
			}
		})
	}
}

func env() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "LANG=C.UTF-8"}
}

// A shell that reads lines and echoes them, reports its size on "size",
// and exits with a status on "exit N".
const echoShell = `stty -echo; echo ready; while read -r l; do
	case "$l" in
	size) echo "size $(stty size)";;
	exit*) exit ${l#exit };;
	*) echo "got <$l>";;
	esac
done`

func TestTerminal(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			term := b.start(t, Options{Env: env(), Width: 70, Height: 20}, "sh", "-c", echoShell)
			term.WaitText("ready")
			term.Type("hello world")
			term.Keys("Enter")
			term.WaitText("got <hello world>")
			term.Keys("size", "Enter")
			term.WaitText("size 20 70")
			term.Resize(50, 10)
			term.Keys("size", "Enter")
			term.WaitText("size 10 50")
			term.Keys("exit 3", "Enter")
			if st := term.ExitWithin(5 * time.Second); st != 3 {
				t.Errorf("exit status %d, want 3", st)
			}
			if raw := string(term.Raw()); !strings.Contains(raw, "got <hello world>") {
				t.Errorf("raw output lacks the echo: %q", raw)
			}
		})
	}
}

func TestWaitTimesOut(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			term := b.start(t, Options{Env: env()}, "sh", "-c", "echo ready; sleep 30")
			term.WaitText("ready")
			if _, ok := term.Wait(100 * time.Millisecond); ok {
				t.Fatal("Wait says a sleeping program ended")
			}
			term.Close()
			if pty, ok := term.(*Pty); ok {
				if _, ok := pty.Wait(5 * time.Second); !ok {
					t.Fatal("Close did not end the program")
				}
			}
		})
	}
}

func TestPtyTimings(t *testing.T) {
	term := NewPty(t, Options{Env: env()}, "sh", "-c", echoShell)
	if _, ok := term.WaitFrom(0, func(s string) bool { return strings.Contains(s, "ready") }, 5*time.Second); !ok {
		t.Fatalf("no ready; output %q", term.Screen())
	}
	if !term.WaitQuiet(50*time.Millisecond, 5*time.Second) {
		t.Fatal("the shell never went quiet")
	}
	sent, from := term.Press("x")
	term.Press("Enter")
	at, ok := term.WaitFrom(from, func(s string) bool { return strings.Contains(s, "got <x>") }, 5*time.Second)
	if !ok || at.Before(sent) {
		t.Fatalf("WaitFrom: %v %v (sent %v); output %q", at, ok, sent, term.Screen())
	}
	if strings.Contains(term.Screen()[:from], "got") {
		t.Fatal("the mark is after the answer")
	}
}

func TestStripANSI(t *testing.T) {
	text, rest := StripANSI([]byte("a\x1b[1mb\x1b[2;3Hc\x1b]0;title\x07d\x1b["))
	if string(text) != "ab\ncd" || string(rest) != "\x1b[" {
		t.Fatalf("StripANSI = %q, %q", text, rest)
	}
}

func TestKeyBytes(t *testing.T) {
	for key, want := range map[string]string{"Enter": "\r", "C-c": "\x03", "PageDown": "\x1b[6~", "q": "q", "M-x": "\x1bx"} {
		if got := string(keyBytes(key)); got != want {
			t.Errorf("keyBytes(%q) = %q, want %q", key, got, want)
		}
	}
}

// A program that hangs is made to print its goroutines, and the failure
// shows them.
func TestHangDump(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			e := append(env(), "TERMTEST_HELPER=hang")
			ft := &fakeT{TB: t}
			tm := b.start(ft, Options{Env: e}, os.Args[0], "-test.run=^$")
			tm.WaitText("ready")
			func() {
				defer func() { recover() }()
				tm.ExitWithin(200 * time.Millisecond)
			}()
			if !strings.Contains(ft.msg, "did not end") || !strings.Contains(ft.msg, "goroutine 1") || !strings.Contains(ft.msg, "hangForever") {
				t.Errorf("the failure does not show the goroutines:\n%s", ft.msg)
			}
		})
	}
}

// fakeT records a Fatalf and stops the caller with a panic.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic("fatal")
}

//go:noinline
func hangForever() {
	fmt.Print("ready\r\n")
	time.Sleep(time.Hour)
}
