package store

import (
	"context"
	"database/sql"
	"fmt"
)

// noticeStarNews records news of a starred paper (?1 its id, ?2 "code"
// or "model", ?3 the time); nothing for a paper not starred, and the
// first notice of a kind stays.
const noticeStarNews = `INSERT INTO star_news (id, kind, noticed)
	SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM user_state WHERE id = ?1 AND starred_at IS NOT NULL)
	ON CONFLICT (id, kind) DO NOTHING`

// StarNews counts the news of starred papers the reader has not told yet
// (papers that now have code, papers that now have a model) and marks it
// told.
func (db *DB) StarNews(ctx context.Context) (code, model int, err error) {
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT n.kind, count(*) FROM star_news n
			JOIN user_state u ON u.id = n.id AND u.starred_at IS NOT NULL
			WHERE n.told = 0 GROUP BY n.kind`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var kind string
			var n int
			if err := rows.Scan(&kind, &n); err != nil {
				rows.Close()
				return err
			}
			if kind == "code" {
				code = n
			} else {
				model = n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE star_news SET told = 1 WHERE told = 0`)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("read news of starred papers: %w", friendly(err))
	}
	return code, model, nil
}
