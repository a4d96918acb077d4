package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// TagKind says where a topic tag comes from.
type TagKind string

const (
	KindCategory TagKind = "cat"  // arXiv category, e.g. cs.AR
	KindKeyword  TagKind = "kw"   // Hugging Face AI keyword
	KindUser     TagKind = "user" // the user's own tag
)

// Tag is one topic tag.
type Tag struct {
	Kind TagKind
	Name string
}

// Label is the human name of a category ("Hardware Architecture"), or "".
func (t Tag) Label() string {
	if t.Kind == KindCategory {
		return CategoryName(t.Name)
	}
	return ""
}

// TagCount is a tag with the number of papers that carry it.
type TagCount struct {
	Tag
	Papers int
}

// tagWriter finds or creates tags within one transaction; its cache lives
// and dies with the transaction so a rollback never leaves stale ids.
type tagWriter struct {
	ctx                  context.Context
	tx                   *sql.Tx
	ids                  map[Tag]int64
	ensure, find         *sql.Stmt
	clearRemote, addLink *sql.Stmt
}

func newTagWriter(ctx context.Context, tx *sql.Tx) *tagWriter {
	return &tagWriter{ctx: ctx, tx: tx, ids: map[Tag]int64{}}
}

func (w *tagWriter) stmt(s **sql.Stmt, q string) (*sql.Stmt, error) {
	if *s == nil {
		st, err := w.tx.PrepareContext(w.ctx, q)
		if err != nil {
			return nil, err
		}
		*s = st
	}
	return *s, nil
}

func (w *tagWriter) close() {
	for _, s := range []*sql.Stmt{w.ensure, w.find, w.clearRemote, w.addLink} {
		if s != nil {
			s.Close()
		}
	}
}

// id returns the tag's row id, creating the tag if it is new.
func (w *tagWriter) id(t Tag) (int64, error) {
	key := Tag{t.Kind, strings.ToLower(t.Name)}
	if id, ok := w.ids[key]; ok {
		return id, nil
	}
	ensure, err := w.stmt(&w.ensure, `INSERT INTO tags (kind, name) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, err
	}
	if _, err := ensure.ExecContext(w.ctx, string(t.Kind), t.Name); err != nil {
		return 0, err
	}
	find, err := w.stmt(&w.find, `SELECT tid FROM tags WHERE kind = ? AND name = ?`)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := find.QueryRowContext(w.ctx, string(t.Kind), t.Name).Scan(&id); err != nil {
		return 0, err
	}
	w.ids[key] = id
	return id, nil
}

// setRemote replaces a paper's category and keyword tags.
func (w *tagWriter) setRemote(pid int64, cats, kws []string) error {
	clear, err := w.stmt(&w.clearRemote, `DELETE FROM paper_tags WHERE pid = ?`)
	if err != nil {
		return err
	}
	if _, err := clear.ExecContext(w.ctx, pid); err != nil {
		return err
	}
	return w.addRemote(pid, cats, kws)
}

// addRemote links a new paper, which has no tags yet, to its categories
// and keywords.
func (w *tagWriter) addRemote(pid int64, cats, kws []string) error {
	add, err := w.stmt(&w.addLink, `INSERT OR IGNORE INTO paper_tags (tid, pid) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	link := func(kind TagKind, names []string) error {
		for _, n := range names {
			tid, err := w.id(Tag{kind, n})
			if err != nil {
				return err
			}
			if _, err := add.ExecContext(w.ctx, tid, pid); err != nil {
				return err
			}
		}
		return nil
	}
	if err := link(KindCategory, cats); err != nil {
		return err
	}
	return link(KindKeyword, kws)
}

// TagCounts lists tags of one kind with their paper counts, most used
// first, at most limit (0 means all). Counts are kept up to date by
// triggers, so this reads the small tags table and never the links.
func (db *DB) TagCounts(ctx context.Context, kind TagKind, limit int) ([]TagCount, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT name, papers FROM tags
		WHERE kind = ? AND papers > 0 ORDER BY papers DESC, name LIMIT ?`, string(kind), limit)
	if err != nil {
		return nil, fmt.Errorf("count %s tags: %w", kind, friendly(err))
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		tc := TagCount{Tag: Tag{Kind: kind}}
		if err := rows.Scan(&tc.Name, &tc.Papers); err != nil {
			return nil, err
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// UserTagNames lists every user tag in use, alphabetically, for completion.
func (db *DB) UserTagNames(ctx context.Context) ([]string, error) {
	return db.queryStrings(ctx, "list user tags", `SELECT name FROM tags
		WHERE kind = 'user' AND papers > 0 ORDER BY name`)
}

// userTags loads a paper's user tags (by id).
func (db *DB) userTags(ctx context.Context, id string) ([]string, error) {
	return db.queryStrings(ctx, "read tags of "+id, `SELECT t.name FROM user_tags u
		JOIN tags t ON t.tid = u.tid WHERE u.id = ? ORDER BY t.name`, id)
}
