package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// LinkKind is a kind of Hub repository that cites a paper.
type LinkKind string

const (
	LinkModel   LinkKind = "model"
	LinkDataset LinkKind = "dataset"
	LinkSpace   LinkKind = "space"
)

// LinkKinds are the kinds in the order the detail pane shows them.
func LinkKinds() []LinkKind { return []LinkKind{LinkModel, LinkDataset, LinkSpace} }

// LinkTop is how many repositories of each kind are kept.
const LinkTop = 5

// LinkRefreshAge is how old the links of a paper may be before the reader
// fetches them again.
const LinkRefreshAge = 24 * time.Hour

// Repo is one Hub repository linked to a paper.
type Repo struct {
	ID        string // "owner/name"
	Downloads int
	Likes     int
	Task      string // a model's pipeline tag, a Space's SDK; "" when none
}

// Links are the Hub repositories linked to a paper: the top LinkTop of
// each kind, and how many there are in all.
type Links struct {
	Models, Datasets, Spaces []Repo
	NumModels                int
	NumDatasets              int
	NumSpaces                int
	// Fetched is when they were fetched; zero when never.
	Fetched time.Time
}

// Of is the repositories of a kind and their total.
func (l *Links) Of(k LinkKind) ([]Repo, int) {
	switch k {
	case LinkModel:
		return l.Models, l.NumModels
	case LinkDataset:
		return l.Datasets, l.NumDatasets
	case LinkSpace:
		return l.Spaces, l.NumSpaces
	}
	return nil, 0
}

// Stale reports whether the links are older than LinkRefreshAge at now
// (or were never fetched).
func (l *Links) Stale(now time.Time) bool {
	return l.Fetched.IsZero() || now.Sub(l.Fetched) > LinkRefreshAge
}

func cleanRepos(rs []Repo) []Repo {
	var out []Repo
	for _, r := range rs {
		r.ID = strings.Join(strings.Fields(safetext.ScreenLine(r.ID)), "")
		r.Task = strings.Join(strings.Fields(safetext.ScreenLine(r.Task)), " ")
		if r.ID == "" || len(r.ID) > 200 {
			continue
		}
		r.Downloads, r.Likes = max(r.Downloads, 0), max(r.Likes, 0)
		out = append(out, r)
		if len(out) == LinkTop {
			break
		}
	}
	return out
}

// SetLinks stores a paper's links as fetched now, replacing those
// stored. A paper not stored is ErrNotFound.
func (db *DB) SetLinks(ctx context.Context, id string, l Links) error {
	nid, err := NormalizeID(id)
	if err != nil {
		return err
	}
	now := db.now().Unix()
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		var pid int64
		var hadModels bool
		if err := tx.QueryRowContext(ctx, `SELECT models > 0 FROM papers WHERE id = ?`, nid).Scan(&hadModels); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !hadModels && (l.NumModels > 0 || len(l.Models) > 0) {
			if _, err := tx.ExecContext(ctx, noticeStarNews, nid, "model", now); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `UPDATE papers SET models = ?, datasets = ?, spaces = ?, links_fetched = ?
			WHERE id = ? RETURNING pid`,
			max(l.NumModels, len(l.Models)), max(l.NumDatasets, len(l.Datasets)), max(l.NumSpaces, len(l.Spaces)),
			now, nid).Scan(&pid)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", nid, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM paper_links WHERE pid = ?`, pid); err != nil {
			return err
		}
		for _, k := range LinkKinds() {
			rs, _ := l.Of(k)
			for i, r := range cleanRepos(rs) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO paper_links (pid, kind, rank, name, downloads, likes, task)
					VALUES (?, ?, ?, ?, ?, ?, ?)`, pid, string(k), i, r.ID, r.Downloads, r.Likes, r.Task); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store links of %s: %w", nid, friendly(err))
	}
	return nil
}

// loadLinks reads the links of the paper with row pid; nil when they were
// never fetched.
func (db *DB) loadLinks(ctx context.Context, pid int64) (*Links, error) {
	var l Links
	var fetched int64
	if err := db.sql.QueryRowContext(ctx, `SELECT models, datasets, spaces, links_fetched FROM papers WHERE pid = ?`, pid).
		Scan(&l.NumModels, &l.NumDatasets, &l.NumSpaces, &fetched); err != nil {
		return nil, friendly(err)
	}
	if fetched == 0 {
		return nil, nil
	}
	l.Fetched = time.Unix(fetched, 0)
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, name, downloads, likes, task FROM paper_links
		WHERE pid = ? ORDER BY kind, rank`, pid)
	if err != nil {
		return nil, friendly(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var r Repo
		if err := rows.Scan(&k, &r.ID, &r.Downloads, &r.Likes, &r.Task); err != nil {
			return nil, err
		}
		switch LinkKind(k) {
		case LinkModel:
			l.Models = append(l.Models, r)
		case LinkDataset:
			l.Datasets = append(l.Datasets, r)
		case LinkSpace:
			l.Spaces = append(l.Spaces, r)
		}
	}
	return &l, friendly(rows.Err())
}

// IDsNeedingLinks lists the papers of day (YYYY-MM-DD, their listing
// date) whose links were never fetched or are older than
// LinkRefreshAge, most upvoted first, at most limit.
func (db *DB) IDsNeedingLinks(ctx context.Context, day string, limit int) ([]string, error) {
	old := db.now().Add(-LinkRefreshAge).Unix()
	return db.queryStrings(ctx, "list papers without links", `SELECT id FROM papers WHERE date = ? AND links_fetched < ?
		ORDER BY upvotes DESC, day_rank, pid DESC LIMIT ?`, day, old, limit)
}
