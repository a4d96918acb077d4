package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SyncRun is one recorded sync.
type SyncRun struct {
	ID              int64
	Source, Request string
	Started         time.Time
	Finished        time.Time // zero while running or if it never finished
	Fetched         int
	New, Updated    int
	Err             string
}

// BeginSync records the start of a sync and returns its id.
func (db *DB) BeginSync(ctx context.Context, source, request string) (int64, error) {
	res, err := db.sql.ExecContext(ctx, `INSERT INTO syncs (source, request, started) VALUES (?, ?, ?)`,
		source, request, db.now().Unix())
	if err != nil {
		return 0, fmt.Errorf("record sync: %w", friendly(err))
	}
	return res.LastInsertId()
}

// FinishSync records how a sync ended. It runs on its own context so a
// cancelled sync is still recorded as such.
func (db *DB) FinishSync(_ context.Context, id int64, fetched int, st UpsertStats, syncErr error) error {
	msg := ""
	if syncErr != nil {
		msg = syncErr.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := db.sql.ExecContext(ctx, `UPDATE syncs SET finished = ?, fetched = ?, new = ?, updated = ?, error = ?
		WHERE id = ?`, db.now().Unix(), fetched, st.New, st.Updated, msg, id)
	if err != nil {
		return fmt.Errorf("record sync: %w", friendly(err))
	}
	return nil
}

// Syncs lists the most recent sync runs, newest first.
func (db *DB) Syncs(ctx context.Context, limit int) ([]SyncRun, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, source, request, started, finished,
		fetched, new, updated, error FROM syncs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list syncs: %w", friendly(err))
	}
	defer rows.Close()
	var out []SyncRun
	for rows.Next() {
		var (
			r        SyncRun
			started  int64
			finished sql.NullInt64
		)
		if err := rows.Scan(&r.ID, &r.Source, &r.Request, &started, &finished,
			&r.Fetched, &r.New, &r.Updated, &r.Err); err != nil {
			return nil, err
		}
		r.Started = time.Unix(started, 0)
		if finished.Valid {
			r.Finished = time.Unix(finished.Int64, 0)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
