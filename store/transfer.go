package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// UserState is one paper's user state as moved between databases: stars,
// read marks, note, user tags and the reading position. Times are kept
// when known.
type UserState struct {
	ID        string
	Starred   bool
	StarredAt time.Time // zero: now
	Read      bool
	ReadAt    time.Time // zero: now
	// Dismissed from For you ("not for me").
	Dismissed   bool
	DismissedAt time.Time // zero: now
	Note        string
	Tags        []string
	// Position is the reading position's block index (ReadingPosition),
	// 0 when none: block 0 is the start of the text, where a text with no
	// position opens anyway, so "none" and "at the start" are one thing
	// and need no offset.
	Position int
}

// ImportUserState merges user state into the database in one transaction.
// It does not require the papers to be stored: user state is keyed by
// arXiv id and independent of the papers table, so it waits for a later
// sync to bring the paper. Stars and read marks already set keep their
// time; notes and reading positions are replaced when the import has
// one; tags are added.
func (db *DB) ImportUserState(ctx context.Context, states []UserState) (int, error) {
	if err := validateStates(states); err != nil {
		return 0, err
	}
	n := 0
	err := db.withTx(ctx, func(tx *sql.Tx) (err error) {
		n, err = importStates(ctx, tx, states)
		return err
	})
	if err != nil {
		return 0, friendly(err)
	}
	return n, nil
}

// RestoreState brings back what an export holds: the user state of every
// record, and the records themselves for the papers the database lacks
// (those with a title; a record without one waits for a sync to bring its
// paper). One transaction: all of it or nothing. It returns how many
// papers' state it imported and how many papers it added.
func (db *DB) RestoreState(ctx context.Context, records []Paper) (states, added int, err error) {
	st := make([]UserState, len(records))
	for i, p := range records {
		st[i] = stateOf(p)
	}
	if err := validateStates(st); err != nil {
		return 0, 0, err
	}
	now := time.Now().Unix()
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		absent, err := absentIDs(ctx, tx, records)
		if err != nil {
			return err
		}
		w, err := newPaperWriter(ctx, tx, false)
		if err != nil {
			return err
		}
		defer w.close()
		for i := range records {
			p := &records[i]
			nid, err := NormalizeID(p.ID)
			if err != nil {
				return fmt.Errorf("restore state: %w", err)
			}
			if !absent[nid] || p.Title == "" {
				continue
			}
			if _, err := w.upsert(p, now); err != nil {
				return err
			}
			absent[nid] = false // a record listed twice is added once
			added++
		}
		states, err = importStates(ctx, tx, st)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("restore state: %w", friendly(err))
	}
	return states, added, nil
}

func validateStates(states []UserState) error {
	for _, s := range states {
		if s.Position < 0 {
			return fmt.Errorf("import state %s: reading position %d is before the text", s.ID, s.Position)
		}
		for _, t := range s.Tags {
			if err := ValidateTag(t); err != nil {
				return fmt.Errorf("import state %s: %w", s.ID, err)
			}
		}
	}
	return nil
}

// importStates merges user state inside a write transaction.
func importStates(ctx context.Context, tx *sql.Tx, states []UserState) (int, error) {
	n := 0
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
			return 0, fmt.Errorf("import state: %w", err)
		}
		note := strings.TrimSpace(s.Note)
		if s.Starred || s.Read || s.Dismissed || note != "" {
			_, err = tx.ExecContext(ctx, `INSERT INTO user_state (id, starred_at, read_at, dismissed_at, note)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET
					starred_at = coalesce(user_state.starred_at, excluded.starred_at),
					read_at = coalesce(user_state.read_at, excluded.read_at),
					dismissed_at = coalesce(user_state.dismissed_at, excluded.dismissed_at),
					note = CASE WHEN excluded.note != '' THEN excluded.note ELSE user_state.note END`,
				nid, stamp(s.Starred, s.StarredAt), stamp(s.Read, s.ReadAt), stamp(s.Dismissed, s.DismissedAt), note)
			if err != nil {
				return 0, fmt.Errorf("import state %s: %w", nid, err)
			}
		}
		if s.Position > 0 {
			// The export carries no time for the position: it is as new
			// as the import.
			if _, err := tx.ExecContext(ctx, `INSERT INTO reading_positions (id, block, at) VALUES (?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET block = excluded.block, at = excluded.at`, nid, s.Position, now); err != nil {
				return 0, fmt.Errorf("import state %s: %w", nid, err)
			}
		}
		for _, t := range s.Tags {
			tid, err := w.id(Tag{KindUser, t})
			if err != nil {
				return 0, fmt.Errorf("import state %s: %w", nid, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_tags (tid, id) VALUES (?, ?)`, tid, nid); err != nil {
				return 0, fmt.Errorf("import state %s: %w", nid, err)
			}
		}
		n++
	}
	return n, nil
}

// AllPapers reads every paper a filter selects, whole, in its order (for
// exports).
func (db *DB) AllPapers(ctx context.Context, f Filter) ([]Paper, error) {
	n, err := db.Count(ctx, f)
	if err != nil {
		return nil, err
	}
	return db.FullPapers(ctx, f, max(n, 1))
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
	return stateOf(p), nil
}

// stateOf is a paper's user state; paper is the other way.
func stateOf(p Paper) UserState {
	return UserState{ID: p.ID, Starred: p.Starred, StarredAt: p.StarredAt, Read: p.Read, ReadAt: p.ReadAt,
		Dismissed: p.Dismissed, DismissedAt: p.DismissedAt, Note: p.Note, Tags: p.Tags, Position: p.Position}
}

func (s UserState) paper() Paper {
	return Paper{ID: s.ID, Starred: s.Starred, StarredAt: s.StarredAt, Read: s.Read, ReadAt: s.ReadAt,
		Dismissed: s.Dismissed, DismissedAt: s.DismissedAt, Note: s.Note, Tags: s.Tags, Position: s.Position}
}

// UserWork is every paper the user has done anything with (a star, a
// read mark, a dismissal, a note, a tag, a reading position), whole when it is stored
// and as its user state alone when it is not: what a backup keeps.
func (db *DB) UserWork(ctx context.Context) ([]Paper, error) {
	// The ids are read whole, their rows closed, before each paper is.
	ids, err := db.queryStrings(ctx, "read user state", `SELECT id FROM user_state
		UNION SELECT id FROM user_tags
		UNION SELECT id FROM reading_positions
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	out := make([]Paper, 0, len(ids))
	for _, id := range ids {
		p, err := db.Paper(ctx, id)
		if errors.Is(err, ErrNotFound) {
			st, err := db.UserState(ctx, id)
			if err != nil {
				return nil, err
			}
			p = st.paper()
		} else if err != nil {
			return nil, err
		}
		if p.Starred || p.Read || p.Dismissed || p.Note != "" || len(p.Tags) > 0 || p.Position > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}
