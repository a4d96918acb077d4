package store

import (
	"context"
	"fmt"
)

// Stats sums up what the database holds, for `paperboy stats`.
type Stats struct {
	Papers   int
	Starred  int
	Read     int
	Notes    int
	Sources  []SourceCount
	Months   []MonthCount
	TopCats  []TagCount
	TopKWs   []TagCount
	UserTags []TagCount
	Syncs    int
	// Texts is the number of stored full texts, TextBytes their size as
	// stored (compressed).
	Texts     int
	TextBytes int64
}

// SourceCount is the number of papers a service has reported.
type SourceCount struct {
	Source string
	Papers int
}

// MonthCount is the number of papers listed in one month (YYYY-MM).
type MonthCount struct {
	Month  string
	Papers int
}

// Stats counts papers per source, per listing month (newest first, at most
// months of them; 0 means all) and per tag (the top tags of each kind,
// at most top; 0 means all), and the user's marks.
func (db *DB) Stats(ctx context.Context, top, months int) (Stats, error) {
	var s Stats
	row := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM papers),
		(SELECT count(*) FROM user_state WHERE starred_at IS NOT NULL),
		(SELECT count(*) FROM user_state WHERE read_at IS NOT NULL),
		(SELECT count(*) FROM user_state WHERE note != ''),
		(SELECT count(*) FROM syncs)`)
	err := row.Scan(&s.Papers, &s.Starred, &s.Read, &s.Notes, &s.Syncs)
	if err != nil {
		return s, fmt.Errorf("stats: %w", friendly(err))
	}
	if s.Texts, s.TextBytes, err = db.textStats(ctx); err != nil {
		return s, err
	}
	// sources is a bit set (see sourceBit): count each bit.
	for _, src := range []string{SourceHF, SourceArxiv} {
		var n int
		err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM papers WHERE sources & ? != 0`,
			sourceBit(src)).Scan(&n)
		if err != nil {
			return s, fmt.Errorf("stats: %w", friendly(err))
		}
		s.Sources = append(s.Sources, SourceCount{Source: src, Papers: n})
	}
	lim := months
	if lim <= 0 {
		lim = -1
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT substr(date, 1, 7) AS month, count(*) FROM papers
		WHERE date != '' GROUP BY month ORDER BY month DESC LIMIT ?`, lim)
	if err != nil {
		return s, fmt.Errorf("stats: %w", friendly(err))
	}
	defer rows.Close()
	for rows.Next() {
		var mc MonthCount
		if err := rows.Scan(&mc.Month, &mc.Papers); err != nil {
			return s, fmt.Errorf("stats: %w", err)
		}
		s.Months = append(s.Months, mc)
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("stats: %w", friendly(err))
	}
	if s.TopCats, err = db.TagCounts(ctx, KindCategory, top); err != nil {
		return s, err
	}
	if s.TopKWs, err = db.TagCounts(ctx, KindKeyword, top); err != nil {
		return s, err
	}
	if s.UserTags, err = db.TagCounts(ctx, KindUser, top); err != nil {
		return s, err
	}
	return s, nil
}
