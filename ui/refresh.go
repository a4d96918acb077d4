package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// refreshEvery is how often the reader asks the database whether anyone
// else has written to it: a sync in another process, a second reader, a
// `paperboy star` from a shell. The check is one cheap pragma; only a
// change costs a requery.
const refreshEvery = 2 * time.Second

type refreshTickMsg struct{}

type refreshCheckMsg struct{ changed bool }

func refreshTick(db *store.DB) tea.Cmd {
	if db == nil {
		return nil
	}
	return tea.Tick(refreshEvery, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

// refreshCheck asks whether the data changed. The reader's first check
// runs at once and always counts as a change (store.DB.Changed), so a
// write made between the first query and the first check is not missed.
func refreshCheck(ctx context.Context, db *store.DB) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		changed, err := db.Changed(ctx)
		return refreshCheckMsg{changed: changed && err == nil}
	}
}
