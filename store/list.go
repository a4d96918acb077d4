package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// View is one of the fixed views of the filter pane.
type View int

const (
	ViewAll View = iota
	ViewStarred
	ViewUnread
	ViewToday
	ViewWeek
	ViewMonth
	ViewNew      // first seen since the reader's previous visit
	ViewStarNews // starred papers that gained their first GitHub repo or linked model
	ViewForYou   // the recent papers most like the user's, as ForYou last ranked them
	ViewSimilar  // the papers like one paper, as RankSimilar last ranked them (Filter.Seed)
)

var viewNames = [...]string{"All", "Starred", "Unread", "Today", "This week", "This month", "New since last visit", "News on your stars", "For you", "Similar papers"}

func (v View) String() string {
	if v < 0 || int(v) >= len(viewNames) {
		return "All"
	}
	return viewNames[v]
}

// Views lists every view in the order the filter pane shows them.
func Views() []View {
	return []View{ViewForYou, ViewAll, ViewStarred, ViewUnread, ViewToday, ViewWeek, ViewMonth, ViewNew, ViewStarNews}
}

// Counted reports whether the filter pane shows the view's count: the
// views that tell what came, whose counts are small and read from an
// index.
func (v View) Counted() bool { return v == ViewNew || v == ViewStarNews || v == ViewForYou }

// Ranked reports the views of a stored ranking (For you, similar papers):
// their natural order is the ranking's, and each row has its reason.
func (v View) Ranked() bool { return v == ViewForYou || v == ViewSimilar }

// Sort is the order of a listing.
type Sort int

const (
	SortNew       Sort = iota // listing date, newest first; a day as Hugging Face ranks it
	SortTop                   // most upvoted
	SortTrending              // upvotes decayed by age
	SortRelevance             // best search match first; new when not searching
	SortRising                // upvotes gained in the last 24 hours, then upvotes
)

var sortNames = [...]string{"newest", "top", "trending", "relevance", "rising"}

func (s Sort) String() string {
	if s < 0 || int(s) >= len(sortNames) {
		return "newest"
	}
	return sortNames[s]
}

// ParseSort reads "new", "newest", "top", "trending", "rising" or "relevance".
func ParseSort(s string) (Sort, error) {
	switch strings.ToLower(s) {
	case "new", "newest", "":
		return SortNew, nil
	case "top", "upvotes":
		return SortTop, nil
	case "trending", "hot":
		return SortTrending, nil
	case "relevance":
		return SortRelevance, nil
	case "rising":
		return SortRising, nil
	}
	return 0, fmt.Errorf("unknown sort %q (use new, top, trending, rising or relevance)", s)
}

// Filter selects and orders papers: a query in the search language, topic
// tags picked in the filter pane, and a view.
type Filter struct {
	Query  *Query
	Tags   []Tag
	AnyTag bool // tags combine with OR instead of AND
	View   View
	Sort   Sort
	// Now anchors the date views and trending; zero means time.Now().
	Now time.Time
	// Seed is the stored ranking a ranked view lists: For you's (see
	// ForYouOptions.Seed, "" for the one from every kept paper), or the
	// similar papers' (SimilarSeed).
	Seed string
	// SeenSince, when set, keeps the papers first stored at or after it
	// (what came since a digest's last morning).
	SeenSince time.Time
}

// compiled is a filter turned into SQL.
type compiled struct {
	where sqlWhere
	match string // FTS expression to join on, or ""
}

func (f *Filter) compile() compiled { return f.compileTags(false) }

