package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var (
	fuzzDBOnce sync.Once
	fuzzDB     *DB
	fuzzDBErr  error
)

// fuzzCorpus is one small database shared by every fuzz input of a
// process (opening one per input would dominate the run).
func fuzzCorpus(f *testing.F) *DB {
	fuzzDBOnce.Do(func() {
		dir := f.TempDir()
		db, err := Open(filepath.Join(dir, "fuzz.db"))
		if err != nil {
			fuzzDBErr = err
			return
		}
		ctx := context.Background()
		_, err = db.UpsertPapers(ctx, []Paper{
			{ID: "2505.09343", Title: "Insights into DeepSeek-V3: Hardware for AI", Abstract: "FP8 mixed-precision \"training\" * OR NEAR(a b)",
				Authors: []string{"Chenggang Zhao", "Song Han"}, Published: "2025-05-14", Daily: "2025-05-15", Upvotes: 5,
				OrgName: "deepseek-ai", OrgDisplay: "DeepSeek", AIKeywords: []string{"Mixture of Experts"},
				Categories: []string{"cs.AR", "cs_%\\x"}, Source: SourceHF},
			{ID: "hep-th/9711200", Title: "The Large N Limit", Abstract: "Supergravity.", Authors: []string{"Juan Maldacena"},
				Published: "1997-11-27", Categories: []string{"hep-th"}, Source: SourceArxiv},
		})
		if err == nil {
			err = db.SetStarred(ctx, "2505.09343", true)
		}
		if err == nil {
			err = db.AddTags(ctx, "hep-th/9711200", "classic")
		}
		if err == nil {
			err = db.SaveText(ctx, Text{ID: "2505.09343", Source: "hf",
				Markdown: "# Insights\n\nA systolic \"array\" * OR NEAR(a b) of $O(n^2)$ units."})
		}
		fuzzDB, fuzzDBErr = db, err
	})
	if fuzzDBErr != nil {
		f.Fatal(fuzzDBErr)
	}
	return fuzzDB
}

// FuzzParseQuery: any text parses or fails with a *QueryError, never a
// panic; a query that parses runs against a real database, with every
// sort and view, without any error: user text never reaches SQL or FTS5
// as syntax.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "fpga", `"systolic array"`, "tag:cs.AR", "cat:cs.* -kw:\"mixture of experts\"", "author:\"Song Han\"",
		"org:deepseek-ai", "is:starred is:unread", "since:2025-01 until:2025", "upvotes:>=10", "id:2505.09343",
		"a OR b c", "-word", `"unclosed`, "AND", "NOT x", "tag:", "OR", "a OR", "upvotes:many", "since:yesterday",
		`NEAR(a b)`, `a* ^b "c" + {d}`, `col:x`, `"""`, `"-"`, "tag:%_\\", "\x00", "caf\xe9", "\u202e", "-\"\"", "||", "&&",
		"tag:***", "author:*", `"a" OR -"b"`, "id:math.GT/0309136",
		"text:systolic", `text:"systolic array"`, "has:text", "-has:text text:fp*", `text:"" OR has:text`,
		`text:NEAR(a`, "text:*", "has:", "has:texts", `-text:"a ""b"`,
	} {
		f.Add(s)
	}
	db := fuzzCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): %T %v, want a *QueryError", s, err, err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("ParseQuery(%q): position %d out of range", s, qe.Pos)
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, sort := range []Sort{SortNew, SortTop, SortTrending, SortRelevance} {
			flt := Filter{Query: q, Sort: sort, View: Views()[int(sort)%len(Views())]}
			if _, err := db.Papers(ctx, flt, 0, 5); err != nil {
				t.Fatalf("query %q (sort %v): %v", s, sort, err)
			}
			if _, err := db.Count(ctx, flt); err != nil {
				t.Fatalf("count %q: %v", s, err)
			}
		}
	})
}
