package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Source bits in papers.sources.
const (
	bitHF    = 1 << 0
	bitArxiv = 1 << 1
)

// unranked is day_rank for papers with no place in a Daily Papers
// listing: larger than any place, so they sort after the day's listed
// papers with as many upvotes.
const unranked = 1 << 30

const paperColumns = `pid, title, abstract, authors, published, daily, upvotes, comments,
	org_name, org_display, submitter, ai_summary, keywords, github_repo, github_stars,
	project_page, categories, sources, first_seen, updated,
	doi, journal_ref, arxiv_comment, version, revised, affiliations,
	discussion_id, author_participating, submitter_name, claimed_authors, thumbnail,
	media_urls, day_rank`

func scanRemote(row interface{ Scan(...any) error }, pid *int64, r *remote, firstSeen, updated *int64) error {
	var authors, keywords, cats, affs, claimed, media string
	var rank int
	err := row.Scan(pid, &r.Title, &r.Abstract, &authors, &r.Published, &r.Daily,
		&r.Upvotes, &r.Comments, &r.OrgName, &r.OrgDisplay, &r.Submitter, &r.AISummary,
		&keywords, &r.GitHubRepo, &r.GitHubStars, &r.ProjectPage, &cats, &r.Sources,
		firstSeen, updated,
		&r.DOI, &r.JournalRef, &r.ArxivComment, &r.Version, &r.Revised, &affs,
		&r.DiscussionID, &r.AuthorParticipating, &r.SubmitterName, &claimed, &r.Thumbnail,
		&media, &rank)
	if err != nil {
		return err
	}
	r.Authors, r.Keywords, r.Categories = splitLines(authors), splitLines(keywords), strings.Fields(cats)
	if affs != "" {
		r.Affiliations = strings.Split(affs, "\n")
	}
	r.ClaimedAuthors, r.MediaURLs, r.DailyRank = splitHubAuthors(claimed), splitLines(media), rankOf(rank)
	return nil
}

// UpsertPapers writes a batch of papers (one page of a sync, one batch of
// an import) in a single transaction: either all of it lands or none.
// Papers already stored are merged field by field and only rewritten when
// something changed; user state is never touched.
func (db *DB) UpsertPapers(ctx context.Context, papers []Paper) (UpsertStats, error) {
	return db.writePapers(ctx, papers, false)
}

// ImportPapers is UpsertPapers for bulk loads: new papers are browsable as
// soon as the batch commits, but join the search index only when
// IndexPending runs, which indexes them many times faster in bulk than
// one by one.
func (db *DB) ImportPapers(ctx context.Context, papers []Paper) (UpsertStats, error) {
	return db.writePapers(ctx, papers, true)
}

func (db *DB) writePapers(ctx context.Context, papers []Paper, deferIndex bool) (UpsertStats, error) {
	var st UpsertStats
	now := db.now().Unix()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		w, err := newPaperWriter(ctx, tx, deferIndex)
		if err != nil {
			return err
		}
		defer w.close()
		if deferIndex {
			// A bulk load touches every page of the id and date indexes:
			// give this connection room to keep them in memory.
			if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
				return err
			}
			// A bulk load is mostly new papers: one query per batch
			// finds those already stored, the rest skip the read.
			if w.absent, err = absentIDs(ctx, tx, papers); err != nil {
				return err
			}
		}
		for i := range papers {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := w.upsert(&papers[i], now)
			if err != nil {
				return err
			}
			switch res {
			case resNew:
				st.New++
			case resUpdated:
				st.Updated++
			default:
				st.Unchanged++
			}
		}
		return nil
	})
	if err != nil {
		return UpsertStats{}, fmt.Errorf("store papers: %w", friendly(err))
	}
	return st, nil
}

type upsertResult int

const (
	resUnchanged upsertResult = iota
	resNew
	resUpdated
)

// paperWriter holds the prepared statements of one write transaction.
type paperWriter struct {
	ctx           context.Context
	tx            *sql.Tx
	sel, ins, upd *sql.Stmt
	notice        *sql.Stmt // made when first needed
	hist          *sql.Stmt // made when first needed
	tags          *tagWriter
	// deferIndex leaves new rows out of the search index for
	// IndexPending to add in bulk.
	deferIndex bool
	// absent holds ids known not to be stored yet; they are inserted
	// without reading first.
	absent map[string]bool
}

