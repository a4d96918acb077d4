package sample

import (
	"encoding/json"
	"regexp"
	"testing"
)

type hfItem struct {
	Paper struct {
		ID      string `json:"id"`
		Authors []struct {
			Name string `json:"name"`
		} `json:"authors"`
		PublishedAt  string `json:"publishedAt"`
		Title        string `json:"title"`
		Summary      string `json:"summary"`
		Upvotes      int    `json:"upvotes"`
		Organization *struct {
			Name     string `json:"name"`
			Fullname string `json:"fullname"`
		} `json:"organization"`
	} `json:"paper"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

var arxivID = regexp.MustCompile(`^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$`)

func TestHF(t *testing.T) {
	var items []hfItem
	if err := json.Unmarshal(HF(), &items); err != nil {
		t.Fatalf("hardware.json: %v", err)
	}
	if len(items) != 57 {
		t.Fatalf("got %d papers, want 57", len(items))
	}
	seen := make(map[string]bool)
	for i, it := range items {
		p := it.Paper
		if !arxivID.MatchString(p.ID) {
			t.Errorf("item %d: id %q is not an arXiv id", i, p.ID)
		}
		if seen[p.ID] {
			t.Errorf("item %d: duplicate id %s", i, p.ID)
		}
		seen[p.ID] = true
		if p.Title == "" || it.Title == "" {
			t.Errorf("%s: empty title", p.ID)
		}
		if p.Summary == "" || it.Summary == "" {
			t.Errorf("%s: empty summary", p.ID)
		}
		if len(p.Authors) == 0 {
			t.Errorf("%s: no authors", p.ID)
		}
		for _, a := range p.Authors {
			if a.Name == "" {
				t.Errorf("%s: author with empty name", p.ID)
			}
		}
	}

	var ds *hfItem
	for i := range items {
		if items[i].Paper.ID == "2505.09343" {
			ds = &items[i]
		}
	}
	if ds == nil {
		t.Fatal("2505.09343 missing")
	}
	if o := ds.Paper.Organization; o == nil || o.Name != "deepseek-ai" || o.Fullname != "DeepSeek" {
		t.Errorf("2505.09343 organization = %+v, want deepseek-ai/DeepSeek", o)
	}
	if ds.Paper.Upvotes != 5 {
		t.Errorf("2505.09343 upvotes = %d, want 5", ds.Paper.Upvotes)
	}
	if got := ds.Paper.PublishedAt; len(got) < 10 || got[:10] != "2025-05-14" {
		t.Errorf("2505.09343 publishedAt = %q, want 2025-05-14", got)
	}
}

func TestCategories(t *testing.T) {
	c := Categories()
	if got := c["2505.09343"]; got != "cs.DC" {
		t.Errorf(`Categories()["2505.09343"] = %q, want "cs.DC"`, got)
	}
	if len(c) == 0 {
		t.Fatal("no categories")
	}
	var items []hfItem
	if err := json.Unmarshal(HF(), &items); err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]bool)
	for _, it := range items {
		ids[it.Paper.ID] = true
	}
	cat := regexp.MustCompile(`^[a-z-]+(\.[A-Za-z-]+)?$`)
	for id, v := range c {
		if !ids[id] {
			t.Errorf("category for %s, which is not a sample paper", id)
		}
		if !cat.MatchString(v) {
			t.Errorf("%s: odd category %q", id, v)
		}
	}
}
