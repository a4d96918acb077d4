package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// HistoryPoint is one row of a paper's history: its counts as a sync saw
// them change.
type HistoryPoint struct {
	At          time.Time
	Upvotes     int
	Comments    int
	GitHubStars int
}

// GainWindow is the span the rising sort and Upvotes24h measure gains over.
const GainWindow = 24 * time.Hour

// SetClock makes now the store's idea of the present: the time history
// rows are written at and gains are measured to. nil restores time.Now.
func (db *DB) SetClock(now func() time.Time) { db.clock = now }

// Now is the store's present (see SetClock).
func (db *DB) Now() time.Time { return db.now() }

// History is a paper's history of counts, oldest first.
func (db *DB) History(ctx context.Context, id string) ([]HistoryPoint, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return nil, err
	}
	return db.history(ctx, nid)
}

func (db *DB) history(ctx context.Context, nid string) ([]HistoryPoint, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT h.at, h.upvotes, h.comments, h.github_stars
		FROM history h JOIN papers p ON p.pid = h.pid WHERE p.id = ? ORDER BY h.at`, nid)
	if err != nil {
		return nil, fmt.Errorf("read history of %s: %w", nid, friendly(err))
	}
	defer rows.Close()
	var out []HistoryPoint
	for rows.Next() {
		var at int64
		var h HistoryPoint
		if err := rows.Scan(&at, &h.Upvotes, &h.Comments, &h.GitHubStars); err != nil {
			return nil, fmt.Errorf("read history of %s: %w", nid, err)
		}
		h.At = time.Unix(at, 0)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history of %s: %w", nid, friendly(err))
	}
	return out, nil
}

// Gain is the upvotes a history gained in the window before now: the
// latest counts up to now less those standing when the window opened, or,
// for a paper first seen within the window, less those it was first seen
// with.
func Gain(h []HistoryPoint, now time.Time, window time.Duration) int {
	cut := now.Add(-window)
	var cur, base *HistoryPoint
	for i := range h {
		if h[i].At.After(now) {
			break
		}
		if base == nil || !h[i].At.After(cut) {
			base = &h[i]
		}
		cur = &h[i]
	}
	if cur == nil {
		return 0
	}
	return cur.Upvotes - base.Upvotes
}

// gainSQL is Gain in SQL for the paper whose pid is the column pid.
func gainSQL(pid string, now time.Time) string {
	n, cut := now.Unix(), now.Add(-GainWindow).Unix()
	return fmt.Sprintf(`(coalesce((SELECT upvotes FROM history WHERE pid = %[1]s AND at <= %[2]d ORDER BY at DESC LIMIT 1), 0) -
		coalesce((SELECT upvotes FROM history WHERE pid = %[1]s AND at <= %[3]d ORDER BY at DESC LIMIT 1),
			(SELECT upvotes FROM history WHERE pid = %[1]s AND at <= %[2]d ORDER BY at LIMIT 1), 0))`, pid, n, cut)
}

// gainsCTE is the table g of the papers that gained upvotes in the day
// before now, with their gain.
func gainsCTE(now time.Time) string {
	return fmt.Sprintf(`WITH c AS MATERIALIZED (SELECT c.pid, %s AS gain
		FROM (SELECT DISTINCT pid FROM history WHERE at > %d AND at <= %d) c),
		g AS MATERIALIZED (SELECT pid, gain FROM c WHERE gain > 0) `,
		gainSQL("c.pid", now), now.Add(-GainWindow).Unix(), now.Unix())
}

// risingOrder is the rising sort's ORDER BY for rows read one by one.
func risingOrder(now time.Time) string {
	return gainSQL("p.pid", now) + " DESC, p.upvotes DESC, p.date DESC, p.pid DESC"
}

// rising reads a window of the rising sort in two parts, like trending:
// the papers that gained upvotes in the last day (only papers with a
// history row in that day can have, found by history_by_time), by their
// gain, then every other paper by upvotes (the papers_by_upvotes index).
// Neither part sorts the whole table.
func (db *DB) rising(ctx context.Context, f Filter, offset, limit int) ([]ListItem, error) {
	now := f.Now
	if now.IsZero() {
		now = db.now()
	}
	gains := gainsCTE(now)
	up := f.compile()
	var k int
	if err := db.sql.QueryRowContext(ctx, gains+`SELECT count(*) FROM g JOIN papers p ON p.pid = g.pid WHERE `+up.where.String(),
		up.where.args...).Scan(&k); err != nil {
		return nil, fmt.Errorf("list papers: %w", friendly(err))
	}
	var out []ListItem
	if offset < k {
		n := min(limit, k-offset)
		args := append(append([]any(nil), up.where.args...), n, offset)
		items, err := db.scanItems(ctx, gains+`SELECT `+listColumns+` FROM g JOIN papers p ON p.pid = g.pid
			LEFT JOIN user_state u ON u.id = p.id WHERE `+up.where.String()+`
			ORDER BY g.gain DESC, p.upvotes DESC, p.date DESC, p.pid DESC LIMIT ? OFFSET ?`, args, n, false)
		if err != nil {
			return nil, err
		}
		out = items
	}
	if rest := limit - len(out); rest > 0 && offset+len(out) >= k {
		still := f.compile()
		still.where.add(`p.pid NOT IN (SELECT pid FROM g)`)
		skip, order, reverse := max(offset-k, 0), "p.upvotes DESC, p.date DESC, p.pid DESC", false
		if skip >= deepOffset {
			// Deep in the listing (G): walk the upvotes index from the
			// other end, as the top sort does.
			total, err := db.Count(ctx, f)
			if err != nil {
				return nil, err
			}
			if back := total - k - skip - rest; back < skip {
				reverse, order = true, reversedOrder(SortTop)
				if back < 0 {
					rest += back
					back = 0
				}
				skip = back
			}
		}
		args := append(append([]any(nil), still.where.args...), max(rest, 0), skip)
		items, err := db.scanItems(ctx, gains+`SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
			WHERE `+still.where.String()+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args, rest, false)
		if err != nil {
			return nil, err
		}
		if reverse {
			slices.Reverse(items)
		}
		out = append(out, items...)
	}
	return out, nil
}
