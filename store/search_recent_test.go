package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// smallRecent makes the recent index and the search's candidates small,
// so that a small library exercises both indexes.
func smallRecent(t *testing.T, size, batch, cand int) {
	t.Helper()
	oldSize, oldBatch, oldCand := recentSize, recentBatch, searchCandidates
	recentSize, recentBatch, searchCandidates = size, batch, cand
	t.Cleanup(func() { recentSize, recentBatch, searchCandidates = oldSize, oldBatch, oldCand })
}

// topicPapers are n papers numbered from first, each about one of a few
// topics (so some words are common and some rare) and one word of its own.
func topicPapers(first, n int) []Paper {
	topics := []string{"quantum spin chains", "graph neural networks", "transformer language models", "systolic array accelerators"}
	out := make([]Paper, n)
	for i := range out {
		k := first + i
		out[i] = Paper{
			ID: fmt.Sprintf("2501.%05d", k), Source: SourceArxiv,
			Title:     fmt.Sprintf("On %s, part %d", topics[k%len(topics)], k),
			Abstract:  fmt.Sprintf("We study %s with the uniqword%d method.", topics[(k/3)%len(topics)], k),
			Authors:   []string{fmt.Sprintf("Author %d", k%17)},
			Published: fmt.Sprintf("2025-01-%02d", 1+k%28),
		}
	}
	return out
}

// newestMatches are the newest n matches of match in an index table.
func newestMatches(t *testing.T, db *DB, table, match string, n int) []int64 {
	t.Helper()
	rows, err := db.sql.Query(`SELECT rowid FROM `+table+` WHERE `+table+` MATCH ? ORDER BY rowid DESC LIMIT ?`, match, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var p int64
		rows.Scan(&p)
		out = append(out, p)
	}
	return out
}

// checkRecent checks the recent index's promise: it holds exactly the
// indexed papers from its first pid on, and a search reading it finds the
// newest matches the whole index finds.
func checkRecent(t *testing.T, db *DB, what string) {
	t.Helper()
	ctx := context.Background()
	var from int64
	if err := db.sql.QueryRow(`SELECT from_pid FROM recent_index`).Scan(&from); err != nil {
		t.Fatal(err)
	}
	var want, got int
	db.sql.QueryRow(`SELECT count(*) FROM papers WHERE indexed AND pid >= ?`, from).Scan(&want)
	db.sql.QueryRow(`SELECT count(*) FROM recent_fts`).Scan(&got)
	if got != want {
		t.Errorf("%s: the recent index holds %d papers, want the %d from pid %d on", what, got, want, from)
	}
	usedRecent := false
	for _, q := range []string{"quantum", "graph", "gr", "g", "transformer models", "neural", "networks", "uniqword7", "systolic", "part"} {
		pq, err := ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		f := Filter{Query: pq, Sort: SortNew}
		c := f.compile()
		items, index, err := db.search(ctx, f, &c, 0, 2) // 8 candidates
		if err != nil {
			t.Fatal(err)
		}
		usedRecent = usedRecent || index == "recent_fts"
		whole := newestMatches(t, db, "papers_fts", c.match, searchCandidates)
		if got := newestMatches(t, db, index, c.match, searchCandidates); !slices.Equal(got, whole) {
			t.Errorf("%s: %q from %s: newest matches %v, the whole index has %v", what, q, index, got, whole)
		}
		// The window is the newest of those candidates, in the listing's order.
		pids := make([]any, len(whole))
		for i, pid := range whole {
			pids[i] = pid
		}
		want, err := db.queryStrings(ctx, "reference", `SELECT id FROM papers p WHERE pid IN (`+placeholders(len(pids))+`)
			ORDER BY `+newestOrder+` LIMIT 2`, pids...)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q listed %v, want the newest of its candidates %v", what, q, got, want)
		}
	}
	if !usedRecent {
		t.Errorf("%s: no search read the recent index", what)
	}
}