// compileTags is compile; scanTags words the selected tags' conditions so
// that SQLite tests them against rows read in the listing's order rather
// than reading every tagged paper and sorting them (see Papers).
func (f *Filter) compileTags(scanTags bool) compiled {
	var c compiled
	c.match = f.Query.compile(&c.where)
	if len(f.Tags) > 0 {
		parts := make([]string, 0, len(f.Tags))
		for _, t := range f.Tags {
			cond, args := tagCond(t.Kind, t.Name)
			if scanTags {
				cond = strings.ReplaceAll(cond, "p.pid IN (", "+p.pid IN (")
			}
			parts = append(parts, cond)
			c.where.args = append(c.where.args, args...)
		}
		sep := " AND "
		if f.AnyTag {
			sep = " OR "
		}
		c.where.conds = append(c.where.conds, "("+strings.Join(parts, sep)+")")
	}
	if !f.SeenSince.IsZero() {
		c.where.add(`p.first_seen >= ?`, f.SeenSince.Unix())
	}
	now := f.now()
	day := func(back int) string { return now.AddDate(0, 0, -back).Format("2006-01-02") }
	switch f.View {
	case ViewStarred:
		c.where.add(`p.id IN (SELECT id FROM user_state WHERE starred_at IS NOT NULL)`)
	case ViewUnread:
		c.where.add(`p.id NOT IN (SELECT id FROM user_state WHERE read_at IS NOT NULL)`)
	case ViewToday:
		c.where.add(`p.date >= ?`, day(0))
	case ViewWeek:
		c.where.add(`p.date >= ?`, day(6))
	case ViewMonth:
		c.where.add(`p.date >= ?`, day(29))
	case ViewNew:
		c.where.add(newSince)
	case ViewStarNews:
		c.where.add(`p.id IN (SELECT n.id FROM star_news n JOIN user_state u ON u.id = n.id AND u.starred_at IS NOT NULL)`)
	case ViewForYou:
		// Dismissed since the ranking: hidden at once.
		c.where.add(`p.pid IN (SELECT pid FROM suggestions WHERE seed = ?)`, f.Seed)
		c.where.add(`p.id NOT IN (SELECT id FROM user_state WHERE dismissed_at IS NOT NULL)`)
	case ViewSimilar:
		c.where.add(`p.pid IN (SELECT pid FROM suggestions WHERE seed = ?)`, f.Seed)
	}
	return c
}

// filterNow is the filter's present: its own, else the store's.
func (db *DB) filterNow(f Filter) time.Time {
	if f.Now.IsZero() {
		return db.now()
	}
	return f.Now
}

func (f *Filter) now() time.Time {
	if f.Now.IsZero() {
		return time.Now()
	}
	return f.Now
}

// from is the FROM clause, joining the search index when ranking by it.
func (c *compiled) from(args *[]any) string {
	if c.match == "" {
		return "papers p"
	}
	*args = append(*args, c.match)
	return "papers_fts f JOIN papers p ON p.pid = f.rowid AND f.papers_fts MATCH ?"
}

// orderBy is the ORDER BY clause for a sort; ties break on the newest.
func (f *Filter) orderBy(c *compiled, args *[]any) string {
	switch f.Sort {
	case SortTop:
		return "p.upvotes DESC, p.date DESC, p.pid DESC"
	case SortTrending:
		// Upvotes over the square of the age in days (plus two, so the
		// newest papers are not divided by zero): a paper needs ever more
		// votes to stay on top as it ages.
		today := f.now().Format("2006-01-02")
		*args = append(*args, today, today)
		return `(p.upvotes * 1.0) / ((julianday(?) - julianday(p.date) + 2) * (julianday(?) - julianday(p.date) + 2)) DESC, p.date DESC, p.pid DESC`
	case SortRising:
		return risingOrder(f.now())
	case SortRelevance:
		if c.match != "" {
			return "f.rank, p.date DESC, p.pid DESC"
		}
	}
	return newestOrder
}

// newestOrder is the newest sort, the order of the papers_by_day index:
// days newest first, and within a day Hugging Face's order, most upvoted
// first, then the paper's place in the day's listing (papers never listed
// come after those that were), then the newest stored.
const newestOrder = "p.date DESC, p.upvotes DESC, p.day_rank, p.pid DESC"

const listColumns = `p.id, p.title, p.first_author, p.author_count, p.org_name, p.org_display,
	p.published, p.daily, p.upvotes, p.comments, p.primary_category,
	u.starred_at IS NOT NULL, u.read_at IS NOT NULL,
	EXISTS (SELECT 1 FROM texts t WHERE t.id = p.id)`

