package ui

import (
	"context"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// writeTimeout bounds one user-state write. It is longer than the store's
// busy timeout, so a write waiting for another process's lock (a sync, an
// import) fails with the store's own message rather than this deadline.
const writeTimeout = 30 * time.Second

// writer saves the user's changes (stars, read marks, tags, notes) one at
// a time, in the order they were made, on contexts that quitting does not
// cancel. In order, so that `s s` pressed during a sync ends unstarred as
// the screen says; not cancelled, so that a star pressed just before `q`
// is saved before the reader exits (Run waits for the queue).
type writer struct {
	once    sync.Once
	queue   chan func()
	pending sync.WaitGroup
}

func (w *writer) start() {
	w.once.Do(func() {
		w.queue = make(chan func(), 1024)
		go func() {
			for f := range w.queue {
				f()
				w.pending.Done()
			}
		}()
	})
}

// do queues fn and returns a command that delivers its message once it has
// run. Call it from Update, so the queue order is the order of the keys.
func (w *writer) do(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	w.start()
	w.pending.Add(1)
	done := make(chan tea.Msg, 1)
	w.queue <- func() {
		ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
		defer cancel()
		done <- fn(ctx)
	}
	return func() tea.Msg { return <-done }
}

// wait blocks until every queued write has run, or the timeout passes.
func (w *writer) wait(timeout time.Duration) bool {
	finished := make(chan struct{})
	go func() {
		w.pending.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return true
	case <-time.After(timeout):
		return false
	}
}
