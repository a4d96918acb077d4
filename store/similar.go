package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/relevance"
)

// Similar papers and For you: a paper's terms are weighed (relevance)
// by how many papers hold each (vocabulary.go); the search index finds
// the papers holding its strongest terms, and relevance scores those few
// candidates and names what they share. The work is bounded by what the
// index reads, never by the size of the database: the strongest terms are
// taken as long as their papers add up to postingBudget (a term that
// would overrun it is passed over), and only the best candidates are
// read.

// Suggestion is a paper suggested for its closeness to another, or to the
// papers the user keeps.
type Suggestion struct {
	ListItem
	Score   float64  // in [0, 1): the share of the best score the query allows
	Because []string // the terms that made it close, strongest first
	// Like is the kept paper it is closest to (For you): its id, its title
	// and how the user keeps it ("starred", "tagged moe").
	LikeID, Like, Kept string
}

// Reason is the suggestion's reason in one line: `like "Title" (starred)
// · shares a, b, c`.
func (s *Suggestion) Reason() string {
	var parts []string
	if s.Like != "" {
		parts = append(parts, fmt.Sprintf("like %q (%s)", clipTitle(s.Like), s.Kept))
	}
	if len(s.Because) > 0 {
		parts = append(parts, "shares "+strings.Join(s.Because, ", "))
	}
	return strings.Join(parts, " · ")
}

func clipTitle(t string) string {
	if r := []rune(t); len(r) > 32 {
		return strings.TrimSpace(string(r[:31])) + "…"
	}
	return t
}

const (
	queryTerms    = 24    // a paper's strongest terms, its query
	matchTerms    = 14    // at most this many of them are looked up
	postingBudget = 15000 // index entries the candidate search may read
	candidateRows = 100   // candidates read and scored for similar papers
	forYouRows    = 300   // and for For you, from many more kept papers
	forYouLimit   = 150   // papers For you ranks when not told
	becauseTerms  = 3     // terms named in a reason
	profileSeeds  = 200   // the most recently kept papers make the profile
	dismissWeight = 0.6   // what a dismissal takes from the papers like it
)

// ErrNoSeeds is returned by ForYou when the user keeps no paper to start
// from.
var ErrNoSeeds = errors.New("star a few papers to get suggestions")

// doc is a paper as relevance reads it.
type doc struct {
	pid   int64
	id    string
	title string
	a     relevance.Analyzed
}

