package store

import (
	"context"
	"database/sql"
	"fmt"
)

// PendingIndex is the number of papers not yet in the search index (left
// by a bulk import, or by one that was interrupted).
func (db *DB) PendingIndex(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM papers WHERE indexed = 0`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count unindexed papers: %w", friendly(err))
	}
	return n, nil
}

// IndexBatch is how many papers IndexPending indexes per transaction.
const IndexBatch = 20000

// IndexPending adds every paper written by ImportPapers to the search
// index, IndexBatch papers per transaction, so an interruption keeps the
// work done and the next call finishes it. progress, when not nil, gets
// the number indexed so far and the total.
func (db *DB) IndexPending(ctx context.Context, progress func(done, total int)) (err error) {
	total, err := db.PendingIndex(ctx)
	if err != nil || total == 0 {
		return err
	}
	// The recent index starts where the newest papers will be once these
	// are in, so that a bulk import writes it for those only.
	if err := db.TendRecentIndex(ctx); err != nil {
		return err
	}
	defer func() {
		if err == nil {
			err = db.TendRecentIndex(ctx)
		}
	}()
	done := 0
	for {
		var n int64
		err := db.withTx(ctx, func(tx *sql.Tx) error {
			var upTo sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT max(pid) FROM (SELECT pid FROM papers
				WHERE indexed = 0 ORDER BY pid LIMIT ?)`, IndexBatch).Scan(&upTo); err != nil {
				return err
			}
			if !upTo.Valid {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO papers_fts(rowid, title, abstract, authors, keywords)
				SELECT pid, title, abstract, authors, keywords FROM papers
				WHERE indexed = 0 AND pid <= ?`, upTo.Int64); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO recent_fts(rowid, title, abstract, authors, keywords)
				SELECT pid, title, abstract, authors, keywords FROM papers
				WHERE indexed = 0 AND pid <= ? AND pid >= (SELECT from_pid FROM recent_index)`, upTo.Int64); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE papers SET indexed = 1 WHERE indexed = 0 AND pid <= ?`, upTo.Int64)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return fmt.Errorf("index papers for search: %w", friendly(err))
		}
		if n == 0 {
			return nil
		}
		done += int(n)
		if progress != nil {
			progress(min(done, total), total)
		}
	}
}

// IndexInBackground indexes, in a goroutine, the papers an interrupted
// import left out of the search index, a batch per transaction. The
// function it returns stops it between batches and waits for it.
func (db *DB) IndexInBackground(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if n, err := db.PendingIndex(ctx); err == nil && n > 0 {
			db.IndexPending(ctx, nil)
		}
		// After an upgrade the recent index fills here, newest first.
		db.TendRecentIndex(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
