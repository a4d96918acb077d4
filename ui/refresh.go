package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// refreshEvery is how often the reader asks the database whether anyone
// else has written to it: a sync in another process, a second reader, a
// `paperboy star` from a shell. The check is one cheap pragma; only a
// change costs a requery.
const refreshEvery = 2 * time.Second

type refreshTickMsg struct{}

type refreshCheckMsg struct{ changed bool }

func (m *Model) refreshTick() tea.Cmd {
	if m.db == nil {
		return nil
	}
	return tea.Tick(refreshEvery, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

func (m Model) onRefreshTick() (tea.Model, tea.Cmd) {
	return m, m.refreshCheck()
}

// refreshCheck asks whether the data changed. The reader's first check
// runs at once and always counts as a change (store.DB.Changed), so a
// write made between the first query and the first check is not missed.
func (m *Model) refreshCheck() tea.Cmd {
	if m.db == nil {
		return nil
	}
	db, ctx := m.db, m.ctx
	return func() tea.Msg {
		changed, err := db.Changed(ctx)
		return refreshCheckMsg{changed: changed && err == nil}
	}
}

// onRefreshCheck requeries, keeping the cursor, when the data changed.
func (m Model) onRefreshCheck(msg refreshCheckMsg) (tea.Model, tea.Cmd) {
	if !msg.changed {
		return m, m.refreshTick()
	}
	return m, tea.Batch(m.refreshTick(), m.requery(true), m.loadStarCount())
}
