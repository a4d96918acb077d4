package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// UserState is one paper's user state as moved between databases: stars,
// read marks, note and user tags. Times are kept when known.
type UserState struct {
	ID        string
	Starred   bool
	StarredAt time.Time // zero: now
	Read      bool
	ReadAt    time.Time // zero: now
	Note      string
	Tags      []string
}

// ImportUserState merges user state into the database in one transaction.
// It does not require the papers to be stored: user state is keyed by
// arXiv id and independent of the papers table, so it waits for a later
// sync to bring the paper. Stars and read marks already set keep their
// time; notes are replaced when the import has one; tags are added.
func (db *DB) ImportUserState(ctx context.Context, states []UserState) (int, error) {
	for _, s := range states {
		for _, t := range s.Tags {
			if err := ValidateTag(t); err != nil {
				return 0, fmt.Errorf("import state %s: %w", s.ID, err)
			}
		}
	}
	n := 0
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		w := newTagWriter(ctx, tx)
		defer w.close()
		now := time.Now().Unix()
		stamp := func(on bool, t time.Time) any {
			if !on {
				return nil
			}
			if t.IsZero() {
				return now
			}
			return t.Unix()
		}
		for _, s := range states {
			nid, err := NormalizeID(s.ID)
			if err != nil {
				return fmt.Errorf("import state: %w", err)
			}
			note := strings.TrimSpace(s.Note)
			if s.Starred || s.Read || note != "" {
				_, err = tx.ExecContext(ctx, `INSERT INTO user_state (id, starred_at, read_at, note) VALUES (?, ?, ?, ?)
					ON CONFLICT (id) DO UPDATE SET
						starred_at = coalesce(user_state.starred_at, excluded.starred_at),
						read_at = coalesce(user_state.read_at, excluded.read_at),
						note = CASE WHEN excluded.note != '' THEN excluded.note ELSE user_state.note END`,
					nid, stamp(s.Starred, s.StarredAt), stamp(s.Read, s.ReadAt), note)
				if err != nil {
					return fmt.Errorf("import state %s: %w", nid, err)
				}
			}
			for _, t := range s.Tags {
				tid, err := w.id(Tag{KindUser, t})
				if err != nil {
					return fmt.Errorf("import state %s: %w", nid, err)
				}
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_tags (tid, id) VALUES (?, ?)`, tid, nid); err != nil {
					return fmt.Errorf("import state %s: %w", nid, err)
				}
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, friendly(err)
	}
	return n, nil
}

// HasPaper reports whether a paper is stored.
func (db *DB) HasPaper(ctx context.Context, id string) (bool, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return false, err
	}
	var one int
	err = db.sql.QueryRowContext(ctx, `SELECT 1 FROM papers WHERE id = ?`, nid).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, friendly(err)
	}
	return true, nil
}

// UserState reads one paper's user state, whether the paper is stored
// or not.
func (db *DB) UserState(ctx context.Context, id string) (UserState, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return UserState{}, err
	}
	p := Paper{ID: nid}
	if err := db.loadUserState(ctx, 0, &p); err != nil {
		return UserState{}, err
	}
	return UserState{ID: nid, Starred: p.Starred, StarredAt: p.StarredAt, Read: p.Read, ReadAt: p.ReadAt,
		Note: p.Note, Tags: p.Tags}, nil
}
