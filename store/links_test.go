package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// linkCorpus is the query corpus with GitHub repos and Hub links.
func linkCorpus(t *testing.T) *DB {
	t.Helper()
	db := queryCorpus(t)
	ctx := context.Background()
	ds := hfPaper("2505.09343", "")
	ds.Title, ds.GitHubRepo, ds.GitHubStars = "", "https://github.com/deepseek-ai/DeepEP", 900
	rl := Paper{ID: "2211.16385", Source: SourceHF, GitHubRepo: "https://github.com/x/marl", GitHubStars: 12}
	mustUpsert(t, db, ds, rl)
	if err := db.SetLinks(ctx, "2505.09343", Links{
		Models:    []Repo{{ID: "deepseek-ai/DeepSeek-V3", Downloads: 500000, Likes: 4000, Task: "text-generation"}},
		NumModels: 12, NumSpaces: 3,
		Spaces: []Repo{{ID: "someone/demo", Likes: 7, Task: "gradio"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetLinks(ctx, "2406.10903", Links{
		Datasets:    []Repo{{ID: "org/llm-bench", Downloads: 30}},
		NumDatasets: 1,
		Models:      []Repo{{ID: "org/one", Downloads: 1}, {ID: "org/two"}},
	}); err != nil {
		t.Fatal(err)
	}
	// Fetched and found nothing.
	if err := db.SetLinks(ctx, "hep-th/9711200", Links{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestLinkSearchTerms(t *testing.T) {
	db := linkCorpus(t)
	const (
		ds  = "2505.09343"
		llm = "2406.10903"
		rl  = "2211.16385"
		old = "hep-th/9711200"
	)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"has:code", []string{ds, rl}},
		{"-has:code", []string{llm, old}},
		{"HAS:Code", []string{ds, rl}},
		{"has:model", []string{ds, llm}},
		{"has:dataset", []string{llm}},
		{"has:space", []string{ds}},
		{"-has:model", []string{rl, old}},
		{"stars:>100", []string{ds}},
		{"stars:>=12", []string{ds, rl}},
		{"stars:<12", []string{llm, old}},
		{"stars:12", []string{rl}},
		{"models:>2", []string{ds}},
		{"models:2", []string{llm}}, // the total is at least the repos listed
		{"models:0", []string{rl, old}},
		{"has:model has:code", []string{ds}},
		{"has:dataset OR has:space", []string{ds, llm}},
		{"has:text has:model", []string{ds}},
	} {
		checkSearch(t, db, tc.q, tc.want)
	}
	for _, tc := range []struct{ q, msg string }{
		{"has:pdf", "has: expects text, code, model, dataset or space"},
		{"stars:lots", "stars: expects a number"},
		{"models:>x", "models: expects a number"},
	} {
		_, err := ParseQuery(tc.q)
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(qe.Msg, tc.msg) {
			t.Errorf("%q: err = %v, want %q", tc.q, err, tc.msg)
		}
	}
}

func TestLinksStoredAndRefreshed(t *testing.T) {
	ctx := context.Background()
	db := linkCorpus(t)
	now := clockAt(db, time.Now().Add(time.Hour))
	p, err := db.Paper(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	l := p.Links
	if l == nil || l.NumModels != 12 || len(l.Models) != 1 || l.Models[0].ID != "deepseek-ai/DeepSeek-V3" ||
		l.Models[0].Downloads != 500000 || l.Models[0].Task != "text-generation" || l.NumSpaces != 3 ||
		len(l.Spaces) != 1 || l.NumDatasets != 0 || l.Stale(*now) {
		t.Fatalf("links = %+v", l)
	}
	if p, _ := db.Paper(ctx, "2211.16385"); p.Links != nil {
		t.Errorf("never fetched, links = %+v", p.Links)
	}
	if p, _ := db.Paper(ctx, "hep-th/9711200"); p.Links == nil || p.Links.NumModels != 0 {
		t.Errorf("fetched empty, links = %+v", p.Links)
	}
	// A sync rewrites the paper's row and keeps its links.
	mustUpsert(t, db, counts(hfPaper("2505.09343", "Renamed"), 50, 3, 901))
	if p, _ := db.Paper(ctx, "2505.09343"); p.Links == nil || p.Links.NumModels != 12 || len(p.Links.Models) != 1 {
		t.Errorf("after a sync, links = %+v", p.Links)
	}
	// Hostile names are cleaned, and only the top few are kept.
	var many []Repo
	for i := range 9 {
		many = append(many, Repo{ID: "evil/\x1b]8;;http://x\x07m" + string(rune('a'+i)), Task: "\x1b[31mred"})
	}
	if err := db.SetLinks(ctx, "2211.16385", Links{Models: many}); err != nil {
		t.Fatal(err)
	}
	p, _ = db.Paper(ctx, "2211.16385")
	if len(p.Links.Models) != LinkTop || p.Links.NumModels != 9 {
		t.Errorf("kept %d of 9, total %d", len(p.Links.Models), p.Links.NumModels)
	}
	for _, r := range p.Links.Models {
		if strings.ContainsAny(r.ID+r.Task, "\x1b\x07") {
			t.Errorf("stored %q %q", r.ID, r.Task)
		}
	}
	if err := db.SetLinks(ctx, "2101.00001", Links{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown paper: %v", err)
	}
	// The day's papers whose links are missing or old.
	ids, err := db.IDsNeedingLinks(ctx, "2025-05-15", 10)
	if err != nil || len(ids) != 0 {
		t.Errorf("fresh: %v, %v", ids, err)
	}
	*now = now.Add(LinkRefreshAge + time.Hour)
	ids, _ = db.IDsNeedingLinks(ctx, "2025-05-15", 10)
	if !slices.Equal(ids, []string{"2505.09343"}) {
		t.Errorf("a day later: %v", ids)
	}
}