// The recent index answers searches as the whole index would, through a
// bulk import, syncs that add and change papers, and its growing past
// twice its size.
func TestRecentIndexFollowsTheLibrary(t *testing.T) {
	smallRecent(t, 40, 7, 8)
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.ImportPapers(ctx, topicPapers(0, 300)); err != nil {
		t.Fatal(err)
	}
	if err := db.IndexPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var from int64
	db.sql.QueryRow(`SELECT from_pid FROM recent_index`).Scan(&from)
	if from != 300-40+1 {
		t.Errorf("after the import the recent index starts at pid %d, want %d (the newest 40)", from, 300-40+1)
	}
	checkRecent(t, db, "after the import")

	// A sync adds papers and changes one in the recent index.
	if _, err := db.UpsertPapers(ctx, topicPapers(300, 30)); err != nil {
		t.Fatal(err)
	}
	changed := topicPapers(320, 1)
	changed[0].Title = "Renamed: graph rewriting"
	if _, err := db.UpsertPapers(ctx, changed); err != nil {
		t.Fatal(err)
	}
	checkRecent(t, db, "after a sync")
	if err := db.TendRecentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	db.sql.QueryRow(`SELECT from_pid FROM recent_index`).Scan(&from)
	if from != 261 {
		t.Errorf("holding 70 of 40, the recent index moved to %d; it waits for twice its size", from)
	}

	// Past twice its size it lets the oldest go, down to its size.
	if _, err := db.UpsertPapers(ctx, topicPapers(330, 60)); err != nil {
		t.Fatal(err)
	}
	if err := db.TendRecentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	db.sql.QueryRow(`SELECT from_pid FROM recent_index`).Scan(&from)
	if from != 390-40+1 {
		t.Errorf("past twice its size the recent index starts at %d, want %d", from, 390-40+1)
	}
	checkRecent(t, db, "after letting the oldest go")
	if err := db.DeletePaper(ctx, "2501.00389"); err != nil {
		t.Fatal(err)
	}
	checkRecent(t, db, "after a deletion")
}

// A library from before the recent index gets it empty, searches the
// whole index meanwhile, and fills it in the background, newest first.
func TestRecentIndexFillsAfterAnUpgrade(t *testing.T) {
	smallRecent(t, 40, 7, 8)
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.UpsertPapers(ctx, topicPapers(0, 100)); err != nil {
		t.Fatal(err)
	}
	// As migration 14 leaves an existing library: empty, from the next
	// paper on.
	if _, err := db.sql.Exec(`DELETE FROM recent_fts`); err != nil {
		t.Fatal(err)
	}
	db.sql.Exec(`UPDATE recent_index SET from_pid = 101`)
	pq, _ := ParseQuery("quantum")
	f := Filter{Query: pq}
	c := f.compile()
	if _, index, err := db.search(ctx, f, &c, 0, 2); err != nil || index != "papers_fts" {
		t.Fatalf("an empty recent index answered a search (%s, %v)", index, err)
	}
	if err := db.TendRecentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	checkRecent(t, db, "after filling")
}

// TestIndexesSkipUnchangedText: a sync that changes a paper's upvotes
// leaves both search indexes as they were; one that changes its title
// re-indexes it, in both.
func TestIndexesSkipUnchangedText(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	p := hfPaper("2501.00001", "Systolic arrays for sparse training")
	mustUpsert(t, db, p)
	if err := db.TendRecentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	indexData := func() string {
		var s string
		if err := db.sql.QueryRow(`SELECT (SELECT count(*) || '/' || sum(length(block)) FROM papers_fts_data)
			|| ' ' || (SELECT count(*) || '/' || sum(length(block)) FROM recent_fts_data)`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	found := func(index, word string) bool {
		var n int
		if err := db.sql.QueryRow(`SELECT count(*) FROM `+index+` WHERE `+index+` MATCH ?`, "title : "+word).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	before := indexData()
	p.Upvotes += 5
	if st, err := db.UpsertPapers(ctx, []Paper{p}); err != nil || st.Updated != 1 {
		t.Fatalf("upvotes: %+v, %v", st, err)
	}
	if after := indexData(); after != before {
		t.Errorf("an upvote changed the search indexes: %s, then %s", before, after)
	}
	p.Title = "Dataflow accelerators for sparse training"
	mustUpsert(t, db, p)
	for _, index := range []string{"papers_fts", "recent_fts"} {
		if !found(index, "dataflow") || found(index, "systolic") {
			t.Errorf("%s after a new title: dataflow %v, systolic %v", index, found(index, "dataflow"), found(index, "systolic"))
		}
	}
}
