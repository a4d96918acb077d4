package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// queryCorpus is a handful of papers shaped to tell the filters apart.
func queryCorpus(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	ctx := context.Background()
	mustUpsert(t, db,
		Paper{ID: "2505.09343", Title: "Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware for AI Architectures",
			Abstract: "Hardware-aware model co-design with FP8 mixed-precision training.",
			Authors:  []string{"Chenggang Zhao", "Wenfeng Liang"}, Published: "2025-05-14", Daily: "2025-05-15",
			Upvotes: 5, OrgName: "deepseek-ai", OrgDisplay: "DeepSeek", AIKeywords: []string{"Mixture of Experts", "FP8"},
			Source: SourceHF},
		Paper{ID: "2406.10903", Title: "New Solutions on LLM Acceleration, Optimization, and Application",
			Abstract: "A review of LLM acceleration and hardware co-design for accelerators.",
			Authors:  []string{"Yingbing Huang", "Deming Chen"}, Published: "2024-06-16", Source: SourceHF},
		Paper{ID: "2211.16385", Title: "Multi-Agent Reinforcement Learning for Microprocessor Design Space Exploration",
			Abstract: "Microprocessor architects use reinforcement learning.", Authors: []string{"Srivatsan Krishnan", "Song Han"},
			Published: "2022-11-29", Upvotes: 1, Source: SourceHF},
		Paper{ID: "hep-th/9711200", Title: "The Large N Limit of Superconformal Field Theories and Supergravity",
			Abstract: "We show that the large N limit of certain conformal field theories...",
			Authors:  []string{"Juan Maldacena"}, Published: "1997-11-27", Source: SourceArxiv},
	)
	mustUpsert(t, db,
		Paper{ID: "2505.09343", Categories: []string{"cs.DC", "cs.AR"}, Source: SourceArxiv},
		Paper{ID: "2211.16385", Categories: []string{"cs.AR", "cs.LG"}, Source: SourceArxiv},
		Paper{ID: "hep-th/9711200", Categories: []string{"hep-th"}, Source: SourceArxiv},
	)
	if err := db.SetStarred(ctx, "2406.10903", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRead(ctx, "2505.09343", true); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTags(ctx, "hep-th/9711200", "classic", "cs.AR"); err != nil {
		t.Fatal(err)
	}
	// Full texts for two papers; their words are not in the metadata,
	// and "hardware", in the metadata of two others, is in one text.
	for _, tx := range []Text{
		{ID: "2505.09343", Source: "hf", URL: "https://huggingface.co/papers/2505.09343.md",
			Markdown: "# Insights\n\nMulti-token prediction on a systolic array of FP8 units.\n"},
		{ID: "2211.16385", Source: "arxiv", URL: "https://arxiv.org/html/2211.16385",
			Markdown: "## Method\n\nAgents explore the hardware design space with *Café* rewards.\n"},
	} {
		if err := db.SaveText(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestQueryLanguage(t *testing.T) {
	db := queryCorpus(t)
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
		{"", []string{llm, rl, ds, old}},
		{"hardware", []string{llm, ds}},
		{"hardware co-design", []string{llm, ds}},
		{"HARDWARE fp8", []string{ds}},
		{"hard", []string{llm, ds}}, // words match as word starts
		{`"reinforcement learning"`, []string{rl}},
		{`"learning reinforcement"`, nil},
		{"microprocessor -reinforcement", nil},
		{"-hardware", []string{rl, old}},
		{"tag:cs.AR", []string{rl, ds, old}}, // a category and a user tag
		{"cat:cs.AR", []string{rl, ds}},
		{"cat:cs.*", []string{rl, ds}},
		{"tag:classic", []string{old}},
		{"tag:CLASSIC", []string{old}},
		{`kw:"mixture of experts"`, []string{ds}},
		{"kw:fp8", []string{ds}},
		{"author:han", []string{rl}},
		{`author:"Song Han"`, []string{rl}},
		{"author:maldacena", []string{old}},
		{"org:deepseek-ai", []string{ds}},
		{"org:DeepSeek", []string{ds}},
		{"is:starred", []string{llm}},
		{"is:unstarred", []string{rl, ds, old}},
		{"is:read", []string{ds}},
		{"is:unread", []string{llm, rl, old}},
		{"since:2024-01-01", []string{llm, ds}},
		{"since:2025-05-15", []string{ds}}, // listing date: the daily date when there is one
		{"until:2022", []string{rl, old}},
		{"since:2022-11 until:2024-06", []string{llm, rl}},
		{"upvotes:>1", []string{ds}},
		{"upvotes:>=1", []string{rl, ds}},
		{"upvotes:<1", []string{llm, old}},
		{"upvotes:5", []string{ds}},
		{"maldacena OR microprocessor", []string{rl, old}},
		{"hardware OR supergravity cat:cs.DC", []string{ds}},
		{"cat:hep-th OR is:starred", []string{llm, old}},
		{"id:2505.09343v2", []string{ds}},
		{"arxiv:hep-th/9711200", []string{old}},
		{"-is:read -tag:classic", []string{llm, rl}},
		{"( hardware )", []string{llm, ds}}, // punctuation-only tokens are ignored
		{`"; DROP TABLE papers; --"`, nil},  // text, not SQL
		{`NEAR(hardware`, nil},              // FTS syntax is text too
		{"co-design", []string{llm, ds}},
		{`"co-design"`, []string{llm, ds}},
		{`"Insights into DeepSeek-V3: Scaling"`, []string{ds}}, // a colon inside quotes is text
		{`"-aware"`, []string{ds}},                             // so is a leading minus
		{`-"co-design"`, []string{rl, old}},
		{"text:systolic", []string{ds}},
		{"text:SYST", []string{ds}}, // word starts, any case
		{`text:"token prediction"`, []string{ds}},
		{`text:"prediction token"`, nil},
		{"text:hardware", []string{rl}},       // the texts' index, not the metadata's
		{"text:cafe", []string{rl}},           // diacritics removed as in the metadata's
		{"text:insights -text:systolic", nil}, // excluding
		{"text:systolic OR is:starred", []string{ds, llm}},
		{"hardware text:prediction", []string{ds}},
		{"text:maldacena", nil},                // metadata words are not text words
		{`text:"; DROP TABLE texts; --"`, nil}, // text, not SQL
		{"has:text", []string{ds, rl}},
		{"HAS:TEXT", []string{ds, rl}},
		{"-has:text", []string{llm, old}},
		{"has:text is:read", []string{ds}},
	} {
		checkSearch(t, db, tc.q, tc.want)
	}
	if n, _ := db.CountPapers(context.Background()); n != 4 {
		t.Fatalf("papers table damaged: %d rows", n)
	}
}

func TestMalformedQueries(t *testing.T) {
	for _, tc := range []struct{ q, msg string }{
		{`"open quote`, "unclosed quote"},
		{`author:"Song`, "unclosed quote"},
		{"hardware AND memory", "AND is not needed"},
		{"AND", "AND is not needed"},
		{"NOT hardware", "use -word"},
		{"tag:", "tag: needs a value"},
		{"cat:", "cat: needs a value"},
		{"author: han", "author: needs a value"},
		{"OR hardware", "OR needs a term"},
		{"hardware OR", "OR needs a term"},
		{"a OR OR b", "OR needs a term"},
		{"-", "- needs a term"},
		{"is:sleepy", "is: expects"},
		{"since:yesterday", "since: expects a date"},
		{"until:2025-13-01", "until: expects a date"},
		{"upvotes:lots", "upvotes: expects a number"},
		{"upvotes:>-3", "upvotes: expects a number"},
		{"id:12", "not an arXiv id"},
		{"color:red", "unknown filter color:"},
		{"tag:*", "tag: needs a value"},
		{"has:pdf", "has: expects text"},
		{"text:", "text: needs a value"},
		{"text:--", "text: needs a word"},
		{"txt:fpga", "unknown filter txt:"},
	} {
		_, err := ParseQuery(tc.q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: err = %v, want *QueryError", tc.q, err)
			continue
		}
		if !strings.Contains(qe.Msg, tc.msg) {
			t.Errorf("%q: message %q does not say %q", tc.q, qe.Msg, tc.msg)
		}
		if strings.Contains(strings.ToLower(qe.Msg), "sql") {
			t.Errorf("%q: message mentions SQL: %q", tc.q, qe.Msg)
		}
	}
}

func TestFilterTagsViewsAndSorts(t *testing.T) {
	db := queryCorpus(t)
	ctx := context.Background()
	ids := func(f Filter) []string {
		items, err := db.Papers(ctx, f, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		n, err := db.Count(ctx, f)
		if err != nil || n != len(items) {
			t.Fatalf("count = %d, %v; window has %d", n, err, len(items))
		}
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	ar, lg := Tag{KindCategory, "cs.AR"}, Tag{KindCategory, "cs.LG"}
	if got := ids(Filter{Tags: []Tag{ar, lg}}); !slices.Equal(got, []string{"2211.16385"}) {
		t.Errorf("cs.AR AND cs.LG = %v", got)
	}
	if got := ids(Filter{Tags: []Tag{{KindCategory, "cs.DC"}, {KindUser, "classic"}}, AnyTag: true}); !slices.Equal(got, []string{"2505.09343", "hep-th/9711200"}) {
		t.Errorf("cs.DC OR classic = %v", got)
	}
	if got := ids(Filter{View: ViewStarred}); !slices.Equal(got, []string{"2406.10903"}) {
		t.Errorf("starred view = %v", got)
	}
	now := time.Date(2025, 5, 20, 12, 0, 0, 0, time.UTC)
	if got := ids(Filter{View: ViewWeek, Now: now}); !slices.Equal(got, []string{"2505.09343"}) {
		t.Errorf("this week = %v", got)
	}
	if got := ids(Filter{View: ViewToday, Now: now}); len(got) != 0 {
		t.Errorf("today = %v", got)
	}
	if got := ids(Filter{Sort: SortTop}); !slices.Equal(got, []string{"2505.09343", "2211.16385", "2406.10903", "hep-th/9711200"}) {
		t.Errorf("top = %v", got)
	}
	if got := ids(Filter{Sort: SortNew}); !slices.Equal(got, []string{"2505.09343", "2406.10903", "2211.16385", "hep-th/9711200"}) {
		t.Errorf("new = %v", got)
	}
	// Trending: a recent paper with 5 votes beats an old one with 1.
	if got := ids(Filter{Sort: SortTrending, Now: now}); got[0] != "2505.09343" {
		t.Errorf("trending = %v", got)
	}
	q, _ := ParseQuery("microprocessor OR hardware")
	got := ids(Filter{Query: q, Sort: SortRelevance})
	if len(got) != 3 || got[0] != "2211.16385" {
		t.Errorf("relevance = %v (the paper with 'microprocessor' in title and abstract first)", got)
	}
	items, _ := db.Papers(ctx, Filter{Query: q}, 1, 1)
	if len(items) != 1 {
		t.Fatalf("window of 1 from offset 1 = %d rows", len(items))
	}
	var starred ListItem
	all, _ := db.Papers(ctx, Filter{}, 0, 10)
	for _, it := range all {
		if it.ID == "2406.10903" {
			starred = it
		}
	}
	if !starred.Starred || starred.Read || starred.FirstAuthor != "Yingbing Huang" || starred.AuthorCount != 2 {
		t.Errorf("list item = %+v", starred)
	}
}
