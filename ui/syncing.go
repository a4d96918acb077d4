package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// startSync runs the Sync function in the background.
func (m *Model) startSync() tea.Cmd {
	if m.opts.Sync == nil || m.status.syncing {
		return nil
	}
	m.syncID++
	m.status.syncing = true
	m.status.setSync("syncing…", statusInfo)
	ctx, cancel := context.WithCancel(m.ctx)
	m.syncCancel = cancel
	return tea.Batch(m.status.spin.Tick, runSync(ctx, m.syncID, m.opts.Sync))
}

func (m Model) onSyncDone(msg syncDoneMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.syncID {
		return m, nil
	}
	m.status.syncing = false
	if m.syncCancel != nil {
		m.syncCancel()
		m.syncCancel = nil
	}
	err := msg.err
	var line string
	switch {
	case err == nil:
		line = fmt.Sprintf("synced: %d new, %d updated", msg.res.New, msg.res.Updated)
		if msg.res.New == 0 && msg.res.Updated == 0 {
			line = "up to date"
		}
		m.status.setSync(line, statusOK)
		if msg.res.New > 0 {
			m.staleRankings() // new papers to suggest
		}
		return m, tea.Batch(m.requery(true), starCountCmd(m.ctx, m.db), versionsCmd(m.ctx, m.db))
	case errors.Is(err, context.Canceled):
		m.status.setSync("sync cancelled", statusInfo)
		return m, nil
	case m.opts.IsOffline != nil && m.opts.IsOffline(err):
		line = "offline: showing cached papers, r to retry"
	default:
		line = "sync failed: " + safetext.ScreenLine(err.Error()) + " (r to retry)"
	}
	m.status.setSync(line, statusError)
	if m.opts.LoadSample != nil && m.db != nil {
		return m, sampleCmd(m.ctx, m.db, m.opts.LoadSample)
	}
	return m, nil
}

// versionsMsg carries the starred papers arXiv has a new version of.
type versionsMsg struct {
	notices []store.VersionNotice
	err     error
}

// versionsCmd asks for the starred papers with a new version, at start
// and after each sync.
func versionsCmd(ctx context.Context, db *store.DB) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		ns, err := db.VersionNotices(ctx, time.Time{})
		return versionsMsg{notices: ns, err: err}
	}
}

// versionsNotice is what the status line says of the notices ("v3 of a
// starred paper: …"), and the command that forgets them once said.
func versionsNotice(msg versionsMsg, db *store.DB, writes *writer) (string, tea.Cmd) {
	if msg.err != nil || len(msg.notices) == 0 {
		return "", nil
	}
	n := msg.notices[0]
	text := fmt.Sprintf("v%d of a starred paper: %s", n.New, n.Title)
	if len(msg.notices) > 1 {
		text = fmt.Sprintf("new versions of %d starred papers (v%d of %s…)", len(msg.notices), n.New, n.Title)
	}
	ids := make([]string, len(msg.notices))
	for i, n := range msg.notices {
		ids[i] = n.ID
	}
	return text, writes.do(func(ctx context.Context) tea.Msg {
		if err := db.DismissVersionNotices(ctx, ids...); err != nil {
			return flashMsg{text: err.Error(), kind: statusError}
		}
		return nil
	})
}
