package store

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clockAt gives db a clock the test moves by hand.
func clockAt(db *DB, t0 time.Time) *time.Time {
	now := t0
	db.SetClock(func() time.Time { return now })
	return &now
}

func counts(p Paper, up, comments, stars int) Paper {
	p.Upvotes, p.Comments, p.GitHubStars = up, comments, stars
	return p
}

func TestHistoryRecordsChangesOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := clockAt(db, time.Date(2025, 5, 15, 8, 0, 0, 0, time.UTC))
	p := hfPaper("2505.00001", "Momentum")
	mustUpsert(t, db, counts(p, 5, 1, 0))
	*now = now.Add(time.Hour)
	mustUpsert(t, db, counts(p, 5, 1, 0)) // unchanged: no row
	*now = now.Add(time.Hour)
	title := counts(p, 5, 1, 0)
	title.Title = "Momentum, revised" // a change, but not of the counts
	mustUpsert(t, db, title)
	*now = now.Add(time.Hour)
	mustUpsert(t, db, counts(title, 9, 1, 0))
	*now = now.Add(time.Hour)
	mustUpsert(t, db, counts(title, 9, 2, 40))
	// An arXiv record of the paper brings no counts: nothing changes.
	*now = now.Add(time.Hour)
	mustUpsert(t, db, Paper{ID: p.ID, Source: SourceArxiv, Title: "Momentum", Categories: []string{"cs.LG"}})
	// An arXiv-only paper has no counts and no history.
	mustUpsert(t, db, Paper{ID: "2505.00002", Source: SourceArxiv, Title: "Quiet", Categories: []string{"cs.LG"}})

	h, err := db.History(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 5, 15, 8, 0, 0, 0, time.UTC)
	want := []HistoryPoint{
		{At: t0, Upvotes: 5, Comments: 1},
		{At: t0.Add(3 * time.Hour), Upvotes: 9, Comments: 1},
		{At: t0.Add(4 * time.Hour), Upvotes: 9, Comments: 2, GitHubStars: 40},
	}
	if len(h) != len(want) {
		t.Fatalf("history = %+v, want %+v", h, want)
	}
	for i := range want {
		if !h[i].At.Equal(want[i].At) || h[i].Upvotes != want[i].Upvotes || h[i].Comments != want[i].Comments ||
			h[i].GitHubStars != want[i].GitHubStars {
			t.Errorf("history[%d] = %+v, want %+v", i, h[i], want[i])
		}
	}
	if h, _ := db.History(ctx, "2505.00002"); len(h) != 0 {
		t.Errorf("arXiv-only paper has history %+v", h)
	}
	got, err := db.Paper(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.History) != 3 || got.Upvotes24h != 4 {
		t.Errorf("Paper: %d history rows, +%d; want 3, +4", len(got.History), got.Upvotes24h)
	}
}

