package store

import (
	"context"
	"fmt"
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
		ORDER BY `+order+` LIMIT ? OFFSET ?`, args, limit)
}
