package store

import (
	"context"
	"fmt"
	"time"
)

// VersionNotice says that arXiv has a new version of a starred paper: a
// sync saw its version number go from Old to New. The reader shows it
// ("v3 of a starred paper") until DismissVersionNotices.
type VersionNotice struct {
	ID       string
	Title    string
	Old, New int
	Noticed  time.Time
}

// VersionNotices lists the notices of papers that are still starred,
// newest first; with a non-zero since, only those noticed at or after it
// (a sync passes its start to learn what it found).
func (db *DB) VersionNotices(ctx context.Context, since time.Time) ([]VersionNotice, error) {
	var from int64
	if !since.IsZero() {
		from = since.Unix()
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT n.id, coalesce(p.title, ''), n.old_version, n.new_version, n.noticed
		FROM version_notices n
		JOIN user_state u ON u.id = n.id AND u.starred_at IS NOT NULL
		LEFT JOIN papers p ON p.id = n.id
		WHERE n.noticed >= ?
		ORDER BY n.noticed DESC, n.id`, from)
	if err != nil {
		return nil, fmt.Errorf("list new versions: %w", friendly(err))
	}
	defer rows.Close()
	var out []VersionNotice
	for rows.Next() {
		var n VersionNotice
		var at int64
		if err := rows.Scan(&n.ID, &n.Title, &n.Old, &n.New, &at); err != nil {
			return nil, fmt.Errorf("list new versions: %w", err)
		}
		n.Noticed = time.Unix(at, 0)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list new versions: %w", friendly(err))
	}
	return out, nil
}

// DismissVersionNotices forgets the notices of ids, once the reader has
// shown them; a later version brings a new one.
func (db *DB) DismissVersionNotices(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, len(ids))
	for _, id := range ids {
		nid, err := NormalizeID(id)
		if err != nil {
			return err
		}
		args = append(args, nid)
	}
	_, err := db.sql.ExecContext(ctx, `DELETE FROM version_notices WHERE id IN (`+
		placeholders(len(args))+`)`, args...)
	if err != nil {
		return fmt.Errorf("dismiss new versions: %w", friendly(err))
	}
	return nil
}
