package ui

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// screen is the model the program runs: the reader's Model, with what
// only a live terminal needs around it: its frames go through a
// frameMemo, and each key or click restarts the idle timer that hands
// memory back. Tests drive Model itself and see its frames as drawn.
type screen struct {
	Model
	frames *frameMemo
	idle   *idleRelease
}

func newScreen(m Model, release func()) screen {
	return screen{Model: m, frames: &frameMemo{}, idle: newIdleRelease(idleAfter, release)}
}

func (s screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		s.idle.input()
	}
	next, cmd := s.Model.Update(msg)
	s.Model = next.(Model)
	return s, cmd
}

func (s screen) View() string { return s.frames.vary(s.Model.View()) }

// frameMemo keeps Bubble Tea v1's renderer from working while the reader
// is idle. The renderer holds the latest frame in a buffer and, at every
// tick of the frame rate, compares it with the frame on screen; only a
// frame that differs is written out and the buffer emptied. After a
// message that leaves the screen as it was (a lookup that found what is
// already shown, a count that did not move), the buffer stays full, and
// the renderer copies and compares the whole frame 120 times a second
// until the next key: a quarter of the idle reader's CPU and a garbage
// collection every few seconds, for nothing.
//
// So a frame equal to the previous one goes out with its last line ending
// in a style reset, or without it if the previous one had it. The
// renderer sees a change, rewrites that one line (the same characters in
// the same colours) and empties its buffer, and the ticks that follow
// find nothing to do.
type frameMemo struct {
	last   string // the previous frame as the reader drew it
	marked bool   // whether it went out with the reset
}

// frameMark is the reset a repeated frame alternately carries: it changes
// the bytes of the last line and nothing the terminal shows.
const frameMark = "\x1b[m"

func (f *frameMemo) vary(frame string) string {
	if f == nil || frame == "" {
		return frame
	}
	if frame != f.last {
		f.last, f.marked = frame, false
		return frame
	}
	f.marked = !f.marked
	if f.marked {
		return frame + frameMark
	}
	return frame
}

// idleAfter is how long after the last key or click the reader counts as
// idle and hands back the memory its queries freed.
var idleAfter = 3 * time.Second

// idleRelease calls release once the reader has been idle for a while:
// after start-up, and again after each spell of input. The timer runs
// beside the program and sends it nothing, so an idle reader stays
// without updates and frames.
type idleRelease struct {
	after   time.Duration
	release func()

	mu    sync.Mutex
	timer *time.Timer
	armed bool // a release is due once the timer fires
}

func newIdleRelease(after time.Duration, release func()) *idleRelease {
	r := &idleRelease{after: after, release: release}
	r.input()
	return r
}

// input restarts the wait; a held key costs a timer reset, nothing more.
func (r *idleRelease) input() {
	if r == nil || r.release == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.armed = true
	if r.timer == nil {
		r.timer = time.AfterFunc(r.after, r.fire)
		return
	}
	r.timer.Reset(r.after)
}

func (r *idleRelease) fire() {
	r.mu.Lock()
	due := r.armed
	r.armed = false
	r.mu.Unlock()
	if due {
		r.release()
	}
}

// pending reports whether a release is waiting for the idle time to pass.
func (r *idleRelease) pending() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.armed
}

// stop cancels a release still waiting: the reader is closing.
func (r *idleRelease) stop() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.armed = false
	if r.timer != nil {
		r.timer.Stop()
	}
}