// The gain over the last 24 hours across several daily syncs, and for a
// paper first seen within the day, from Go and from SQL alike.
func TestGainOverTheLastDay(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2025, 5, 10, 6, 0, 0, 0, time.UTC)
	now := clockAt(db, t0)
	old := hfPaper("2505.00010", "Old and steady")
	hot := hfPaper("2505.00011", "Old and rising")
	// Days 0..4 at 06:00: steady gains 1 a day, hot gains 1, 2, 4, 8.
	for d, hv := range []int{10, 11, 13, 17, 25} {
		*now = t0.AddDate(0, 0, d)
		mustUpsert(t, db, counts(old, 100+d, 0, 0), counts(hot, hv, 0, 0))
	}
	// Day 4, 18:00: a new paper, first seen with 3, then 12 at 22:00.
	fresh := hfPaper("2505.00012", "New today")
	*now = t0.AddDate(0, 0, 4).Add(12 * time.Hour)
	mustUpsert(t, db, counts(fresh, 3, 0, 0))
	*now = now.Add(4 * time.Hour)
	mustUpsert(t, db, counts(fresh, 12, 0, 0))
	// Day 5, 05:00: 23 hours after day 4's sync, 24 after nothing.
	*now = t0.AddDate(0, 0, 5).Add(-time.Hour)

	want := map[string]int{old.ID: 1, hot.ID: 8, fresh.ID: 9}
	for id, g := range want {
		p, err := db.Paper(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Upvotes24h != g {
			t.Errorf("%s: Upvotes24h = %d, want %d", id, p.Upvotes24h, g)
		}
		var sqlGain int
		if err := db.sql.QueryRow(`SELECT `+gainSQL("p.pid", *now)+` FROM papers p WHERE p.id = ?`, id).Scan(&sqlGain); err != nil {
			t.Fatal(err)
		}
		if sqlGain != g {
			t.Errorf("%s: SQL gain = %d, want %d", id, sqlGain, g)
		}
	}
	// Two days later nothing changed since: no gain, and rising falls
	// back to upvotes.
	ids := func(f Filter) []string {
		items, err := db.Papers(ctx, f, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	if got := ids(Filter{Sort: SortRising}); !slices.Equal(got, []string{fresh.ID, hot.ID, old.ID}) {
		t.Errorf("rising = %v", got)
	}
	// Windows read across the two parts agree with one read.
	first, _ := db.Papers(ctx, Filter{Sort: SortRising}, 0, 2)
	second, _ := db.Papers(ctx, Filter{Sort: SortRising}, 2, 5)
	if len(first) != 2 || len(second) != 1 || second[0].ID != old.ID {
		t.Errorf("windows: %v then %v", first, second)
	}
	// A search sorts by the same gain.
	if got := ids(Filter{Sort: SortRising, Query: mustParse(t, "old")}); !slices.Equal(got, []string{hot.ID, old.ID}) {
		t.Errorf("rising search = %v", got)
	}
	*now = now.AddDate(0, 0, 2)
	if got := ids(Filter{Sort: SortRising}); !slices.Equal(got, []string{old.ID, hot.ID, fresh.ID}) {
		t.Errorf("rising two days later = %v, want by upvotes", got)
	}
	if p, _ := db.Paper(ctx, hot.ID); p.Upvotes24h != 0 {
		t.Errorf("two days later: +%d", p.Upvotes24h)
	}
}

func mustParse(t *testing.T, s string) *Query {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Deleting a paper takes its history and nothing of the user's state; a
// later sync that brings it back starts a new history.
func TestDeleteTakesHistoryNotUserState(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := clockAt(db, time.Date(2025, 5, 15, 8, 0, 0, 0, time.UTC))
	p := hfPaper("2505.00020", "Kept")
	mustUpsert(t, db, counts(p, 1, 0, 0))
	*now = now.Add(time.Hour)
	mustUpsert(t, db, counts(p, 2, 0, 0))
	if err := db.SetStarred(ctx, p.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetNote(ctx, p.ID, "read this"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePaper(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	var rows int
	db.sql.QueryRow(`SELECT count(*) FROM history`).Scan(&rows)
	if rows != 0 {
		t.Errorf("%d history rows outlive their paper", rows)
	}
	*now = now.Add(time.Hour)
	mustUpsert(t, db, counts(p, 7, 0, 0))
	got, err := db.Paper(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Starred || got.Note != "read this" || len(got.History) != 1 || got.History[0].Upvotes != 7 {
		t.Errorf("after delete and sync: starred %v, note %q, history %+v", got.Starred, got.Note, got.History)
	}
}

// The rising sort's two parts read indexes, never the whole table sorted.
func TestRisingUsesIndexes(t *testing.T) {
	db := openTest(t)
	now := time.Now()
	gains := gainsCTE(now)
	for q, want := range map[string]string{
		gains + `SELECT p.id FROM papers p WHERE p.pid NOT IN (SELECT pid FROM g) ORDER BY p.upvotes DESC, p.date DESC, p.pid DESC LIMIT 50`: "papers_by_upvotes",
		gains + `SELECT p.id FROM g JOIN papers p ON p.pid = g.pid ORDER BY g.gain DESC LIMIT 50`:                                            "history_by_time",
	} {
		all := queryPlan(t, db, q)
		if !strings.Contains(all, want) || strings.Contains(all, "TEMP B-TREE FOR ORDER BY") && want == "papers_by_upvotes" ||
			strings.Contains(all, "SCAN history") {
			t.Errorf("plan of %q:\n%s", q, all)
		}
	}
}

// TestHistorySize measures the history of papers synced daily for a year,
// their upvotes a random walk (most days a change): 100 papers, or
// PAPERBOY_HISTORY_PAPERS. A row must stay under 40 bytes with its index.
func TestHistorySize(t *testing.T) {
	n := 100
	if v, err := strconv.Atoi(os.Getenv("PAPERBOY_HISTORY_PAPERS")); err == nil && v > 0 {
		n = v
	}
	db := openTest(t)
	t0 := time.Date(2025, 1, 1, 6, 0, 0, 0, time.UTC)
	now := clockAt(db, t0)
	r := rand.New(rand.NewSource(1))
	papers := make([]Paper, n)
	for i := range papers {
		papers[i] = hfPaper(fmt.Sprintf("2501.%05d", i), "Paper")
		papers[i].Upvotes = 1 + r.Intn(20)
	}
	used := func() int64 {
		var pages, free, size int64
		db.sql.QueryRow(`PRAGMA page_count`).Scan(&pages)
		db.sql.QueryRow(`PRAGMA freelist_count`).Scan(&free)
		db.sql.QueryRow(`PRAGMA page_size`).Scan(&size)
		return (pages - free) * size
	}
	// The papers' rows are written on the first day and keep their size;
	// what the file grows by after it is the history.
	var used0, rows0 int64
	for d := 0; d < 365; d++ {
		*now = t0.AddDate(0, 0, d)
		for i := range papers {
			p := &papers[i]
			p.Upvotes += r.Intn(3) // 0, 1 or 2 a day
			if r.Intn(10) == 0 {
				p.Comments++
			}
			if r.Intn(5) == 0 {
				p.GitHubStars += r.Intn(30)
			}
		}
		mustUpsert(t, db, papers...)
		if d == 0 {
			if _, err := db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			used0 = used()
			db.sql.QueryRow(`SELECT count(*) FROM history`).Scan(&rows0)
		}
	}
	if _, err := db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	var rows int64
	db.sql.QueryRow(`SELECT count(*) FROM history`).Scan(&rows)
	bytes := used() - used0
	rows -= rows0
	perRow := float64(bytes) / float64(max(rows, 1))
	t.Logf("history of %d papers × 365 days: %d rows, %d bytes (%.1f bytes a row)", n, rows, bytes, perRow)
	if rows < int64(n)*250 || perRow > 40 || perRow < 8 {
		t.Errorf("%d rows, %.1f bytes a row", rows, perRow)
	}
}

// The rising sort's windows, read in two parts and deep ones backwards,
// are those of one query ordered by the gain.
func TestRisingWindowsMatchOneQuery(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2025, 5, 10, 6, 0, 0, 0, time.UTC)
	now := clockAt(db, t0)
	var ps []Paper
	for i := 0; i < 60; i++ {
		ps = append(ps, Paper{ID: fmt.Sprintf("2401.%05d", i), Title: fmt.Sprintf("Paper %d", i), Source: SourceHF,
			Published: fmt.Sprintf("2024-01-%02d", 1+i%20), Upvotes: i % 7, Categories: []string{"cs.AR"}})
	}
	mustUpsert(t, db, ps...)
	*now = t0.Add(5 * time.Hour)
	for i := range ps {
		if i%4 == 0 {
			ps[i].Upvotes += i % 5
		}
	}
	mustUpsert(t, db, ps...)
	*now = now.Add(time.Hour)
	ids := func(items []ListItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	defer func(d int) { deepOffset = d }(deepOffset)
	for _, f := range []Filter{{Sort: SortRising}, {Sort: SortRising, Tags: []Tag{{Kind: KindCategory, Name: "cs.AR"}}},
		{Sort: SortRising, Query: mustParse(t, "upvotes:>2")}} {
		for off := 0; off <= 62; off += 7 {
			c := f.compile()
			args := append(append([]any(nil), c.where.args...), 9, off)
			want, err := db.scanItems(ctx, `SELECT `+listColumns+` FROM papers p LEFT JOIN user_state u ON u.id = p.id
				WHERE `+c.where.String()+` ORDER BY `+risingOrder(*now)+` LIMIT ? OFFSET ?`, args, 9, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, deep := range []int{1 << 30, 1} {
				deepOffset = deep
				got, err := db.Papers(ctx, f, off, 9)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), ids(want)) {
					t.Fatalf("%+v offset %d deep %d: got %v, want %v", f.Query, off, deep, ids(got), ids(want))
				}
			}
		}
	}
}
