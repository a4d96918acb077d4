package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// User state (stars, read marks, notes, user tags) is written only here,
// keyed by arXiv id, and no sync ever touches it.

// requirePaper resolves id and checks the paper is stored, so a typo in
// `paperboy star` is an error rather than a star on nothing.
func (db *DB) requirePaper(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (string, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return "", err
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM papers WHERE id = ?`, nid).Scan(&one)
	if err == sql.ErrNoRows {
		return "", fmt.Errorf("%s: %w", nid, ErrNotFound)
	}
	if err != nil {
		return "", friendly(err)
	}
	return nid, nil
}

// setUserField sets one nullable timestamp column of user_state.
func (db *DB) setUserStamp(ctx context.Context, id, column string, on bool, what string) error {
	nid, err := db.requirePaper(ctx, db.sql, id)
	if err != nil {
		return err
	}
	var v any
	if on {
		v = db.now().Unix()
	}
	// column is one of the constants below, never user input.
	_, err = db.sql.ExecContext(ctx, `INSERT INTO user_state (id, `+column+`) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET `+column+` = excluded.`+column, nid, v)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, nid, friendly(err))
	}
	return nil
}

// SetStarred stars or unstars a paper.
func (db *DB) SetStarred(ctx context.Context, id string, on bool) error {
	return db.setUserStamp(ctx, id, "starred_at", on, "star")
}

// SetRead marks a paper read or unread.
func (db *DB) SetRead(ctx context.Context, id string, on bool) error {
	return db.setUserStamp(ctx, id, "read_at", on, "mark read")
}

// SetDismissed dismisses a paper from For you ("not for me") or takes the
// dismissal back.
func (db *DB) SetDismissed(ctx context.Context, id string, on bool) error {
	return db.setUserStamp(ctx, id, "dismissed_at", on, "dismiss")
}

// SetNote replaces a paper's note ("" removes it).
func (db *DB) SetNote(ctx context.Context, id, note string) error {
	nid, err := db.requirePaper(ctx, db.sql, id)
	if err != nil {
		return err
	}
	_, err = db.sql.ExecContext(ctx, `INSERT INTO user_state (id, note) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET note = excluded.note`, nid, strings.TrimSpace(note))
	if err != nil {
		return fmt.Errorf("note %s: %w", nid, friendly(err))
	}
	return nil
}

// StarCount is the number of starred papers.
func (db *DB) StarCount(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM user_state WHERE starred_at IS NOT NULL`).Scan(&n)
	return n, friendly(err)
}

// ValidateTag checks a user tag name: one word of letters, digits and
// - _ . / + :, at most 64 characters, so it can be typed after tag:.
func ValidateTag(name string) error {
	if name == "" {
		return fmt.Errorf("empty tag")
	}
	if len([]rune(name)) > 64 {
		return fmt.Errorf("tag %q is longer than 64 characters", name)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./+:", r) {
			return fmt.Errorf("tag %q: use letters, digits and - _ . / + : only", name)
		}
	}
	return nil
}

// AddTags gives a paper user tags; tags it already has are kept.
func (db *DB) AddTags(ctx context.Context, id string, tags ...string) error {
	return db.editTags(ctx, id, tags, false)
}

// SetTags replaces a paper's user tags with exactly these.
func (db *DB) SetTags(ctx context.Context, id string, tags ...string) error {
	return db.editTags(ctx, id, tags, true)
}

func (db *DB) editTags(ctx context.Context, id string, tags []string, replace bool) error {
	for _, t := range tags {
		if err := ValidateTag(t); err != nil {
			return err
		}
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		nid, err := db.requirePaper(ctx, tx, id)
		if err != nil {
			return err
		}
		if replace {
			if _, err := tx.ExecContext(ctx, `DELETE FROM user_tags WHERE id = ?`, nid); err != nil {
				return fmt.Errorf("tag %s: %w", nid, err)
			}
		}
		w := newTagWriter(ctx, tx)
		defer w.close()
		for _, t := range tags {
			tid, err := w.id(Tag{KindUser, t})
			if err != nil {
				return fmt.Errorf("tag %s: %w", nid, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_tags (tid, id) VALUES (?, ?)`, tid, nid); err != nil {
				return fmt.Errorf("tag %s: %w", nid, err)
			}
		}
		return nil
	})
}

// RemoveTags takes user tags off a paper; tags it does not have are ignored.
func (db *DB) RemoveTags(ctx context.Context, id string, tags ...string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		nid, err := db.requirePaper(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, t := range tags {
			if _, err := tx.ExecContext(ctx, `DELETE FROM user_tags WHERE id = ?
				AND tid = (SELECT tid FROM tags WHERE kind = 'user' AND name = ?)`, nid, t); err != nil {
				return fmt.Errorf("untag %s: %w", nid, err)
			}
		}
		return nil
	})
}

// loadUserState fills the user fields of p, and HasText.
func (db *DB) loadUserState(ctx context.Context, _ int64, p *Paper) error {
	// One query whether or not the paper has a user_state row: stars,
	// read mark, dismissal and note, the reading position, and whether a text is
	// stored (from the texts' id index; no blob is read).
	var starred, read, dismissed, pos sql.NullInt64
	err := db.sql.QueryRowContext(ctx, `SELECT u.starred_at, u.read_at, u.dismissed_at, coalesce(u.note, ''),
			(SELECT block FROM reading_positions WHERE id = k.id),
			EXISTS (SELECT 1 FROM texts WHERE id = k.id)
		FROM (SELECT ? AS id) k LEFT JOIN user_state u ON u.id = k.id`, p.ID).
		Scan(&starred, &read, &dismissed, &p.Note, &pos, &p.HasText)
	if err != nil {
		return fmt.Errorf("read user state of %s: %w", p.ID, friendly(err))
	}
	if starred.Valid {
		p.Starred, p.StarredAt = true, time.Unix(starred.Int64, 0)
	}
	if read.Valid {
		p.Read, p.ReadAt = true, time.Unix(read.Int64, 0)
	}
	if dismissed.Valid {
		p.Dismissed, p.DismissedAt = true, time.Unix(dismissed.Int64, 0)
	}
	p.Position = int(pos.Int64)
	p.Tags, err = db.userTags(ctx, p.ID)
	return err
}
