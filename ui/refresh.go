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
var refreshEvery = 2 * time.Second

// refreshCheckMsg says whether the data changed since the last check.
type refreshCheckMsg struct{ changed bool }

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

// watchChanges checks every interval, off the update loop, and sends a
// message only when the data changed or a check failed (the model then
// starts the next watch). A reader left open does nothing between
// changes: no message, so no update and no new frame every interval.
func watchChanges(ctx context.Context, db *store.DB, every time.Duration) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		t := time.NewTimer(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
			changed, err := db.Changed(ctx)
			if ctx.Err() != nil {
				return nil // the reader is closing: a check it cut short is no failure
			}
			if changed || err != nil {
				return refreshCheckMsg{changed: changed && err == nil}
			}
			t.Reset(every)
		}
	}
}
