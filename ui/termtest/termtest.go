// Package termtest drives a program in a terminal for end-to-end tests,
// the way net/http/httptest serves HTTP for them. It is test support, not
// part of the reader, and imports nothing of it.
//
// Two back-ends offer one [Terminal]:
//
//   - [NewTmux] runs the program in a tmux pane: a real terminal emulator,
//     so [Terminal.Screen] is what a person would see (capture-pane).
//   - [NewPty] runs it on a bare pseudo-terminal and reads the output
//     stream as it comes, with the time each piece arrived, for timings;
//     its Screen is that stream as text (see [Pty.Screen]).
//
// Keys are named as tmux names them ("Enter", "Escape", "Space", "C-c",
// "PageDown", "Up", ...); anything else is sent as literal text.
package termtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// DefaultTimeout is how long the waits wait when Options.Timeout is 0.
const DefaultTimeout = 10 * time.Second

// Options say how to start the program.
type Options struct {
	Env           []string // the program's whole environment
	Width, Height int      // the terminal's size; 0 means 80x24
	// Timeout bounds WaitFor, WaitText and WaitGone; 0 means DefaultTimeout.
	Timeout time.Duration
	// Silent makes a Pty a terminal that answers no query (some
	// multiplexers, serial consoles, editors' terminals); Background is
	// the colour a Pty that answers gives for its background
	// ("rgb:RRRR/GGGG/BBBB"; "" is black).
	Silent     bool
	Background string
}

func (o Options) size() (int, int) {
	w, h := o.Width, o.Height
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	return w, h
}

// Terminal is a program running in a terminal.
type Terminal interface {
	// Keys sends keys: tmux key names or literal text.
	Keys(keys ...string)
	// Type sends text as typed, never read as key names.
	Type(text string)
	// Screen is what the terminal shows now.
	Screen() string
	// WaitFor polls the screen until ok accepts it and returns that
	// screen; after the timeout it fails the test with what it waited
	// for and the last screen.
	WaitFor(what string, ok func(screen string) bool) string
	// WaitText waits for text to be on the screen.
	WaitText(text string) string
	// WaitGone waits for text to leave the screen.
	WaitGone(text string) string
	// WaitAll waits for every one of texts to be on one screen. A test
	// that checks several things on a screen waits for them all: a
	// screen read while a frame is being drawn holds only part of it.
	WaitAll(texts ...string) string
	// Resize changes the terminal's size; the program gets SIGWINCH.
	Resize(width, height int)
	// Raw is every byte the program has written to the terminal.
	Raw() []byte
	// Wait waits up to d for the program to end and returns its exit
	// status (128+n for a signal n) and whether it ended.
	Wait(d time.Duration) (status int, exited bool)
	// ExitWithin waits up to d for the program to end and returns its
	// exit status. If it hangs, it fails the test with the program's
	// goroutines: SIGQUIT makes the Go runtime print them.
	ExitWithin(d time.Duration) int
	// Close ends the program if it still runs and frees the terminal.
	// It runs at the test's cleanup too.
	Close()
}

// waiter implements the waits over a back-end's screen.
type waiter struct {
	t       testing.TB
	timeout time.Duration
	screen  func() string
	// show is the screen as a failure message shows it.
	show func() string
}

func newWaiter(t testing.TB, timeout time.Duration, screen, show func() string) waiter {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return waiter{t: t, timeout: timeout, screen: screen, show: show}
}

// pollEvery is how often the waits look at the screen.
const pollEvery = 20 * time.Millisecond

func (w waiter) WaitFor(what string, ok func(screen string) bool) string {
	w.t.Helper()
	deadline := time.Now().Add(w.timeout)
	for {
		s := w.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("waiting %v for %s; screen:\n%s", w.timeout, what, w.show())
			return s
		}
		time.Sleep(pollEvery)
	}
}

func (w waiter) WaitText(text string) string {
	w.t.Helper()
	return w.WaitFor(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

func (w waiter) WaitAll(texts ...string) string {
	w.t.Helper()
	return w.WaitFor(fmt.Sprintf("%q", texts), func(s string) bool {
		for _, text := range texts {
			if !strings.Contains(s, text) {
				return false
			}
		}
		return true
	})
}

func (w waiter) WaitGone(text string) string {
	w.t.Helper()
	return w.WaitFor(fmt.Sprintf("%q to go", text), func(s string) bool { return !strings.Contains(s, text) })
}

// until polls cond every pollEvery until it holds or d has passed.
func until(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollEvery)
	}
}

// dumpWait is how long a hung program gets to print its goroutines after
// SIGQUIT.
const dumpWait = 5 * time.Second

// waitRead waits until the program has read everything sent to tty, so
// that the next key comes in a read of its own, as a person's keys do
// (Bubble Tea turns runes read together into one key message). It reports
// false if the program did not read within d.
func waitRead(tty string, d time.Duration) bool {
	return until(d, func() bool {
		n, err := pendingInput(tty)
		return err != nil || n == 0
	})
}
