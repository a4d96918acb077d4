package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest/benchgen"
)

// The benchmarks run against one generated database per run, of
// BENCH_DB_SIZE papers (default 100,000), built through ImportPapers and
// IndexPending as `paperboy import` does. With BENCH_DB_PATH the database
// is kept at that path and reused by the next run (of the same size).

var bench struct {
	once sync.Once
	db   *DB
	dir  string
	err  error
	n    int
}

func benchDB(b testing.TB) *DB {
	b.Helper()
	bench.once.Do(func() {
		bench.n = 100000
		if v, err := strconv.Atoi(os.Getenv("BENCH_DB_SIZE")); err == nil && v > 0 {
			bench.n = v
		}
		path := os.Getenv("BENCH_DB_PATH")
		if path == "" {
			bench.dir, bench.err = os.MkdirTemp("", "paperboy-bench")
			if bench.err != nil {
				return
			}
			path = filepath.Join(bench.dir, "papers.db")
		}
		_, statErr := os.Stat(path)
		bench.db, bench.err = Open(path)
		if bench.err != nil {
			return
		}
		ctx := context.Background()
		if statErr == nil {
			// Kept from an earlier run: only if it is of this size and
			// whole (an interrupted build is made again).
			var n int
			bench.db.sql.QueryRow(`SELECT n FROM counts WHERE name = 'papers'`).Scan(&n)
			if pending, err := bench.db.PendingIndex(ctx); err == nil && pending == 0 && n == bench.n {
				// One kept from before the recent index fills it now.
				if bench.err = bench.db.TendRecentIndex(ctx); bench.err == nil {
					bench.err = setBenchNow(bench.db)
				}
				return
			}
			bench.db.Close()
			for _, suf := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suf)
			}
			if bench.db, bench.err = Open(path); bench.err != nil {
				return
			}
		}
		start := time.Now()
		batch := make([]Paper, 0, 5000)
		flush := func() error {
			_, err := bench.db.ImportPapers(ctx, batch)
			batch = batch[:0]
			return err
		}
		bench.err = benchgen.Each(bench.n, func(p *benchgen.Paper) error {
			batch = append(batch, benchPaper(p))
			if len(batch) == cap(batch) {
				return flush()
			}
			return nil
		})
		if bench.err == nil {
			bench.err = flush()
		}
		if bench.err == nil {
			bench.err = bench.db.IndexPending(ctx, nil)
		}
		if bench.err == nil {
			bench.err = benchHistory(bench.db)
		}
		fmt.Fprintf(os.Stderr, "bench database: %d papers in %s\n", bench.n, time.Since(start).Round(time.Millisecond))
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db
}

func benchPaper(p *benchgen.Paper) Paper {
	out := Paper{
		ID: p.ID, Source: SourceArxiv, Title: p.Title, Abstract: p.Abstract,
		Authors: p.AuthorNames(), Categories: p.Categories,
		Published: p.Created.Format(time.DateOnly),
	}
	if p.HF {
		out.Source = SourceHF
		out.Upvotes = p.Upvotes
		out.AIKeywords = p.Keywords
		out.Daily = p.Daily.Format(time.DateOnly)
	}
	return out
}

// benchNow is the present of the benchmarks' rising sort: a day after the
// newest listing, when that day's papers are still gaining.
var benchNow time.Time

func setBenchNow(db *DB) error {
	var newest string
	if err := db.sql.QueryRow(`SELECT max(daily) FROM papers`).Scan(&newest); err != nil {
		return err
	}
	day, err := time.Parse(time.DateOnly, newest)
	if err != nil {
		return err
	}
	benchNow = day.Add(30 * time.Hour)
	return nil
}

