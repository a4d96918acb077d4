package store

import (
	"context"
	"database/sql"
	"sync"
)

// watcher holds the one connection whose PRAGMA data_version tells when
// anyone else (another paperboy, or another connection of this one) has
// committed: the value is per connection, so it must always be read on
// the same one.
type watcher struct {
	mu   sync.Mutex
	conn *sql.Conn
	last int64
}

// Changed reports whether the database has been written since the
// previous call, by another process or another connection of this one.
// The first call reports true: with nothing to compare against, whatever
// the caller read before it may already be stale. It is one cheap pragma,
// made for polling: the reader calls it every few seconds to show what a
// sync or a second reader has written.
func (db *DB) Changed(ctx context.Context) (bool, error) {
	w := &db.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	first := false
	if w.conn == nil {
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return false, friendly(err)
		}
		w.conn, first = conn, true
	}
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		w.conn.Close()
		w.conn = nil
		return false, friendly(err)
	}
	changed := first || v != w.last
	w.last = v
	return changed, nil
}

func (w *watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}
