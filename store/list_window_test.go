package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// Windows near the end of a listing are read backwards; they must be the
// same rows, in the same order, as reading forwards.
func TestDeepWindowsMatchForward(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var ps []Paper
	for i := 0; i < 60; i++ {
		ps = append(ps, Paper{
			ID: fmt.Sprintf("2401.%05d", i), Title: fmt.Sprintf("Paper %d", i), Source: SourceHF,
			Published: fmt.Sprintf("2024-01-%02d", 1+i%20), Upvotes: i % 7,
			Categories: []string{"cs.AR"},
		})
	}
	if _, err := db.UpsertPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	ids := func(items []ListItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	defer func(d int) { deepOffset = d }(deepOffset)
	for _, f := range []Filter{{Sort: SortNew}, {Sort: SortTop}, {Sort: SortNew, Tags: []Tag{{Kind: KindCategory, Name: "cs.AR"}}}, {Sort: SortTrending}} {
		for off := 0; off <= 62; off += 7 {
			deepOffset = 1 << 30
			var want []ListItem
			var err error
			if f.Sort == SortTrending {
				want, err = db.trendingOneQuery(ctx, f, off, 9)
			} else {
				want, err = db.Papers(ctx, f, off, 9)
			}
			if err != nil {
				t.Fatal(err)
			}
			deepOffset = 1
			got, err := db.Papers(ctx, f, off, 9)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), ids(want)) {
				t.Fatalf("sort %v offset %d: got %v, want %v", f.Sort, off, ids(got), ids(want))
			}
		}
	}
}

// A plain search counts in the index and ranks inside it; the results are
// those of the general query.
func TestPlainSearchFastPaths(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var ps []Paper
	for i := 0; i < 30; i++ {
		ps = append(ps, Paper{
			ID: fmt.Sprintf("2402.%05d", i), Title: fmt.Sprintf("systolic arrays %d", i), Source: SourceArxiv,
			Abstract:  fmt.Sprintf("paper %d about %s", i, []string{"systolic", "accelerators", "caches"}[i%3]),
			Published: fmt.Sprintf("2024-02-%02d", 1+i%20), Categories: []string{"cs.AR", "cs.LG"},
		})
	}
	if _, err := db.UpsertPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	q, err := ParseQuery("systolic")
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.Count(ctx, Filter{Query: q})
	if err != nil || n != 30 {
		t.Fatalf("count = %d, %v; want 30", n, err)
	}
	items, err := db.Papers(ctx, Filter{Query: q, Sort: SortRelevance}, 5, 10)
	if err != nil || len(items) != 10 {
		t.Fatalf("window: %d items, %v", len(items), err)
	}
	n, err = db.Count(ctx, Filter{Tags: []Tag{{Kind: KindCategory, Name: "cs.lg"}}})
	if err != nil || n != 30 {
		t.Fatalf("tag count = %d, %v; want 30", n, err)
	}
}

// trendingOneQuery is the trending sort as a single query over every row.
func (db *DB) trendingOneQuery(ctx context.Context, f Filter, offset, limit int) ([]ListItem, error) {
	c := f.compile()
	var args []any
	order := f.orderBy(&c, &args)
	args = append(args, limit, offset)
	return db.scanItems(ctx, `SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
		ORDER BY `+order+` LIMIT ? OFFSET ?`, args, limit, false)
}

// Rebuilding the search index with the one-character prefix keeps rows a
// bulk import has not indexed yet out of it, for IndexPending to add once.
func TestMigratePrefix1KeepsPendingRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	openAtVersion(t, path, 3)
	sdb, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`INSERT INTO papers (id, title, abstract, authors, indexed, first_seen, updated)
		VALUES ('2401.00007', 'Pending paper', 'systolic pending', 'A', 0, 1, 1)`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if ids := searchIDs(t, db, "s"); len(ids) != 0 {
		t.Fatalf("pending row searchable before indexing: %v", ids)
	}
	if err := db.IndexPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, db, "s"); !slices.Equal(ids, []string{"2401.00007"}) {
		t.Fatalf(`search "s" = %v`, ids)
	}
	if ids := searchIDs(t, db, "co-design"); !slices.Equal(ids, []string{"2505.09343"}) {
		t.Fatalf(`search "co-design" = %v`, ids)
	}
	if _, err := db.sql.Exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("index integrity: %v", err)
	}
}

// The count of every paper, kept by triggers, follows inserts and deletes.
func TestCountAllFollowsWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	check := func(want int) {
		t.Helper()
		n, err := db.Count(ctx, Filter{})
		if err != nil || n != want {
			t.Fatalf("count = %d, %v; want %d", n, err, want)
		}
		if n, _ := db.CountPapers(ctx); n != want {
			t.Fatalf("CountPapers = %d, want %d", n, want)
		}
	}
	check(0)
	var ps []Paper
	for i := 0; i < 5; i++ {
		ps = append(ps, Paper{ID: fmt.Sprintf("2403.%05d", i), Title: "t", Source: SourceArxiv})
	}
	if _, err := db.ImportPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertPapers(ctx, ps[:2]); err != nil {
		t.Fatal(err)
	}
	check(5)
	if err := db.DeletePaper(ctx, ps[0].ID); err != nil {
		t.Fatal(err)
	}
	check(4)
}