// benchHistory gives every Hugging Face paper two weeks of daily history
// from its listing day (a paper gains its votes in its first days; the
// papers of the last year make a year of history), a GitHub repo for a
// tenth of them and linked models for a twentieth, replacing the rows the
// import wrote at the time it ran.
func benchHistory(db *DB) error {
	if err := setBenchNow(db); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM history`,
		`WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 13)
		INSERT OR REPLACE INTO history (pid, at, upvotes, comments, github_stars)
		SELECT p.pid, CAST(strftime('%s', p.daily) AS INTEGER) + n * 86400 + 21600, p.upvotes * (n + 1) / 14, 0, 0
		FROM papers p, k WHERE p.daily != ''`,
		`UPDATE papers SET github_repo = 'https://github.com/x/' || pid, github_stars = pid % 1000 WHERE daily != '' AND pid % 10 = 0`,
		`UPDATE papers SET models = pid % 7 + 1, links_fetched = 1 WHERE daily != '' AND pid % 20 = 0`,
		`ANALYZE`,
	} {
		if _, err := db.sql.Exec(q); err != nil {
			return err
		}
	}
	var rows int
	db.sql.QueryRow(`SELECT count(*) FROM history`).Scan(&rows)
	fmt.Fprintf(os.Stderr, "bench history: %d rows\n", rows)
	return nil
}

// BenchmarkRising is the rising sort's windows, and the has: filters'
// windows and counts.
func BenchmarkRising(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for _, at := range []struct {
		name string
		frac float64
	}{{"top", 0}, {"middle", 0.5}, {"end", 1}} {
		b.Run("rising/"+at.name, func(b *testing.B) {
			f := Filter{Sort: SortRising, Now: benchNow}
			off := max(int(at.frac*float64(bench.n))-90, 0)
			for b.Loop() {
				if _, err := db.Papers(ctx, f, off, 90); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, q := range []string{"has:code", "has:model", "stars:>500", "has:model rising"} {
		b.Run(q, func(b *testing.B) {
			f := Filter{Query: mustQuery(b, strings.TrimSuffix(q, " rising")), Now: benchNow}
			if strings.HasSuffix(q, " rising") {
				f.Sort = SortRising
			}
			for b.Loop() {
				if _, err := db.Count(ctx, f); err != nil {
					b.Fatal(err)
				}
				if _, err := db.Papers(ctx, f, 0, 90); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.db != nil {
		bench.db.Close()
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func mustQuery(b *testing.B, s string) *Query {
	q, err := ParseQuery(s)
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// BenchmarkWindow is the list pane's read: one window of rows at the top,
// in the middle and at the end of the listing, in each sort.
func BenchmarkWindow(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for _, sort := range []Sort{SortNew, SortTop, SortTrending} {
		for _, at := range []struct {
			name string
			frac float64
		}{{"top", 0}, {"middle", 0.5}, {"end", 1}} {
			b.Run(fmt.Sprintf("%s/%s", sort, at.name), func(b *testing.B) {
				f := Filter{Sort: sort}
				off := max(int(at.frac*float64(bench.n))-90, 0)
				for b.Loop() {
					if _, err := db.Papers(ctx, f, off, 90); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkCount is the position counter's total.
func BenchmarkCount(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		f    Filter
	}{
		{"all", Filter{}},
		{"tag", Filter{Tags: []Tag{{Kind: KindCategory, Name: "cs.CV"}}}},
		{"two tags", Filter{Tags: []Tag{{Kind: KindCategory, Name: "cs.CV"}, {Kind: KindCategory, Name: "cs.LG"}}}},
		{"unread", Filter{View: ViewUnread}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Count(ctx, c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch is one keystroke of the search box: the count and the
// first window, as the reader asks for them.
func BenchmarkSearch(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for _, q := range []string{"t", "tr", "tra", "trans", "transformer", "quantum spin", "neural network", `"neural network"`, "author:wang", "graph tag:cs.LG"} {
		for _, sort := range []Sort{SortRelevance, SortNew} {
			b.Run(fmt.Sprintf("%s/%s", q, sort), func(b *testing.B) {
				f := Filter{Query: mustQuery(b, q), Sort: sort}
				for b.Loop() {
					if _, err := db.Count(ctx, f); err != nil {
						b.Fatal(err)
					}
					if _, err := db.Papers(ctx, f, 0, 90); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkTagCounts is the filter pane's tag lists.
func BenchmarkTagCounts(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		for _, k := range []TagKind{KindCategory, KindUser} {
			if _, err := db.TagCounts(ctx, k, 0); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := db.TagCounts(ctx, KindKeyword, 50); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPaper reads one whole paper for the detail pane.
func BenchmarkPaper(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	items, err := db.Papers(ctx, Filter{}, 0, 100)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if _, err := db.Paper(ctx, items[i%len(items)].ID); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkImport writes papers through ImportPapers into a fresh
// database, 5,000 per transaction, as `paperboy import` does.
func BenchmarkImport(b *testing.B) {
	var papers []Paper
	benchgen.Each(20000, func(p *benchgen.Paper) error {
		q := benchPaper(p)
		q.Source = SourceArxiv
		papers = append(papers, q)
		return nil
	})
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(filepath.Join(b.TempDir(), "papers.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < len(papers); i += 5000 {
			if _, err := db.ImportPapers(ctx, papers[i:min(i+5000, len(papers))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(papers)*b.N)/b.Elapsed().Seconds(), "papers/s")
}

// benchQueries are every (n/50)th paper of the bench database: the papers
// the similar benchmark asks about, with their categories.
func benchQueries(b *testing.B, db *DB) (ids, cats []string) {
	b.Helper()
	rows, err := db.sql.Query(`SELECT id, primary_category FROM papers WHERE pid % ? = 0 LIMIT 50`, max(bench.n/50, 1))
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, cat string
		if err := rows.Scan(&id, &cat); err != nil {
			b.Fatal(err)
		}
		ids, cats = append(ids, id), append(cats, cat)
	}
	return ids, cats
}

// BenchmarkSimilar asks for the ten papers like each of 50 papers; "p@10"
// is the share of them in the asked paper's category (the corpus's
// topics).
func BenchmarkSimilar(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	ids, cats := benchQueries(b, db)
	var hits, asked int
	i := 0
	for b.Loop() {
		k := i % len(ids)
		i++
		got, err := db.Similar(ctx, ids[k], 10)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range got {
			if s.PrimaryCategory == cats[k] {
				hits++
			}
		}
		asked += 10
	}
	b.ReportMetric(float64(hits)/float64(max(asked, 1)), "p@10")
}

// BenchmarkForYou ranks the last 30 days for a user who starred ten
// papers of each of two categories; "p@10" is the share of the top ten in
// those two.
func BenchmarkForYou(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	db.SetClock(func() time.Time { return benchNow })
	defer db.SetClock(nil)
	want := map[string]bool{"cs.CV": true, "hep-th": true}
	for c := range want {
		ids, err := db.queryStrings(ctx, "seeds", `SELECT id FROM papers WHERE primary_category = ? ORDER BY date DESC LIMIT 10 OFFSET 200`, c)
		if err != nil || len(ids) == 0 {
			b.Fatalf("seeds of %s: %v", c, err)
		}
		for _, id := range ids {
			if err := db.SetStarred(ctx, id, true); err != nil {
				b.Fatal(err)
			}
			defer db.SetStarred(ctx, id, false) // a kept database stays as it was
		}
	}
	var hits, asked int
	for b.Loop() {
		got, err := db.ForYou(ctx, ForYouOptions{Days: 30, Limit: 10})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range got {
			if want[s.PrimaryCategory] {
				hits++
			}
		}
		asked += 10
	}
	b.ReportMetric(float64(hits)/float64(max(asked, 1)), "p@10")
}
