package fetch

import (
	"errors"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

// The paper-info and repos fixtures are in the endpoints' shapes
// (huggingface_hub's PaperInfo with its linked ModelInfo, DatasetInfo and
// SpaceInfo; the repos endpoint's {models, datasets, spaces}).
func TestFetchLinks(t *testing.T) {
	srv := fetchtest.NewServer(t).Fixtures("testdata")
	db := openDB(t)
	h := testHF(t, srv.URL)
	if _, err := db.UpsertPapers(bg, []store.Paper{{ID: "2505.09343", Title: "Insights", Source: store.SourceHF, Upvotes: 3}}); err != nil {
		t.Fatal(err)
	}
	if err := FetchLinks(bg, h, db, "2505.09343"); err != nil {
		t.Fatal(err)
	}
	p, err := db.Paper(bg, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	l := p.Links
	if l == nil || l.NumModels != 37 || l.NumDatasets != 1 || l.NumSpaces != 4 {
		t.Fatalf("links = %+v", l)
	}
	// The repos endpoint's list, most downloaded first.
	if len(l.Models) != 3 || l.Models[0].ID != "deepseek-ai/DeepSeek-V3" || l.Models[0].Downloads != 612345 ||
		l.Models[0].Likes != 3950 || l.Models[0].Task != "text-generation" || l.Models[1].ID != "unsloth/DeepSeek-V3-GGUF" {
		t.Errorf("models = %+v", l.Models)
	}
	for _, r := range l.Models {
		if strings.ContainsAny(r.ID+r.Task, "\x1b\x07") {
			t.Errorf("hostile name stored: %q %q", r.ID, r.Task)
		}
	}
	if len(l.Spaces) != 2 || l.Spaces[0].ID != "someone/deepseek-v3-chat" || l.Spaces[0].Task != "gradio" || l.Spaces[0].Likes != 88 {
		t.Errorf("spaces = %+v", l.Spaces)
	}
	if len(l.Datasets) != 1 || l.Datasets[0].Downloads != 930 {
		t.Errorf("datasets = %+v", l.Datasets)
	}
	// The paper's own record came along: its GitHub repo and stars.
	if p.GitHubStars != 8123 || p.GitHubRepo == "" {
		t.Errorf("paper: %q ★%d", p.GitHubRepo, p.GitHubStars)
	}
	if got := srv.Requests(); len(got) != 2 || got[0] != "paper=2505.09343" || got[1] != "repos=2505.09343" {
		t.Errorf("requests = %q", got)
	}
}

// A 404 from both endpoints is a paper with nothing linked, stored as
// such; a failing service is an error and stores nothing.
func TestFetchLinksNotFoundAndFailure(t *testing.T) {
	srv := fetchtest.NewServer(t).Fail("repos=2505.00002", 503)
	db := openDB(t)
	h := testHF(t, srv.URL)
	if _, err := db.UpsertPapers(bg, []store.Paper{
		{ID: "2505.00001", Title: "Unknown to the Hub", Source: store.SourceArxiv},
		{ID: "2505.00002", Title: "Hub down", Source: store.SourceArxiv},
	}); err != nil {
		t.Fatal(err)
	}
	if err := FetchLinks(bg, h, db, "2505.00001"); err != nil {
		t.Fatalf("404s: %v", err)
	}
	if p, _ := db.Paper(bg, "2505.00001"); p.Links == nil || p.Links.NumModels != 0 || p.Links.Fetched.IsZero() {
		t.Errorf("links = %+v", p.Links)
	}
	err := FetchLinks(bg, h, db, "2505.00002")
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 503 {
		t.Errorf("503: %v", err)
	}
	if p, _ := db.Paper(bg, "2505.00002"); p.Links != nil {
		t.Errorf("failed fetch stored %+v", p.Links)
	}
}
