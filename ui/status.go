package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
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

// statusBar is the bottom line: the state of the sync (a spinner while it
// runs, then its outcome) and, for a few seconds, the last action's
// confirmation or error.
type statusBar struct {
	st        styles
	spin      spinner.Model
	syncing   bool
	syncLine  string // persistent: progress or the outcome of the last sync
	syncKind  statusKind
	flash     string // transient: confirmations and errors of actions
	flashKind statusKind
	flashSeq  int
}

func newStatusBar(st styles) statusBar {
	return statusBar{st: st, spin: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// setFlash shows a short message for a few seconds.
func (s *statusBar) setFlash(text string, kind statusKind) tea.Cmd {
	s.flashSeq++
	s.flash, s.flashKind = safetext.ScreenLine(text), kind
	seq := s.flashSeq
	return tea.Tick(flashTime, func(time.Time) tea.Msg { return clearFlashMsg{seq: seq} })
}

func (s *statusBar) clearFlash(msg clearFlashMsg) {
	if msg.seq == s.flashSeq {
		s.flash = ""
	}
}

// setSync is the sync's lasting line.
func (s *statusBar) setSync(line string, kind statusKind) { s.syncLine, s.syncKind = line, kind }

// tick turns the spinner while a sync runs.
func (s *statusBar) tick(msg spinner.TickMsg) tea.Cmd {
	if !s.syncing {
		return nil
	}
	var cmd tea.Cmd
	s.spin, cmd = s.spin.Update(msg)
	return cmd
}

func (s *statusBar) style(k statusKind) lipgloss.Style {
	switch k {
	case statusOK:
		return s.st.StatusOK
	case statusError:
		return s.st.StatusError
	}
	return s.st.StatusInfo
}

// view is the line: the message on the left (the last action's, the
// sync's, else what the pane on screen has to say: context); sort, stars
// and the help key on the right, which shrink, then go, when the message
// needs the room.
func (s *statusBar) view(w int, sortName string, stars int, context string) string {
	var left string
	style := s.st.StatusInfo
	switch {
	case s.flash != "":
		left = s.flash
		style = s.style(s.flashKind)
	case s.syncing:
		left = s.spin.View() + " " + s.syncLine
	case context != "":
		left = context
	case s.syncLine != "":
		left = s.syncLine
		style = s.style(s.syncKind)
	}
	if s.flash != "" && s.syncing {
		left = s.spin.View() + " " + s.flash
	}
	lw := ansiWidth(left) + 2
	right := ""
	for _, r := range []string{
		fmt.Sprintf("sort: %s · ★ %d · ? help ", sortName, stars),
		fmt.Sprintf("%s · ★ %d ", sortName, stars),
		fmt.Sprintf("★ %d ", stars),
	} {
		if lw+ansiWidth(r) <= w {
			right = r
			break
		}
	}
	lw = w - ansiWidth(right)
	return style.Render(fit(" "+left, lw)) + s.st.Status.Render(right)
}

// Syncing: the Sync function runs in a goroutine; its progress and its end
// come back as messages through a channel, one read at a time.

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

// runSync starts a sync; the reader matches its messages by id.
func runSync(ctx context.Context, id int, sync func(context.Context, func(SyncProgress)) (SyncResult, error)) tea.Cmd {
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
	return waitSync(ch)
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

// progressLine is what a progress report says in the status line.
func progressLine(p SyncProgress) string {
	line := "syncing…"
	if p.Message != "" {
		line = "syncing… " + safetext.ScreenLine(p.Message)
	}
	if p.New > 0 {
		line += fmt.Sprintf(" %d new", p.New)
	}
	if p.Updated > 0 {
		line += fmt.Sprintf(" %d updated", p.Updated)
	}
	return line
}

// headerView is the top line: the name, the active filter and the position.
func headerView(st styles, w int, desc, position string) string {
	left := " paperboy"
	if desc == "" {
		desc = "All papers"
	}
	right := position + " "
	mid := "  " + desc
	room := w - ansiWidth(left) - ansiWidth(right) - 1
	if room < 4 {
		return st.Header.Render(fit(left+mid, w))
	}
	mid = fit(mid, room)
	return st.HeaderApp.Render(left) + st.Header.Render(mid+" "+right)
}

// sampleCmd loads the bundled sample into an empty database.
func sampleCmd(ctx context.Context, db *store.DB, load func(context.Context) (int, error)) tea.Cmd {
	return func() tea.Msg {
		n, err := db.CountPapers(ctx)
		if err != nil || n > 0 {
			return nil
		}
		n, err = load(ctx)
		return sampleMsg{n: n, err: err}
	}
}

// sampleLine is the status after the bundled sample was loaded.
func sampleLine(prev string, n int) string {
	prefix := "offline"
	if !strings.HasPrefix(prev, "offline") {
		prefix = "sync failed"
	}
	return fmt.Sprintf("%s: showing the bundled sample (%d papers), r to retry", prefix, n)
}