// readDocs reads and analyzes the papers with the given pids (the full
// text too for the ones in withText).
func (db *DB) readDocs(ctx context.Context, pids []int64, withText map[string]bool) ([]doc, error) {
	out := make([]doc, 0, len(pids))
	err := db.papersByPid(ctx, "read papers", "pid, id, title, abstract, keywords, categories", pids, func(rows *sql.Rows) error {
		var d doc
		var abstract, keywords, cats string
		if err := rows.Scan(&d.pid, &d.id, &d.title, &abstract, &keywords, &cats); err != nil {
			return err
		}
		rd := relevance.Doc{Title: d.title, Abstract: abstract, Keywords: splitLines(keywords), Categories: strings.Fields(cats)}
		if withText[d.id] {
			if t, err := db.Text(ctx, d.id); err == nil {
				rd.Body = t.Markdown
			}
		}
		d.a = relevance.Analyze(rd)
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// In the order asked for.
	at := make(map[int64]int, len(pids))
	for i, p := range pids {
		at[p] = i
	}
	slices.SortFunc(out, func(x, y doc) int { return at[x.pid] - at[y.pid] })
	return out, nil
}

// papersByPid reads columns cols of the papers with the given pids, a
// few hundred per query, handing each row to scan; what names the work in
// its errors.
func (db *DB) papersByPid(ctx context.Context, what, cols string, pids []int64, scan func(*sql.Rows) error) error {
	for chunk := range slices.Chunk(pids, 500) {
		args := make([]any, len(chunk))
		for i, p := range chunk {
			args[i] = p
		}
		rows, err := db.sql.QueryContext(ctx, `SELECT `+cols+` FROM papers WHERE pid IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", what, friendly(err))
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("%s: %w", what, friendly(err))
		}
	}
	return nil
}

// lookup is a term the candidate search looks up, with what a paper
// holding it gains.
type lookup struct {
	term   string
	weight float64
}

// lookups are the terms the candidates of several queries are found by:
// each query's strongest in turn (the first of each, then the second of
// each...), as long as their papers fit the budget, at most limit of
// them. A query's terms weigh as a share of its strongest, so that each
// query counts alike.
func lookups(queries []relevance.Vector, s *relevance.Stats, limit int) []lookup {
	tops := make([][]string, len(queries))
	for i, q := range queries {
		tops[i] = q.Top(len(q))
	}
	budget := postingBudget
	var out []lookup
	at := map[string]int{}
	for i := 0; len(out) < limit; i++ {
		more := false
		for k, top := range tops {
			if i >= len(top) || len(out) == limit {
				continue
			}
			more = true
			t := top[i]
			w := queries[k][t] / queries[k][top[0]]
			if j, ok := at[t]; ok {
				out[j].weight = max(out[j].weight, w)
				continue
			}
			if strings.HasPrefix(t, "cat:") || s.DF[t] > budget {
				continue
			}
			budget -= s.DF[t]
			at[t] = len(out)
			out = append(out, lookup{t, w})
		}
		if !more {
			break
		}
	}
	return out
}

// holders is the SQL of the papers holding the lookups' terms, each with
// the sum of the weights of the terms it holds (pid, s). A word is found
// in the search index's title, abstract and keywords; a keyword by its
// tag, which is exact and reads only its own papers (in the index, a
// keyword's phrase reads every paper holding each of its words).
func holders(terms []lookup) (string, []any) {
	parts := make([]string, 0, len(terms))
	args := make([]any, 0, 2*len(terms))
	for _, t := range terms {
		if kw, ok := strings.CutPrefix(t.term, "kw:"); ok {
			parts = append(parts, `SELECT pt.pid, ? AS w FROM tags t JOIN paper_tags pt ON pt.tid = t.tid WHERE t.kind = 'kw' AND t.name = ?`)
			args = append(args, t.weight, kw)
			continue
		}
		parts = append(parts, `SELECT rowid AS pid, ? AS w FROM papers_fts WHERE papers_fts MATCH ?`)
		args = append(args, t.weight, `{title abstract keywords} : "`+strings.ReplaceAll(t.term, `"`, `""`)+`"`)
	}
	return `SELECT pid, sum(w) AS s FROM (` + strings.Join(parts, ` UNION ALL `) + `) GROUP BY pid`, args
}

// candidates are the papers holding the most of the lookups' weight, at
// most limit, leaving out skip; since, when set, keeps the papers listed
// on or after that day. Ranking them by the weights they hold, in SQLite,
// is what lets the search stay within its budget: FTS5's bm25 first
// counts every paper holding each phrase.
func (db *DB) candidates(ctx context.Context, terms []lookup, since string, skip map[int64]bool, limit int) ([]int64, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	held, args := holders(terms)
	q := `SELECT pid FROM (` + held + `) ORDER BY s DESC, pid DESC LIMIT ?`
	if since != "" {
		// For you: recent papers, none the user keeps or dismissed.
		q = `SELECT c.pid FROM (` + held + `) c JOIN papers p ON p.pid = c.pid
			WHERE p.date >= ?
				AND p.id NOT IN (SELECT id FROM user_state WHERE starred_at IS NOT NULL OR dismissed_at IS NOT NULL)
				AND p.id NOT IN (SELECT id FROM user_tags)
			ORDER BY c.s DESC, c.pid DESC LIMIT ?`
		args = append(args, since)
	}
	args = append(args, limit+len(skip))
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find similar papers: %w", friendly(err))
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var pid int64
		if err := rows.Scan(&pid); err != nil {
			return nil, fmt.Errorf("find similar papers: %w", err)
		}
		if !skip[pid] && len(out) < limit {
			out = append(out, pid)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find similar papers: %w", friendly(err))
	}
	return out, nil
}

// Similar is the papers most like one paper, best first: by title,
// abstract, keywords and categories, and its full text when downloaded.
func (db *DB) Similar(ctx context.Context, id string, limit int) ([]Suggestion, error) {
	nid, err := db.requirePaper(ctx, db.sql, id)
	if err != nil {
		return nil, err
	}
	var pid int64
	var hasText bool
	if err := db.sql.QueryRowContext(ctx, `SELECT pid, EXISTS (SELECT 1 FROM texts WHERE id = ?1) FROM papers WHERE id = ?1`,
		nid).Scan(&pid, &hasText); err != nil {
		return nil, fmt.Errorf("find papers like %s: %w", nid, friendly(err))
	}
	self, err := db.readDocs(ctx, []int64{pid}, map[string]bool{nid: hasText})
	if err != nil || len(self) == 0 {
		return nil, err
	}
	st, err := db.stats(ctx, self[0].a)
	if err != nil {
		return nil, err
	}
	q := st.Query(self[0].a, queryTerms)
	pids, err := db.candidates(ctx, lookups([]relevance.Vector{q}, st, matchTerms), "", map[int64]bool{pid: true}, max(candidateRows, limit))
	if err != nil {
		return nil, err
	}
	cands, err := db.readDocs(ctx, pids, nil)
	if err != nil {
		return nil, err
	}
	top := st.MaxScore(q)
	ranked := make([]scored, 0, len(cands))
	for _, c := range cands {
		sc, parts := st.Score(q, c.a)
		if sc > 0 {
			ranked = append(ranked, scored{d: c, score: sc, parts: parts})
		}
	}
	ranked = bestOf(ranked, limit)
	out := make([]Suggestion, len(ranked))
	ids := make([]string, len(ranked))
	for i, r := range ranked {
		out[i] = Suggestion{Score: r.score / max(top, 1e-9), Because: relevance.Because(r.parts, self[0].a, r.d.a, becauseTerms)}
		ids[i] = r.d.id
	}
	return db.withItems(ctx, out, ids)
}

// SimilarSeed names the stored ranking of the papers like one paper
// (Filter.Seed of the ViewSimilar view).
func SimilarSeed(id string) string { return likePrefix + id }

const (
	likePrefix = "like:"
	tagPrefix  = "tag:"
)

// ParseSeed reads a ranking's name: the user tag For you starts from, or
// the paper whose similar papers it ranks ("", "" for For you from every
// kept paper).
func ParseSeed(seed string) (tag, like string) {
	if t, ok := strings.CutPrefix(seed, tagPrefix); ok {
		return t, ""
	}
	if id, ok := strings.CutPrefix(seed, likePrefix); ok {
		return "", id
	}
	return "", ""
}

// RankSimilar ranks the papers like one paper and stores the ranking, so
// that the list shows it as a listing (Filter{View: ViewSimilar, Seed:
// SimilarSeed(id)}) to browse, star and filter. Only the latest such
// ranking is kept.
func (db *DB) RankSimilar(ctx context.Context, id string, limit int) (int, error) {
	out, err := db.Similar(ctx, id, limit)
	if err != nil {
		return 0, err
	}
	nid, _ := NormalizeID(id)
	return len(out), db.storeSuggestions(ctx, SimilarSeed(nid), out)
}

// scored is a candidate's score, the terms it shares and, for For you,
// the kept paper it is most like.
type scored struct {
	d     doc
	score float64
	like  *seed
	parts []relevance.Contribution
}

// bestOf is the limit best scored, best first (ties: the newest id first).
func bestOf(ranked []scored, limit int) []scored {
	slices.SortStableFunc(ranked, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return strings.Compare(y.d.id, x.d.id)
	})
	return ranked[:min(limit, len(ranked))]
}

// withItems fills each suggestion's list row.
func (db *DB) withItems(ctx context.Context, out []Suggestion, ids []string) ([]Suggestion, error) {
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	items, err := db.scanItems(ctx, `SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
		WHERE p.id IN (`+placeholders(len(ids))+`)`, args, len(ids), false)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]ListItem, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	for i, id := range ids {
		out[i].ListItem = byID[id]
	}
	return out, nil
}

// ForYouOptions say what For you ranks.
type ForYouOptions struct {
	Days  int    // papers listed in the last Days days (0: 30)
	Tag   string // start from the papers with this user tag ("": every starred and tagged paper)
	Limit int    // at most this many (0: forYouLimit)
	// Keep stores the ranking for the For you view (the reader's); the
	// command line's rankings are its own and leave the view's alone.
	Keep bool
}

// Seed names the ranking ForYou stores for these options: "" for the
// stars and tags, "tag:NAME" for one tag.
func (o ForYouOptions) Seed() string {
	if o.Tag == "" {
		return ""
	}
	return tagPrefix + strings.ToLower(o.Tag)
}

type seed struct {
	doc
	kept string
	q    relevance.Vector
	best float64 // q's best score (MaxScore)
}

// ForYou ranks the recent papers by how close they are to the papers the
// user keeps (starred or tagged, or tagged Tag), each with the kept paper
// it is most like and what they share; dismissed papers are left out and
// count against the papers like them. The ranking is stored, so the list
// shows it as the For you view (Filter.View = ViewForYou, Filter.Seed).
// ErrNoSeeds when there is nothing to start from.
func (db *DB) ForYou(ctx context.Context, o ForYouOptions) ([]Suggestion, error) {
	if o.Days <= 0 {
		o.Days = 30
	}
	if o.Limit <= 0 {
		o.Limit = forYouLimit
	}
	seeds, dismissed, err := db.seeds(ctx, o.Tag)
	if err != nil {
		return nil, err
	}
	if len(seeds) == 0 {
		if o.Keep {
			if err := db.storeSuggestions(ctx, o.Seed(), nil); err != nil {
				return nil, err
			}
		}
		if o.Tag != "" {
			return nil, fmt.Errorf("no paper is tagged %s: tag a few papers to get suggestions", o.Tag)
		}
		return nil, ErrNoSeeds
	}
	all := make([]relevance.Analyzed, 0, len(seeds)+len(dismissed))
	for _, s := range append(slices.Clone(seeds), dismissed...) {
		all = append(all, s.a)
	}
	st, err := db.stats(ctx, all...)
	if err != nil {
		return nil, err
	}
	// Each kept paper is a query of its own, so that a paper close to one
	// of them ranks high even when the kept papers are of several topics
	// (a sum of them would favour the words they all share, which say
	// least). Their strongest words, in turn, find the candidates.
	queries := make([]relevance.Vector, len(seeds))
	for i := range seeds {
		seeds[i].q = st.Query(seeds[i].a, queryTerms)
		seeds[i].best = st.MaxScore(seeds[i].q)
		queries[i] = seeds[i].q
	}
	for i := range dismissed {
		dismissed[i].q = st.Query(dismissed[i].a, queryTerms)
		dismissed[i].best = st.MaxScore(dismissed[i].q)
	}
	skip := map[int64]bool{}
	for _, s := range seeds {
		skip[s.pid] = true
	}
	for _, s := range dismissed {
		skip[s.pid] = true
	}
	since := db.now().AddDate(0, 0, -(o.Days - 1)).Format("2006-01-02")
	pids, err := db.candidates(ctx, lookups(queries, st, 3*matchTerms), since, skip, max(2*o.Limit, forYouRows))
	if err != nil {
		return nil, err
	}
	cands, err := db.readDocs(ctx, pids, nil)
	if err != nil {
		return nil, err
	}
	// A candidate scores as close as it is to the kept paper it is most
	// like, less how close it is to the dismissed paper it is most like
	// (each as a share of that paper's best score).
	var ranked []scored
	for _, c := range cands {
		var r scored
		r.d = c
		for i := range seeds {
			if s, parts := st.Score(seeds[i].q, c.a); s/max(seeds[i].best, 1e-9) > r.score {
				r.score, r.like, r.parts = s/max(seeds[i].best, 1e-9), &seeds[i], parts
			}
		}
		against := 0.0
		for i := range dismissed {
			d, _ := st.Score(dismissed[i].q, c.a)
			against = max(against, d/max(dismissed[i].best, 1e-9))
		}
		if r.score -= dismissWeight * against; r.score > 0 {
			ranked = append(ranked, r)
		}
	}
	ranked = bestOf(ranked, o.Limit)
	out := make([]Suggestion, len(ranked))
	ids := make([]string, len(ranked))
	for i, r := range ranked {
		out[i] = Suggestion{Score: r.score}
		if r.like != nil {
			out[i].LikeID, out[i].Like, out[i].Kept = r.like.id, r.like.title, r.like.kept
			out[i].Because = relevance.Because(r.parts, r.like.a, r.d.a, becauseTerms)
		}
		ids[i] = r.d.id
	}
	out, err = db.withItems(ctx, out, ids)
	if err != nil {
		return nil, err
	}
	if o.Keep {
		if err := db.storeSuggestions(ctx, o.Seed(), out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// seeds reads the kept papers (starred or tagged, or tagged tag), the most
// recently kept first, and the dismissed ones.
func (db *DB) seeds(ctx context.Context, tag string) (seeds, dismissed []seed, err error) {
	// From the user's own tables, which are small, to the papers by id.
	q := `WITH kept(id, at) AS (
			SELECT id, starred_at FROM user_state WHERE starred_at IS NOT NULL
			UNION ALL SELECT id, 0 FROM user_tags
		)
		SELECT p.pid, CASE WHEN u.starred_at IS NOT NULL THEN 'starred' ELSE
			'tagged ' || (SELECT t.name FROM user_tags ut JOIN tags t ON t.tid = ut.tid WHERE ut.id = p.id ORDER BY t.name LIMIT 1) END
		FROM (SELECT id, max(at) AS at FROM kept GROUP BY id) k
		JOIN papers p ON p.id = k.id
		LEFT JOIN user_state u ON u.id = k.id
		WHERE u.dismissed_at IS NULL
		ORDER BY k.at DESC, p.pid DESC LIMIT ?`
	args := []any{profileSeeds}
	if tag != "" {
		q = `SELECT p.pid, 'tagged ' || t.name FROM user_tags ut JOIN tags t ON t.tid = ut.tid AND t.kind = 'user' AND t.name = ?
			JOIN papers p ON p.id = ut.id LEFT JOIN user_state u ON u.id = ut.id
			WHERE u.dismissed_at IS NULL ORDER BY p.pid DESC LIMIT ?`
		args = []any{tag, profileSeeds}
	}
	seeds, err = db.readSeeds(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	dismissed, err = db.readSeeds(ctx, `SELECT p.pid, 'dismissed' FROM user_state u JOIN papers p ON p.id = u.id
		WHERE u.dismissed_at IS NOT NULL ORDER BY u.dismissed_at DESC LIMIT ?`, profileSeeds)
	return seeds, dismissed, err
}

func (db *DB) readSeeds(ctx context.Context, q string, args ...any) ([]seed, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the kept papers: %w", friendly(err))
	}
	var pids []int64
	kept := map[int64]string{}
	for rows.Next() {
		var pid int64
		var k sql.NullString
		if err := rows.Scan(&pid, &k); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the kept papers: %w", err)
		}
		pids, kept[pid] = append(pids, pid), k.String
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the kept papers: %w", friendly(err))
	}
	docs, err := db.readDocs(ctx, pids, nil)
	if err != nil {
		return nil, err
	}
	out := make([]seed, len(docs))
	for i, d := range docs {
		out[i] = seed{doc: d, kept: kept[d.pid]}
	}
	return out, nil
}

// similarKept is how long the rankings of similar papers are kept: the
// one on screen, and any made just before it (a ranking that finishes
// after a later one must not take that one's rows away).
const similarKept = time.Hour

// storeSuggestions replaces the stored ranking of a seed, and drops the
// rankings of similar papers older than similarKept.
func (db *DB) storeSuggestions(ctx context.Context, seedName string, out []Suggestion) error {
	now := time.Now()
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM suggestions WHERE seed = ?
			OR (seed LIKE 'like:%' AND made < ?)`, seedName, now.Add(-similarKept).Unix()); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO suggestions (seed, rank, pid, score, reason, made)
			SELECT ?, ?, pid, ?, ?, ? FROM papers WHERE id = ?`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for i, s := range out {
			if _, err := ins.ExecContext(ctx, seedName, i+1, s.Score, s.Reason(), now.Unix(), s.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep the For you ranking: %w", friendly(err))
	}
	return nil
}
