package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Request budgets: a remote service's rate limit counted across every
// paperboy that uses this database, so that the reader and a cron sync
// running at once stay within it together, and wait together when the
// service says too many requests. Times are the wall clock in
// milliseconds, whatever the store's clock says.

// TakeRequest counts a request of budget name that may start now: when
// fewer than n of its requests started in the last per, it records this
// one and returns 0; else it records nothing and returns how long to wait
// before asking again (until the oldest of the n leaves the window, or
// until the budget's hold ends).
func (db *DB) TakeRequest(ctx context.Context, name string, n int, per time.Duration) (time.Duration, error) {
	var wait time.Duration
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		now := time.Now().UnixMilli()
		var until int64
		err := tx.QueryRowContext(ctx, `SELECT until FROM request_holds WHERE name = ?`, name).Scan(&until)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if until > now {
			wait = time.Duration(until-now) * time.Millisecond
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM request_log WHERE name = ? AND at <= ?`, name, now-per.Milliseconds()); err != nil {
			return err
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM request_log WHERE name = ?`, name).Scan(&count); err != nil {
			return err
		}
		if count >= n {
			// The request that must leave the window for this one to fit.
			var at int64
			if err := tx.QueryRowContext(ctx, `SELECT at FROM request_log WHERE name = ? ORDER BY at LIMIT 1 OFFSET ?`,
				name, count-n).Scan(&at); err != nil {
				return err
			}
			wait = max(time.Duration(at+per.Milliseconds()-now)*time.Millisecond, time.Millisecond)
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO request_log (name, at) VALUES (?, ?)`, name, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("request budget %s: %w", name, friendly(err))
	}
	return wait, nil
}

// HoldRequests makes every request of budget name wait until until (a
// later hold wins).
func (db *DB) HoldRequests(ctx context.Context, name string, until time.Time) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO request_holds (name, until) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET until = max(until, excluded.until)`, name, until.UnixMilli())
	if err != nil {
		return fmt.Errorf("hold requests of %s: %w", name, friendly(err))
	}
	return nil
}