// Papers reads one window of a listing: at most limit rows from offset.
// The list pane calls it as the cursor moves, so memory follows the
// window, never the size of the database.
func (db *DB) Papers(ctx context.Context, f Filter, offset, limit int) ([]ListItem, error) {
	f.Now = db.filterNow(f)
	c := f.compile()
	if c.match == "" && len(f.Tags) > 0 && f.Sort != SortTrending && f.Sort != SortRising {
		big, err := db.bigTags(ctx, f)
		if err != nil {
			return nil, err
		}
		if big {
			c = f.compileTags(true)
		}
	}
	var args []any
	var q string
	reverse := false
	switch {
	case c.match != "" && len(c.where.conds) == 0:
		items, _, err := db.search(ctx, f, &c, offset, limit)
		return items, err
	case f.View.Ranked() && (f.Sort == SortRelevance || f.Sort == SortNew):
		// Ranked as ForYou or RankSimilar left it, each row with its reason.
		from := c.from(&args)
		args = append(args, f.Seed)
		args = append(args, c.where.args...)
		args = append(args, max(limit, 0), offset)
		q = `SELECT ` + listColumns + `, s.reason FROM ` + from + ` JOIN suggestions s ON s.pid = p.pid AND s.seed = ?
			LEFT JOIN user_state u ON u.id = p.id WHERE ` + c.where.String() + ` ORDER BY s.rank LIMIT ? OFFSET ?`
		return db.scanItems(ctx, q, args, limit, true)
	case f.Sort == SortTrending && c.match == "":
		return db.trending(ctx, f, offset, limit)
	case f.Sort == SortRising && c.match == "":
		return db.rising(ctx, f, offset, limit)
	default:
		from := c.from(&args)
		args = append(args, c.where.args...)
		order := f.orderBy(&c, &args)
		if offset >= deepOffset && c.match == "" && (f.Sort == SortNew || f.Sort == SortRelevance || f.Sort == SortTop) {
			// Deep in the listing (G): walk the index from the other end.
			total, err := db.Count(ctx, f)
			if err != nil {
				return nil, err
			}
			if back := total - offset - limit; back < offset {
				reverse = true
				order = reversedOrder(f.Sort)
				if back < 0 {
					limit += back
					back = 0
				}
				offset = back
			}
		}
		args = append(args, max(limit, 0), offset)
		q = `SELECT ` + listColumns + ` FROM ` + from + ` LEFT JOIN user_state u ON u.id = p.id
		WHERE ` + c.where.String() + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	}
	items, err := db.scanItems(ctx, q, args, limit, false)
	if reverse {
		slices.Reverse(items)
	}
	return items, err
}