// absentIDs is the set of the papers' ids that are not stored.
func absentIDs(ctx context.Context, tx *sql.Tx, papers []Paper) (map[string]bool, error) {
	absent := make(map[string]bool, len(papers))
	ids := make([]any, 0, len(papers))
	for i := range papers {
		if id, err := NormalizeID(papers[i].ID); err == nil && !absent[id] {
			absent[id] = true
			ids = append(ids, id)
		}
	}
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		rows, err := tx.QueryContext(ctx, `SELECT id FROM papers WHERE id IN (`+placeholders(len(part))+`)`, part...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			delete(absent, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return absent, nil
}

func newPaperWriter(ctx context.Context, tx *sql.Tx, deferIndex bool) (*paperWriter, error) {
	w := &paperWriter{ctx: ctx, tx: tx, tags: newTagWriter(ctx, tx), deferIndex: deferIndex}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	w.sel = prep(`SELECT ` + paperColumns + ` FROM papers WHERE id = ?`)
	w.ins = prep(`INSERT INTO papers (id, title, abstract, authors, author_count, first_author,
		published, daily, date, upvotes, comments, org_name, org_display, submitter, ai_summary,
		keywords, github_repo, github_stars, project_page, categories, primary_category,
		sources, doi, journal_ref, arxiv_comment, version, revised, affiliations,
		discussion_id, author_participating, submitter_name, claimed_authors, thumbnail,
		media_urls, day_rank, indexed, first_seen, updated)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING pid`)
	w.upd = prep(`UPDATE papers SET title=?, abstract=?, authors=?, author_count=?, first_author=?,
		published=?, daily=?, date=?, upvotes=?, comments=?, org_name=?, org_display=?,
		submitter=?, ai_summary=?, keywords=?, github_repo=?, github_stars=?, project_page=?,
		categories=?, primary_category=?, sources=?, doi=?, journal_ref=?, arxiv_comment=?,
		version=?, revised=?, affiliations=?, discussion_id=?, author_participating=?,
		submitter_name=?, claimed_authors=?, thumbnail=?, media_urls=?, day_rank=?,
		updated=? WHERE pid=?`)
	if err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// noticeVersion records a new version of a starred paper for the reader
// to mention. Versions go up rarely, so the statement is made on demand.
func (w *paperWriter) noticeVersion(id string, oldV, newV int, now int64) error {
	if w.notice == nil {
		s, err := w.tx.PrepareContext(w.ctx, `INSERT INTO version_notices (id, old_version, new_version, noticed)
			SELECT ?1, ?2, ?3, ?4 WHERE EXISTS
				(SELECT 1 FROM user_state WHERE id = ?1 AND starred_at IS NOT NULL)
			ON CONFLICT (id) DO UPDATE SET new_version = excluded.new_version, noticed = excluded.noticed`)
		if err != nil {
			return err
		}
		w.notice = s
	}
	_, err := w.notice.ExecContext(w.ctx, id, oldV, newV, now)
	return err
}

// recordCounts adds a row to the paper's history of counts. Two changes
// in the same second keep the later counts.
func (w *paperWriter) recordCounts(pid int64, r *remote, now int64) error {
	if w.hist == nil {
		s, err := w.tx.PrepareContext(w.ctx, `INSERT INTO history (pid, at, upvotes, comments, github_stars)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (pid, at) DO UPDATE SET upvotes = excluded.upvotes,
			comments = excluded.comments, github_stars = excluded.github_stars`)
		if err != nil {
			return err
		}
		w.hist = s
	}
	_, err := w.hist.ExecContext(w.ctx, pid, now, r.Upvotes, r.Comments, r.GitHubStars)
	return err
}

func (r *remote) hasCounts() bool {
	return r.Sources&bitHF != 0 || r.Upvotes != 0 || r.Comments != 0 || r.GitHubStars != 0
}

func (r *remote) sameCounts(o *remote) bool {
	return r.Upvotes == o.Upvotes && r.Comments == o.Comments && r.GitHubStars == o.GitHubStars
}

func (w *paperWriter) close() {
	for _, s := range []*sql.Stmt{w.sel, w.ins, w.upd, w.notice, w.hist} {
		if s != nil {
			s.Close()
		}
	}
	w.tags.close()
}

// rowValues are the columns shared by insert and update, in that order.
func rowValues(r *remote) []any {
	first, date, primary := "", r.Published, ""
	if len(r.Authors) > 0 {
		first = r.Authors[0]
	}
	if r.Daily != "" {
		date = r.Daily
	}
	if len(r.Categories) > 0 {
		primary = r.Categories[0]
	}
	return []any{r.Title, r.Abstract, joinLines(r.Authors), len(r.Authors), first,
		r.Published, r.Daily, date, r.Upvotes, r.Comments, r.OrgName, r.OrgDisplay,
		r.Submitter, r.AISummary, joinLines(r.Keywords), r.GitHubRepo, r.GitHubStars,
		r.ProjectPage, strings.Join(r.Categories, " "), primary, r.Sources,
		r.DOI, r.JournalRef, r.ArxivComment, r.Version, r.Revised, strings.Join(r.Affiliations, "\n"),
		r.DiscussionID, r.AuthorParticipating, r.SubmitterName, joinHubAuthors(r.ClaimedAuthors),
		r.Thumbnail, joinLines(r.MediaURLs), rankColumn(r.DailyRank)}
}

func (w *paperWriter) upsert(p *Paper, now int64) (upsertResult, error) {
	id, err := NormalizeID(p.ID)
	if err != nil {
		return 0, err
	}
	if p.Source != SourceHF && p.Source != SourceArxiv {
		return 0, fmt.Errorf("paper %s: unknown source %q", id, p.Source)
	}
	in := remoteOf(p)
	var (
		pid              int64
		old              remote
		firstSeen, updAt int64
	)
	if w.absent[id] {
		delete(w.absent, id) // a repeat in the batch reads the row first
		err = sql.ErrNoRows
	} else {
		err = scanRemote(w.sel.QueryRowContext(w.ctx, id), &pid, &old, &firstSeen, &updAt)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		args := append([]any{id}, rowValues(&in)...)
		args = append(args, !w.deferIndex, now, now)
		if err := w.ins.QueryRowContext(w.ctx, args...).Scan(&pid); err != nil {
			return 0, fmt.Errorf("insert paper %s: %w", id, err)
		}
		if err := w.tags.addRemote(pid, in.Categories, in.Keywords); err != nil {
			return 0, fmt.Errorf("tag paper %s: %w", id, err)
		}
		if in.hasCounts() {
			if err := w.recordCounts(pid, &in, now); err != nil {
				return 0, fmt.Errorf("history of paper %s: %w", id, err)
			}
		}
		return resNew, nil
	case err != nil:
		return 0, fmt.Errorf("read paper %s: %w", id, err)
	}
	merged := merge(old, in, p.Source)
	if merged.equal(&old) {
		return resUnchanged, nil
	}
	if old.GitHubRepo == "" && merged.GitHubRepo != "" {
		if _, err := w.tx.ExecContext(w.ctx, noticeStarNews, id, "code", now); err != nil {
			return 0, fmt.Errorf("paper %s: %w", id, err)
		}
	}
	if old.Version > 0 && merged.Version > old.Version {
		if err := w.noticeVersion(id, old.Version, merged.Version, now); err != nil {
			return 0, fmt.Errorf("paper %s: %w", id, err)
		}
	}
	args := append(rowValues(&merged), now, pid)
	if _, err := w.upd.ExecContext(w.ctx, args...); err != nil {
		return 0, fmt.Errorf("update paper %s: %w", id, err)
	}
	if !merged.sameCounts(&old) || (merged.hasCounts() && !old.hasCounts()) {
		if err := w.recordCounts(pid, &merged, now); err != nil {
			return 0, fmt.Errorf("history of paper %s: %w", id, err)
		}
	}
	if !slices.Equal(merged.Categories, old.Categories) || !slices.Equal(merged.Keywords, old.Keywords) {
		if err := w.tags.setRemote(pid, merged.Categories, merged.Keywords); err != nil {
			return 0, fmt.Errorf("tag paper %s: %w", id, err)
		}
	}
	return resUpdated, nil
}

// Paper returns one paper with everything known about it.
func (db *DB) Paper(ctx context.Context, id string) (Paper, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return Paper{}, err
	}
	var (
		p                Paper
		r                remote
		pid              int64
		firstSeen, updAt int64
	)
	err = scanRemote(db.sql.QueryRowContext(ctx, `SELECT `+paperColumns+` FROM papers WHERE id = ?`, nid),
		&pid, &r, &firstSeen, &updAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Paper{}, fmt.Errorf("%s: %w", nid, ErrNotFound)
	}
	if err != nil {
		return Paper{}, fmt.Errorf("read paper %s: %w", nid, friendly(err))
	}
	p = Paper{
		ID: nid, Title: r.Title, Abstract: r.Abstract, Authors: r.Authors,
		Published: r.Published, Daily: r.Daily, Upvotes: r.Upvotes, Comments: r.Comments,
		OrgName: r.OrgName, OrgDisplay: r.OrgDisplay, Submitter: r.Submitter,
		AISummary: r.AISummary, AIKeywords: r.Keywords, GitHubRepo: r.GitHubRepo,
		GitHubStars: r.GitHubStars, ProjectPage: r.ProjectPage, Categories: r.Categories,
		Sources: sourceNames(r.Sources), FirstSeen: time.Unix(firstSeen, 0), Updated: time.Unix(updAt, 0),
		DOI: r.DOI, JournalRef: r.JournalRef, ArxivComment: r.ArxivComment, Version: r.Version,
		Revised: r.Revised, Affiliations: r.Affiliations, DiscussionID: r.DiscussionID,
		AuthorParticipating: r.AuthorParticipating, SubmitterName: r.SubmitterName,
		ClaimedAuthors: r.ClaimedAuthors, Thumbnail: r.Thumbnail, MediaURLs: r.MediaURLs,
		DailyRank: r.DailyRank,
	}
	if err := db.loadUserState(ctx, pid, &p); err != nil {
		return Paper{}, err
	}
	if p.History, err = db.history(ctx, nid); err != nil {
		return Paper{}, err
	}
	p.Upvotes24h = Gain(p.History, db.now(), GainWindow)
	if p.Links, err = db.loadLinks(ctx, pid); err != nil {
		return Paper{}, fmt.Errorf("read links of %s: %w", nid, err)
	}
	return p, nil
}

// ArxivMissRetry is how long a paper arXiv answered nothing for is left
// out of IDsWithoutCategories: a paper Hugging Face lists before arXiv
// announces it appears there within days, an id arXiv never knew (a typo
// upstream, a withdrawn submission) never does, and asking for it at
// every sync costs a request each time.
const ArxivMissRetry = 14 * 24 * time.Hour

// IDsWithoutCategories lists papers seen on Hugging Face that arXiv has
// not yet described, newest first, so a sync can look them up by id.
// Papers arXiv had no record of when last asked (RecordArxivMisses) are
// left out until ArxivMissRetry has passed.
func (db *DB) IDsWithoutCategories(ctx context.Context, limit int) ([]string, error) {
	retry := db.now().Add(-ArxivMissRetry).Unix()
	return db.queryStrings(ctx, "list papers without categories", `SELECT id FROM papers
		WHERE categories = '' AND sources & ? = 0
		AND id NOT IN (SELECT id FROM arxiv_misses WHERE asked > ?)
		ORDER BY date DESC, upvotes DESC, day_rank, pid DESC LIMIT ?`, bitArxiv, retry, limit)
}

// RecordArxivMisses remembers that arXiv had no record of ids when asked
// now, so IDsWithoutCategories leaves them alone for a while.
func (db *DB) RecordArxivMisses(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	now := db.now().Unix()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO arxiv_misses (id, asked) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET asked = excluded.asked`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			nid, err := NormalizeID(id)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, nid, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record arXiv misses: %w", friendly(err))
	}
	return nil
}

// DeletePaper removes a paper and its topic tags; its user state is kept
// so a later sync that brings it back finds the star and note again.
func (db *DB) DeletePaper(ctx context.Context, id string) error {
	nid, err := NormalizeID(id)
	if err != nil {
		return err
	}
	res, err := db.sql.ExecContext(ctx, `DELETE FROM papers WHERE id = ?`, nid)
	if err != nil {
		return fmt.Errorf("delete paper %s: %w", nid, friendly(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %w", nid, ErrNotFound)
	}
	return nil
}

// CountPapers is the number of papers stored, as the count triggers keep
// it: counting the rows takes a tenth of a second at a million papers,
// and the reader asks after every sync.
func (db *DB) CountPapers(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT n FROM counts WHERE name = 'papers'`).Scan(&n)
	return n, friendly(err)
}
