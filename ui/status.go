package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusError
)

// flashTime is how long an action's confirmation stays in the status line.
const flashTime = 4 * time.Second

type flashMsg struct {
	text string
	kind statusKind
}

type clearFlashMsg struct{ seq int }

// setFlash shows a short message in the status line for a few seconds.
func (m *Model) setFlash(text string, kind statusKind) tea.Cmd {
	m.flashSeq++
	m.flash, m.flashKind = safetext.ScreenLine(text), kind
	seq := m.flashSeq
	return tea.Tick(flashTime, func(time.Time) tea.Msg { return clearFlashMsg{seq: seq} })
}

// Syncing.

type syncProgressMsg struct {
	id int
	p  SyncProgress
	ch <-chan tea.Msg
}

type syncDoneMsg struct {
	id  int
	res SyncResult
	err error
}

type sampleMsg struct {
	n   int
	err error
}

// startSync runs the Sync function in the background; its progress and
// its end come back as messages through a channel, one read at a time.
func (m *Model) startSync() tea.Cmd {
	if m.opts.Sync == nil || m.syncing {
		return nil
	}
	m.syncID++
	m.syncing = true
	m.syncLine, m.syncKind = "syncing…", statusInfo
	ctx, cancel := context.WithCancel(m.ctx)
	m.syncCancel = cancel
	id, sync := m.syncID, m.opts.Sync
	ch := make(chan tea.Msg, 8)
	go func() {
		defer close(ch)
		res, err := sync(ctx, func(p SyncProgress) {
			select {
			case ch <- syncProgressMsg{id: id, p: p, ch: ch}:
			default: // the reader is behind: skip this report, a newer one follows
			}
		})
		select {
		case ch <- syncDoneMsg{id: id, res: res, err: err}:
		case <-ctx.Done():
		}
	}()
	return tea.Batch(m.spin.Tick, waitSync(ch))
}

func waitSync(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (m Model) onSyncProgress(msg syncProgressMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.syncID {
		return m, nil
	}
	line := "syncing…"
	if msg.p.Message != "" {
		line = "syncing… " + safetext.ScreenLine(msg.p.Message)
	}
	if msg.p.New > 0 {
		line += fmt.Sprintf(" %d new", msg.p.New)
	}
	if msg.p.Updated > 0 {
		line += fmt.Sprintf(" %d updated", msg.p.Updated)
	}
	m.syncLine = line
	cmds := []tea.Cmd{waitSync(msg.ch)}
	if msg.p.New > 0 && m.list.countGen == m.list.gen && m.list.total == 0 {
		// An empty list fills as soon as papers arrive.
		cmds = append(cmds, m.requery(true))
	}
	return m, tea.Batch(cmds...)
}

func (m Model) onSyncDone(msg syncDoneMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.syncID {
		return m, nil
	}
	m.syncing = false
	if m.syncCancel != nil {
		m.syncCancel()
		m.syncCancel = nil
	}
	err := msg.err
	switch {
	case err == nil:
		m.syncLine, m.syncKind = fmt.Sprintf("synced: %d new, %d updated", msg.res.New, msg.res.Updated), statusOK
		if msg.res.New == 0 && msg.res.Updated == 0 {
			m.syncLine = "up to date"
		}
		return m, tea.Batch(m.requery(true), m.loadStarCount())
	case errors.Is(err, context.Canceled):
		m.syncLine, m.syncKind = "sync cancelled", statusInfo
		return m, nil
	case m.opts.IsOffline != nil && m.opts.IsOffline(err):
		m.syncLine, m.syncKind = "offline: showing cached papers, r to retry", statusError
		if m.opts.LoadSample != nil && m.db != nil {
			return m, m.loadSampleIfEmpty()
		}
		return m, nil
	default:
		m.syncLine, m.syncKind = "sync failed: "+safetext.ScreenLine(err.Error())+" (r to retry)", statusError
		if m.opts.LoadSample != nil && m.db != nil {
			return m, m.loadSampleIfEmpty()
		}
		return m, nil
	}
}

// loadSampleIfEmpty loads the bundled sample into an empty database.
func (m *Model) loadSampleIfEmpty() tea.Cmd {
	db, ctx, load := m.db, m.ctx, m.opts.LoadSample
	return func() tea.Msg {
		n, err := db.CountPapers(ctx)
		if err != nil || n > 0 {
			return nil
		}
		n, err = load(ctx)
		return sampleMsg{n: n, err: err}
	}
}

func (m Model) onSample(msg sampleMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setFlash("could not load the sample: "+msg.err.Error(), statusError)
	}
	prefix := "offline"
	if !strings.HasPrefix(m.syncLine, "offline") {
		prefix = "sync failed"
	}
	m.syncLine = fmt.Sprintf("%s: showing the bundled sample (%d papers), r to retry", prefix, msg.n)
	return m, m.requery(false)
}

// headerView is the top line: the name, the active filter and the position.
func (m *Model) headerView(w int) string {
	left := " paperboy"
	desc := m.filterDescription()
	if desc == "" {
		desc = "All papers"
	}
	right := m.position() + " "
	mid := "  " + desc
	room := w - ansiWidth(left) - ansiWidth(right) - 1
	if room < 4 {
		return m.st.Header.Render(fit(left+mid, w))
	}
	mid = fit(mid, room)
	return m.st.HeaderApp.Render(left) + m.st.Header.Render(mid+" "+right)
}

// statusView is the bottom line: sync state or the last action on the
// left; sort, stars and the help key on the right.
func (m *Model) statusView(w int) string {
	st := m.st
	var left string
	var style = st.StatusInfo
	switch {
	case m.flash != "":
		left = m.flash
		style = kindStyle(m, m.flashKind)
	case m.syncing:
		left = m.spin.View() + " " + m.syncLine
	case m.syncLine != "":
		left = m.syncLine
		style = kindStyle(m, m.syncKind)
	}
	if m.flash != "" && m.syncing {
		left = m.spin.View() + " " + m.flash
	}
	// The message matters more than the sort and star count: those
	// shrink, then go, when the message needs the room.
	lw := ansiWidth(left) + 2
	right := ""
	for _, r := range []string{
		fmt.Sprintf("sort: %s · ★ %d · ? help ", m.sort, m.starCount),
		fmt.Sprintf("%s · ★ %d ", m.sort, m.starCount),
		fmt.Sprintf("★ %d ", m.starCount),
	} {
		if lw+ansiWidth(r) <= w {
			right = r
			break
		}
	}
	lw = w - ansiWidth(right)
	return style.Render(fit(" "+left, lw)) + st.Status.Render(right)
}

func kindStyle(m *Model, k statusKind) lipgloss.Style {
	switch k {
	case statusOK:
		return m.st.StatusOK
	case statusError:
		return m.st.StatusError
	}
	return m.st.StatusInfo
}
