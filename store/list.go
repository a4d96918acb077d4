package store

import (
	"context"
	"fmt"
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
)

var viewNames = [...]string{"All", "Starred", "Unread", "Today", "This week", "This month"}

func (v View) String() string {
	if v < 0 || int(v) >= len(viewNames) {
		return "All"
	}
	return viewNames[v]
}

// Views lists every view in the order the filter pane shows them.
func Views() []View { return []View{ViewAll, ViewStarred, ViewUnread, ViewToday, ViewWeek, ViewMonth} }

// Sort is the order of a listing.
type Sort int

const (
	SortNew       Sort = iota // listing date, newest first
	SortTop                   // most upvoted
	SortTrending              // upvotes decayed by age
	SortRelevance             // best search match first; new when not searching
)

var sortNames = [...]string{"newest", "top", "trending", "relevance"}

func (s Sort) String() string {
	if s < 0 || int(s) >= len(sortNames) {
		return "newest"
	}
	return sortNames[s]
}

// ParseSort reads "new", "newest", "top", "trending" or "relevance".
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
	}
	return 0, fmt.Errorf("unknown sort %q (use new, top, trending or relevance)", s)
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
}

// compiled is a filter turned into SQL.
type compiled struct {
	where sqlWhere
	match string // FTS expression to join on, or ""
}

func (f *Filter) compile() compiled {
	var c compiled
	c.match = f.Query.compile(&c.where)
	if len(f.Tags) > 0 {
		parts := make([]string, 0, len(f.Tags))
		for _, t := range f.Tags {
			cond, args := tagCond(t.Kind, t.Name)
			parts = append(parts, cond)
			c.where.args = append(c.where.args, args...)
		}
		sep := " AND "
		if f.AnyTag {
			sep = " OR "
		}
		c.where.conds = append(c.where.conds, "("+strings.Join(parts, sep)+")")
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
	}
	return c
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
	case SortRelevance:
		if c.match != "" {
			return "f.rank, p.date DESC, p.pid DESC"
		}
	}
	return "p.date DESC, p.pid DESC"
}

const listColumns = `p.id, p.title, p.first_author, p.author_count, p.org_name, p.org_display,
	p.published, p.daily, p.upvotes, p.comments, p.primary_category,
	u.starred_at IS NOT NULL, u.read_at IS NOT NULL`

// Papers reads one window of a listing: at most limit rows from offset.
// The list pane calls it as the cursor moves, so memory follows the
// window, never the size of the database.
func (db *DB) Papers(ctx context.Context, f Filter, offset, limit int) ([]ListItem, error) {
	c := f.compile()
	var args []any
	from := c.from(&args)
	args = append(args, c.where.args...)
	order := f.orderBy(&c, &args)
	args = append(args, limit, offset)
	q := `SELECT ` + listColumns + ` FROM ` + from + ` LEFT JOIN user_state u ON u.id = p.id
		WHERE ` + c.where.String() + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list papers: %w", friendly(err))
	}
	defer rows.Close()
	items := make([]ListItem, 0, limit)
	for rows.Next() {
		var it ListItem
		if err := rows.Scan(&it.ID, &it.Title, &it.FirstAuthor, &it.AuthorCount, &it.OrgName,
			&it.OrgDisplay, &it.Published, &it.Daily, &it.Upvotes, &it.Comments,
			&it.PrimaryCategory, &it.Starred, &it.Read); err != nil {
			return nil, fmt.Errorf("list papers: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list papers: %w", friendly(err))
	}
	return items, nil
}

// Count is the number of papers a filter selects.
func (db *DB) Count(ctx context.Context, f Filter) (int, error) {
	c := f.compile()
	var args []any
	from := c.from(&args)
	args = append(args, c.where.args...)
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+c.where.String(), args...).Scan(&n)
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