// trending reads a window of the trending sort in two parts: the papers
// with upvotes, sorted by their score, then those without (a score of 0),
// newest first. Only the first part needs the score, and few papers have
// upvotes, so the sort never touches the whole table.
func (db *DB) trending(ctx context.Context, f Filter, offset, limit int) ([]ListItem, error) {
	voted := f.compile()
	voted.where.add(`p.upvotes > 0`)
	var k int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM papers p WHERE `+voted.where.String(),
		voted.where.args...).Scan(&k); err != nil {
		return nil, fmt.Errorf("list papers: %w", friendly(err))
	}
	var out []ListItem
	if offset < k {
		args := append([]any(nil), voted.where.args...)
		order := f.orderBy(&voted, &args)
		n := min(limit, k-offset)
		args = append(args, n, offset)
		items, err := db.scanItems(ctx, `SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
			WHERE `+voted.where.String()+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args, n, false)
		if err != nil {
			return nil, err
		}
		out = items
	}
	if rest := limit - len(out); rest > 0 && offset+len(out) >= k {
		unvoted := f.compile()
		unvoted.where.add(`p.upvotes <= 0`)
		args := append(append([]any(nil), unvoted.where.args...), rest, max(offset-k, 0))
		items, err := db.scanItems(ctx, `SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
			WHERE `+unvoted.where.String()+` ORDER BY `+newestOrder+` LIMIT ? OFFSET ?`, args, rest, false)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// searchCandidates is how many of the newest matches of a plain search
// are sorted (more when the window is deeper).
var searchCandidates = 2000

// bigTags reports whether the selected tags select so many papers that a
// window is read faster by walking the listing's index and testing each
// row (about 0.2 µs a row, 90/share rows for a window) than by reading
// every tagged paper and sorting them (about 5 µs a paper): when the
// tagged papers number more than about twice the square root of all.
func (db *DB) bigTags(ctx context.Context, f Filter) (bool, error) {
	agg := "min"
	if f.AnyTag {
		agg = "sum"
	}
	var conds []string
	var args []any
	for _, t := range f.Tags {
		if t.Kind != KindCategory && t.Kind != KindKeyword || strings.HasSuffix(t.Name, "*") {
			return false, nil
		}
		conds = append(conds, `(kind = ? AND name = ?)`)
		args = append(args, string(t.Kind), t.Name)
	}
	var tagged, all int
	err := db.sql.QueryRowContext(ctx, `SELECT coalesce((SELECT `+agg+`(papers) FROM tags WHERE `+
		strings.Join(conds, " OR ")+`), 0), (SELECT n FROM counts WHERE name = 'papers')`, args...).Scan(&tagged, &all)
	if err != nil {
		return false, fmt.Errorf("list papers: %w", friendly(err))
	}
	return tagged*tagged > 4*all, nil
}

// deepOffset is where Papers starts to read windows near the end of a
// listing backwards rather than skip every row before them.
var deepOffset = 5000

// reversedOrder is the ORDER BY of an index-ordered sort read backwards.
func reversedOrder(s Sort) string {
	if s == SortTop {
		return "p.upvotes ASC, p.date ASC, p.pid ASC"
	}
	return "p.date ASC, p.upvotes ASC, p.day_rank DESC, p.pid ASC"
}

// listDest is where a row of listColumns is scanned to.
func (it *ListItem) listDest() []any {
	return []any{&it.ID, &it.Title, &it.FirstAuthor, &it.AuthorCount, &it.OrgName,
		&it.OrgDisplay, &it.Published, &it.Daily, &it.Upvotes, &it.Comments,
		&it.PrimaryCategory, &it.Starred, &it.Read, &it.HasText}
}

// scanItems reads list rows (listColumns); withReason says a
// suggestion's reason follows them.
func (db *DB) scanItems(ctx context.Context, q string, args []any, limit int, withReason bool) ([]ListItem, error) {
	var more func(*ListItem) []any
	if withReason {
		more = func(it *ListItem) []any { return []any{&it.Reason} }
	}
	return db.scanRows(ctx, "list papers", q, args, limit, more)
}

// scanRows reads rows of listColumns followed by the columns more gives
// the destinations of (nil: none); what names the read in its errors.
func (db *DB) scanRows(ctx context.Context, what, q string, args []any, limit int, more func(*ListItem) []any) ([]ListItem, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, friendly(err))
	}
	defer rows.Close()
	items := make([]ListItem, 0, max(limit, 0))
	for rows.Next() {
		var it ListItem
		dest := it.listDest()
		if more != nil {
			dest = append(dest, more(&it)...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, friendly(err))
	}
	return items, nil
}

// Count is the number of papers a filter selects.
func (db *DB) Count(ctx context.Context, f Filter) (int, error) {
	f.Now = db.filterNow(f)
	c := f.compile()
	var args []any
	var q string
	switch {
	case c.match == "" && len(c.where.conds) == 0:
		// Everything: the count triggers keep.
		q = `SELECT n FROM counts WHERE name = 'papers'`
	case c.match != "" && len(c.where.conds) == 0:
		// A plain search: the index alone counts, no row is read.
		q, args = `SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?`, []any{c.match}
	case c.match == "" && f.Query.Empty() && f.View == ViewAll && len(f.Tags) == 1 &&
		(f.Tags[0].Kind == KindCategory || f.Tags[0].Kind == KindKeyword) &&
		!strings.HasSuffix(f.Tags[0].Name, "*"):
		// One category or keyword: its count is kept by triggers.
		q, args = `SELECT coalesce(sum(papers), 0) FROM tags WHERE kind = ? AND name = ?`,
			[]any{string(f.Tags[0].Kind), f.Tags[0].Name}
	default:
		from := c.from(&args)
		args = append(args, c.where.args...)
		q = `SELECT count(*) FROM ` + from + ` WHERE ` + c.where.String()
	}
	var n int
	err := db.sql.QueryRowContext(ctx, q, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count papers: %w", friendly(err))
	}
	return n, nil
}

// FullPapers reads whole papers for a filter (for exports and --json
// listings), at most limit of them.
func (db *DB) FullPapers(ctx context.Context, f Filter, limit int) ([]Paper, error) {
	items, err := db.Papers(ctx, f, 0, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Paper, 0, len(items))
	for _, it := range items {
		p, err := db.Paper(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
