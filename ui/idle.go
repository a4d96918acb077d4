package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// idleAfter is how long after the last key or click the reader counts as
// idle and hands back the memory its queries freed (Options.ReleaseMemory).
var idleAfter = 3 * time.Second

// idleMsg is the idle check: at most one is ever scheduled.
type idleMsg struct{}

// idleState follows the user's input for the idle release.
type idleState struct {
	lastInput time.Time
	pending   bool // an idle check is scheduled
	released  bool // memory was handed back since the last input
}

func idleTick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return idleMsg{} })
}

// noteInput records a key or click and schedules the idle check unless
// one already is: held keys cost no timer each.
func (m *Model) noteInput() tea.Cmd {
	if m.opts.ReleaseMemory == nil {
		return nil
	}
	m.idle.lastInput, m.idle.released = time.Now(), false
	if m.idle.pending {
		return nil
	}
	m.idle.pending = true
	return idleTick(idleAfter)
}

// onIdle releases memory once the last input is idleAfter old, and looks
// again later when input came since the check was scheduled.
func (m Model) onIdle() (Model, tea.Cmd) {
	m.idle.pending = false
	if m.idle.released || m.opts.ReleaseMemory == nil {
		return m, nil
	}
	if wait := idleAfter - time.Since(m.idle.lastInput); wait > 0 {
		m.idle.pending = true
		return m, idleTick(wait)
	}
	m.idle.released = true
	release := m.opts.ReleaseMemory
	return m, func() tea.Msg {
		release()
		return nil
	}
}
