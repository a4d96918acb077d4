package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The recent index (migration 14) is a second search index holding only
// the newest papers: every indexed paper from recent_index.from_pid on.
// A search wants the newest matches first (Papers sorts the newest
// searchCandidates matches), and when the newest papers hold that many,
// they are the answer: the recent index's lists are a tenth or less of the
// whole index's, so a common word or a short prefix costs a tenth too.
// Otherwise the whole index answers, and then the word is rare enough
// that its list is short. Either way the result is the same papers.
//
// Triggers keep it in step with papers; TendRecentIndex keeps its size,
// filling it from the newest paper down (after the migration it starts
// empty) and letting the oldest go once it holds twice recentSize.

// recentSize is how many of the newest papers the recent index holds at
// least; a variable so that tests can make it small.
var recentSize = 100000

// recentBatch is how many papers a step of TendRecentIndex adds or lets
// go, in one transaction: about a second of writing.
var recentBatch = 5000

// TendRecentIndex brings the recent index to the newest recentSize papers
// (all of a smaller library), a batch per transaction: at once when it
// holds fewer, only when it holds more than twice as many otherwise, so
// that a sync adding papers does not make it move.
func (db *DB) TendRecentIndex(ctx context.Context) error {
	from, target, err := db.recentBounds(ctx, db.sql)
	if err != nil {
		return err
	}
	if from <= target && from >= target-int64(recentSize) {
		return nil // between once and twice recentSize
	}
	for {
		moved, err := db.tendRecentStep(ctx)
		if err != nil {
			return fmt.Errorf("tend the recent search index: %w", friendly(err))
		}
		if !moved {
			return nil
		}
	}
}

// queryer is a database or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// recentBounds is the recent index's first pid and the one it should
// start from.
func (db *DB) recentBounds(ctx context.Context, q queryer) (from, target int64, err error) {
	var top int64
	if err := q.QueryRowContext(ctx, `SELECT from_pid, (SELECT coalesce(max(pid), 0) FROM papers) FROM recent_index`).
		Scan(&from, &top); err != nil {
		return 0, 0, fmt.Errorf("read the recent search index: %w", friendly(err))
	}
	return from, max(top-int64(recentSize)+1, 1), nil
}

// tendRecentStep moves the recent index's start one batch towards where
// it should be, reporting whether it moved.
func (db *DB) tendRecentStep(ctx context.Context) (moved bool, err error) {
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		from, target, err := db.recentBounds(ctx, tx)
		if err != nil {
			return err
		}
		var to int64
		switch {
		case from > target: // too few: index the next older papers
			to = max(target, from-int64(recentBatch))
			if _, err := tx.ExecContext(ctx, `INSERT INTO recent_fts(rowid, title, abstract, authors, keywords)
				SELECT pid, title, abstract, authors, keywords FROM papers WHERE indexed AND pid >= ? AND pid < ?`, to, from); err != nil {
				return err
			}
		case from < target: // too many: let the oldest go
			to = min(target, from+int64(recentBatch))
			if _, err := tx.ExecContext(ctx, `DELETE FROM recent_fts WHERE rowid IN
				(SELECT pid FROM papers WHERE indexed AND pid >= ? AND pid < ?)`, from, to); err != nil {
				return err
			}
		default:
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recent_index SET from_pid = ?`, to); err != nil {
			return err
		}
		moved = true
		return nil
	})
	return moved, err
}

// search reads a window of a plain search (words alone, no other
// condition). Ranking a match costs several microseconds (its document
// sizes and positions are read), which a million papers turn into a
// second per keystroke; so the sort only sees the most recently added
// matches (the index reads them newest first and stops): exact for a
// search with fewer matches, the newest papers' best matches for a common
// word on a huge database. The recent index answers when it holds that
// many candidates; otherwise the whole index does. It returns the index
// that answered.
func (db *DB) search(ctx context.Context, f Filter, c *compiled, offset, limit int) ([]ListItem, string, error) {
	cand := max(searchCandidates, 4*(offset+limit))
	items, held, err := db.searchIn(ctx, "recent_fts", f, c, cand, offset, limit)
	if err != nil || held == cand {
		return items, "recent_fts", err
	}
	items, _, err = db.searchIn(ctx, "papers_fts", f, c, cand, offset, limit)
	return items, "papers_fts", err
}

// searchIn reads the window from one index's newest cand matches, and
// how many of them the index held (cand at most); held is 0 when the
// window is empty, which cand matches would never leave it (cand is well
// past the window's end).
//
// The candidates are sorted in two steps: their sort keys come from the
// papers_sort_keys index, so only the window's rows are read whole.
func (db *DB) searchIn(ctx context.Context, index string, f Filter, c *compiled, cand, offset, limit int) ([]ListItem, int, error) {
	rank := "0"
	if f.Sort == SortRelevance {
		rank = "rank"
	}
	args := []any{c.match, cand}
	inner := f.orderBy(c, &args)
	args = append(args, limit, offset)
	outer := f.orderBy(c, &args)
	q := `WITH cand AS MATERIALIZED (SELECT rowid, ` + rank + ` AS rank FROM ` + index + `
			WHERE ` + index + ` MATCH ? ORDER BY rowid DESC LIMIT ?)
		SELECT ` + listColumns + `, (SELECT count(*) FROM cand) FROM
			(SELECT p.pid AS pid, f.rank AS rank FROM cand f
				JOIN papers p INDEXED BY papers_sort_keys ON p.pid = f.rowid
				ORDER BY ` + inner + ` LIMIT ? OFFSET ?) f
		JOIN papers p ON p.pid = f.pid LEFT JOIN user_state u ON u.id = p.id
		ORDER BY ` + outer
	held := 0 // the same in every row
	items, err := db.scanRows(ctx, "search", q, args, limit, func(*ListItem) []any { return []any{&held} })
	return items, held, err
}
