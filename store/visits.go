package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// newSince is the condition of the papers first seen since the reader's
// previous visit; none before the first.
const newSince = `p.first_seen > coalesce((SELECT at FROM visits WHERE name = 'previous'), 9223372036854775807)`

// RecordVisit notes that the reader opens now: the last visit becomes the
// previous one, which "new since last visit" counts from, and it is
// returned (zero on the first visit).
func (db *DB) RecordVisit(ctx context.Context) (time.Time, error) {
	now := db.now().Unix()
	var prev sql.NullInt64
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT at FROM visits WHERE name = 'last'`).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if prev.Valid {
			if _, err := tx.ExecContext(ctx, `INSERT INTO visits (name, at) VALUES ('previous', ?)
				ON CONFLICT (name) DO UPDATE SET at = excluded.at`, prev.Int64); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO visits (name, at) VALUES ('last', ?)
			ON CONFLICT (name) DO UPDATE SET at = excluded.at`, now)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("record visit: %w", friendly(err))
	}
	if !prev.Valid {
		return time.Time{}, nil
	}
	return time.Unix(prev.Int64, 0), nil
}

// PreviousVisit is when the reader was opened before the current visit
// (zero when never).
func (db *DB) PreviousVisit(ctx context.Context) (time.Time, error) {
	var at int64
	err := db.sql.QueryRowContext(ctx, `SELECT at FROM visits WHERE name = 'previous'`).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read visits: %w", friendly(err))
	}
	return time.Unix(at, 0), nil
}

// LastRecentSync is when the last sync of the recent days' daily papers
// (fetch's HFRecent, request "daily FIRST..LAST", what a plain sync and
// the reader fetch) that ended without an error started; zero when none
// did. A search, a single day or the trending list do not count: they
// leave the days between unfetched.
func (db *DB) LastRecentSync(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT max(started) FROM syncs
		WHERE source = ? AND request LIKE 'daily %..%' AND finished IS NOT NULL AND error = ''`, SourceHF).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("read sync log: %w", friendly(err))
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0), nil
}
