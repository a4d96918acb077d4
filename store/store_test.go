package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "papers.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queryPlan is SQLite's plan for the query q, its steps joined by "; ".
func queryPlan(t *testing.T, db *DB, q string) string {
	t.Helper()
	rows, err := db.sql.Query(`EXPLAIN QUERY PLAN ` + q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

func mustUpsert(t *testing.T, db *DB, ps ...Paper) UpsertStats {
	t.Helper()
	st, err := db.UpsertPapers(context.Background(), ps)
	if err != nil {
		t.Fatalf("upsert: %v", err)
	}
	return st
}

func hfPaper(id, title string) Paper {
	return Paper{ID: id, Title: title, Abstract: "An abstract about " + title,
		Authors: []string{"Ada Lovelace", "Alan Turing"}, Published: "2025-05-14",
		Daily: "2025-05-15", Upvotes: 5, Source: SourceHF}
}

func TestOpenCreatesSchema(t *testing.T) {
	db := openTest(t)
	var v int
	if err := db.sql.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	db.sql.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	db.sql.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
}

// openAtVersion builds a database that stopped at an earlier schema version.
func openAtVersion(t *testing.T, path string, version int) {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	for v := 0; v < version; v++ {
		tx, err := sdb.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if err := migrations[v](tx); err != nil {
			t.Fatalf("migration %d: %v", v+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if version >= 1 {
		if _, err := sdb.Exec(`INSERT INTO papers (id, title, abstract, authors, first_seen, updated)
			VALUES ('2505.09343', 'Insights into DeepSeek-V3', 'hardware co-design', 'Chenggang Zhao', 1, 1)`); err != nil {
			t.Fatal(err)
		}
		if _, err := sdb.Exec(`INSERT INTO user_state (id, starred_at) VALUES ('2505.09343', 7)`); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMigrateFromEveryEarlierVersion(t *testing.T) {
	for v := 0; v < SchemaVersion(); v++ {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			openAtVersion(t, path, v)
			db, err := Open(path)
			if err != nil {
				t.Fatalf("open version %d: %v", v, err)
			}
			defer db.Close()
			var got int
			db.sql.QueryRow("PRAGMA user_version").Scan(&got)
			if got != SchemaVersion() {
				t.Fatalf("user_version = %d, want %d", got, SchemaVersion())
			}
			if v == 0 {
				return
			}
			// Rows written before the search index existed are searchable,
			// and user state survived.
			ids := searchIDs(t, db, "co-design")
			if !slices.Equal(ids, []string{"2505.09343"}) {
				t.Fatalf("search after migration = %v", ids)
			}
			p, err := db.Paper(context.Background(), "2505.09343")
			if err != nil || !p.Starred {
				t.Fatalf("paper after migration: %+v, %v", p, err)
			}
		})
	}
}

func TestRefusesNewerSchemaUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	sdb, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := sdb.Exec("CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = " + fmt.Sprint(applicationID)); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	before, _ := os.ReadFile(path)
	_, err := Open(path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a newer database was modified")
	}
}

func TestRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("these are my notes, not a database\n"), 0o644)
	if _, err := Open(text); !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("text file: err = %v, want ErrNotDatabase", err)
	}
	if b, _ := os.ReadFile(text); string(b) != "these are my notes, not a database\n" {
		t.Fatal("text file was modified")
	}
	other := filepath.Join(dir, "other.db")
	sdb, _ := sql.Open("sqlite3", "file:"+other)
	sdb.Exec("CREATE TABLE contacts (name TEXT)")
	sdb.Close()
	before, _ := os.ReadFile(other)
	if _, err := Open(other); !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("other app's database: err = %v, want ErrNotDatabase", err)
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(before, after) {
		t.Fatal("another program's database was modified")
	}
}

func TestNormalizeID(t *testing.T) {
	for in, want := range map[string]string{
		"2505.09343":                               "2505.09343",
		"2505.09343v2":                             "2505.09343",
		"arXiv:2505.09343":                         "2505.09343",
		"https://arxiv.org/abs/2505.09343v1":       "2505.09343",
		"https://arxiv.org/pdf/2505.09343.pdf":     "2505.09343",
		"https://huggingface.co/papers/2505.09343": "2505.09343",
		"0704.0001":                                "0704.0001",
		"hep-th/9711200":                           "hep-th/9711200",
		"hep-th/9711200v3":                         "hep-th/9711200",
		"math.GT/0309136":                          "math/0309136",
		"  cond-mat/0102536v1 ":                    "cond-mat/0102536",
	} {
		got, err := NormalizeID(in)
		if err != nil || got != want {
			t.Errorf("NormalizeID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "hello", "2505.093", "12345.6789", "hep-th/97112", "../etc/passwd"} {
		if got, err := NormalizeID(bad); err == nil {
			t.Errorf("NormalizeID(%q) = %q, want error", bad, got)
		}
	}
}

func TestUpsertNewUpdatedUnchanged(t *testing.T) {
	db := openTest(t)
	st := mustUpsert(t, db, hfPaper("2505.09343", "One"), hfPaper("2406.10903v2", "Two"))
	if st != (UpsertStats{New: 2}) {
		t.Fatalf("first upsert = %+v", st)
	}
	st = mustUpsert(t, db, hfPaper("2505.09343", "One"), hfPaper("arXiv:2406.10903", "Two"))
	if st != (UpsertStats{Unchanged: 2}) {
		t.Fatalf("same again = %+v, want all unchanged", st)
	}
	more := hfPaper("2505.09343", "One")
	more.Upvotes = 9
	st = mustUpsert(t, db, more)
	if st != (UpsertStats{Updated: 1}) {
		t.Fatalf("upvotes changed = %+v", st)
	}
	p, _ := db.Paper(context.Background(), "2505.09343")
	if p.Upvotes != 9 {
		t.Fatalf("upvotes = %d, want 9", p.Upvotes)
	}
}

func TestUpsertKeepsUserStateAndMergesSources(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	hf := hfPaper("2505.09343", "Insights into DeepSeek-V3")
	hf.OrgName, hf.OrgDisplay, hf.AIKeywords = "deepseek-ai", "DeepSeek", []string{"Mixture of Experts", "FP8"}
	mustUpsert(t, db, hf)
	if err := db.SetStarred(ctx, "2505.09343", true); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTags(ctx, "2505.09343", "to-read", "moe"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetNote(ctx, "2505.09343", "section 4 on FP8"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRead(ctx, "2505.09343", true); err != nil {
		t.Fatal(err)
	}

	ax := Paper{ID: "2505.09343v1", Title: "Insights into DeepSeek-V3: Scaling Challenges",
		Abstract: "The arXiv abstract.", Authors: []string{"Chenggang Zhao", "Chengqi Deng"},
		Published: "2025-05-14", Categories: []string{"cs.DC", "cs.AI"}, Source: SourceArxiv}
	if st := mustUpsert(t, db, ax); st.Updated != 1 {
		t.Fatalf("arXiv merge = %+v", st)
	}
	// HF again with fewer fields (as a search result) and a new count.
	hf2 := hfPaper("2505.09343", "Insights into DeepSeek-V3")
	hf2.Upvotes = 12
	mustUpsert(t, db, hf2)

	p, err := db.Paper(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != ax.Title || p.Abstract != ax.Abstract || !slices.Equal(p.Authors, ax.Authors) {
		t.Errorf("arXiv is the authority for bibliographic fields: %+v", p)
	}
	if !slices.Equal(p.Categories, []string{"cs.DC", "cs.AI"}) || p.PrimaryCategory() != "cs.DC" {
		t.Errorf("categories = %v", p.Categories)
	}
	if p.Upvotes != 12 || p.OrgName != "deepseek-ai" || p.OrgDisplay != "DeepSeek" || p.Daily != "2025-05-15" {
		t.Errorf("HF fields lost: %+v", p)
	}
	if !slices.Equal(p.AIKeywords, []string{"Mixture of Experts", "FP8"}) {
		t.Errorf("keywords = %v", p.AIKeywords)
	}
	if !slices.Equal(p.Sources, []string{SourceHF, SourceArxiv}) {
		t.Errorf("sources = %v", p.Sources)
	}
	if !p.Starred || !p.Read || p.Note != "section 4 on FP8" || !slices.Equal(p.Tags, []string{"moe", "to-read"}) {
		t.Errorf("user state lost: starred=%v read=%v note=%q tags=%v", p.Starred, p.Read, p.Note, p.Tags)
	}
	// A sync of the same arXiv record once more changes nothing.
	if st := mustUpsert(t, db, ax); st != (UpsertStats{Unchanged: 1}) {
		t.Errorf("arXiv again = %+v", st)
	}
}

func TestUserStateNeedsAKnownPaper(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if err := db.SetStarred(ctx, "2501.00001", true); !errors.Is(err, ErrNotFound) {
		t.Errorf("star unknown paper: %v", err)
	}
	if err := db.SetStarred(ctx, "not-an-id", true); err == nil {
		t.Error("star with a bad id succeeded")
	}
	mustUpsert(t, db, hfPaper("2501.00001", "x"))
	for _, bad := range []string{"", "two words", "semi;colon", "quote\"d"} {
		if err := db.AddTags(ctx, "2501.00001", bad); err == nil {
			t.Errorf("tag %q accepted", bad)
		}
	}
}

func TestUpsertRejectsWholeBatchOnBadPaper(t *testing.T) {
	db := openTest(t)
	_, err := db.UpsertPapers(context.Background(), []Paper{hfPaper("2501.00001", "good"), hfPaper("bogus", "bad")})
	if err == nil {
		t.Fatal("bad id accepted")
	}
	if n, _ := db.CountPapers(context.Background()); n != 0 {
		t.Fatalf("half a batch was written: %d papers", n)
	}
}

func TestTagCountsFollowChanges(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := Paper{ID: "2501.00001", Title: "a", Categories: []string{"cs.AR", "cs.LG"}, Source: SourceArxiv}
	b := Paper{ID: "2501.00002", Title: "b", Categories: []string{"cs.AR"}, Source: SourceArxiv}
	mustUpsert(t, db, a, b)
	counts := func() map[string]int {
		tcs, err := db.TagCounts(ctx, KindCategory, 0)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]int{}
		for _, tc := range tcs {
			m[tc.Name] = tc.Papers
		}
		return m
	}
	if c := counts(); c["cs.AR"] != 2 || c["cs.LG"] != 1 {
		t.Fatalf("counts = %v", c)
	}
	a.Categories = []string{"cs.DC"}
	mustUpsert(t, db, a)
	if c := counts(); c["cs.AR"] != 1 || c["cs.LG"] != 0 || c["cs.DC"] != 1 {
		t.Fatalf("after recategorising: %v", c)
	}
	if err := db.DeletePaper(ctx, "2501.00002"); err != nil {
		t.Fatal(err)
	}
	if c := counts(); c["cs.AR"] != 0 {
		t.Fatalf("after delete: %v", c)
	}
	tcs, _ := db.TagCounts(ctx, KindCategory, 0)
	if len(tcs) != 1 || tcs[0].Label() != "Distributed, Parallel, and Cluster Computing" {
		t.Fatalf("tags with papers = %+v", tcs)
	}
}

func searchIDs(t *testing.T, db *DB, text string) []string {
	t.Helper()
	q, err := ParseQuery(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	items, err := db.Papers(context.Background(), Filter{Query: q}, 0, 100)
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	ids := []string{}
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

// checkSearch fails the test unless the query finds exactly want, in any
// order (nil and empty alike).
func checkSearch(t *testing.T, db *DB, q string, want []string) {
	t.Helper()
	got := searchIDs(t, db, q)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%q = %v, want %v", q, got, want)
	}
}

func TestSearchIndexInStep(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	p := Paper{ID: "2501.00001", Title: "Systolic arrays revisited", Abstract: "We study dataflow.",
		Authors: []string{"Grace Hopper"}, Source: SourceArxiv}
	mustUpsert(t, db, p)
	if ids := searchIDs(t, db, "systolic"); len(ids) != 1 {
		t.Fatalf("systolic: %v", ids)
	}
	p.Title = "Photonic interconnects"
	mustUpsert(t, db, p)
	if ids := searchIDs(t, db, "systolic"); len(ids) != 0 {
		t.Fatalf("old title still found: %v", ids)
	}
	if ids := searchIDs(t, db, "photonic"); len(ids) != 1 {
		t.Fatalf("new title not found: %v", ids)
	}
	if err := db.DeletePaper(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, db, "photonic"); len(ids) != 0 {
		t.Fatalf("deleted paper still found: %v", ids)
	}
	if _, err := db.sql.Exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("fts integrity-check: %v", err)
	}
}

func TestImportDefersSearchIndex(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustUpsert(t, db, Paper{ID: "2501.00009", Title: "Indexed at once: systolic", Source: SourceArxiv})
	batch := []Paper{
		{ID: "2501.00001", Title: "Systolic arrays", Source: SourceArxiv},
		{ID: "2501.00002", Title: "Photonic systolic links", Source: SourceArxiv},
		{ID: "2501.00003", Title: "Systolic memories", Source: SourceArxiv},
	}
	if st, err := db.ImportPapers(ctx, batch); err != nil || st.New != 3 {
		t.Fatalf("import = %+v, %v", st, err)
	}
	if ids := searchIDs(t, db, "systolic"); !slices.Equal(ids, []string{"2501.00009"}) {
		t.Fatalf("before indexing, search = %v", ids)
	}
	if n, _ := db.PendingIndex(ctx); n != 3 {
		t.Fatalf("pending = %d, want 3", n)
	}
	// Unindexed rows may change or go before they are indexed.
	batch[1].Title = "Photonic links"
	mustUpsert(t, db, batch[1])
	if err := db.DeletePaper(ctx, "2501.00003"); err != nil {
		t.Fatal(err)
	}
	var calls int
	if err := db.IndexPending(ctx, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	if n, _ := db.PendingIndex(ctx); n != 0 {
		t.Fatalf("pending after indexing = %d", n)
	}
	if ids := searchIDs(t, db, "systolic"); !slices.Equal(ids, []string{"2501.00001", "2501.00009"}) {
		t.Fatalf("after indexing, search = %v", ids)
	}
	if ids := searchIDs(t, db, "photonic"); !slices.Equal(ids, []string{"2501.00002"}) {
		t.Fatalf("changed title: %v", ids)
	}
	if _, err := db.sql.Exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("fts integrity-check: %v", err)
	}
}

func TestConcurrentFirstOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(path)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("open while another opens: %v", err)
		}
	}
}

func TestCoauthorsWithOneNameKept(t *testing.T) {
	db := openTest(t)
	mustUpsert(t, db, Paper{ID: "2501.00001", Title: "x", Authors: []string{"Wei Wang", " Li  Na ", "Wei Wang", ""}, Source: SourceArxiv})
	p, _ := db.Paper(context.Background(), "2501.00001")
	if !slices.Equal(p.Authors, []string{"Wei Wang", "Li Na", "Wei Wang"}) {
		t.Fatalf("authors = %q", p.Authors)
	}
}
