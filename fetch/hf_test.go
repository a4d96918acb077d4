package fetch

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func TestParseHFDaily(t *testing.T) {
	papers, err := ParseHF(fixture(t, "hf_daily_2025-05-15_p0.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(papers) != 2 {
		t.Fatalf("got %d papers, want 2", len(papers))
	}
	want := store.Paper{
		ID:     "2505.09343",
		Source: store.SourceHF,
		Title:  "Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware for AI Architectures",
		Abstract: "The rapid scaling of large language models (LLMs) has unveiled critical " +
			"limitations in current hardware architectures, including constraints in memory " +
			"capacity, computational efficiency, and interconnection bandwidth.\n\n" +
			"This paper presents an in-depth analysis of the DeepSeek-V3/R1 model architecture.",
		// The hidden author is still an author.
		Authors:     []string{"Chenggang Zhao", "Chengqi Deng", "Chong Ruan"},
		Published:   "2025-05-14",
		Daily:       "2025-05-15",
		Upvotes:     67,
		Comments:    3,
		OrgName:     "deepseek-ai",
		OrgDisplay:  "DeepSeek",
		Submitter:   "akhaliq",
		AISummary:   "DeepSeek-V3 demonstrates hardware-aware model co-design.",
		AIKeywords:  []string{"Multi-head Latent Attention", "Mixture of Experts", "FP8 mixed-precision training"},
		GitHubRepo:  "https://github.com/deepseek-ai/DeepEP",
		GitHubStars: 8123,
		// The rest of Hugging Face's record.
		DiscussionID:        "6825c1250509343",
		AuthorParticipating: store.ParticipationNo,
		SubmitterName:       "Akhaliq",
		ClaimedAuthors:      []store.HubAuthor{{Name: "Chenggang Zhao", User: "cgzhao"}},
		Thumbnail:           "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2505.09343.png",
		MediaURLs:           []string{"https://cdn-uploads.huggingface.co/production/uploads/x.png"},
	}
	if !reflect.DeepEqual(papers[0], want) {
		t.Errorf("paper 0:\n got %#v\nwant %#v", papers[0], want)
	}
	// Null organisation, null keywords and repo, an unparsable date.
	p := papers[1]
	if p.ID != "2505.09568" || p.OrgName != "" || p.OrgDisplay != "" || p.AIKeywords != nil ||
		p.GitHubRepo != "" || p.Published != "" || p.Daily != "2025-05-15" || p.Comments != 0 ||
		!reflect.DeepEqual(p.Authors, []string{"Jiuhai Chen", "Zhiyang Xu"}) {
		t.Errorf("paper 1 = %#v", p)
	}
}

func TestParseHFSanitises(t *testing.T) {
	papers, err := ParseHF(fixture(t, "hf_daily_2025-05-15_p1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var q store.Paper
	for _, p := range papers {
		if p.ID == "2505.09388" {
			q = p
		}
	}
	if q.Title != "Qwen3 Technical Report" || q.Abstract != "In this work, we present Qwen3." ||
		q.Authors[0] != "An Yang" {
		t.Errorf("escape sequences survived: %q %q %q", q.Title, q.Abstract, q.Authors)
	}
}

func TestParseHFShapes(t *testing.T) {
	search, err := ParseHF(fixture(t, "hf_search.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(search) != 2 || search[0].OrgName != "deepseek-ai" || search[0].Upvotes != 68 ||
		search[1].ID != "2305.18290" || search[1].Published != "2023-05-29" || search[1].Daily != "2023-05-30" ||
		search[1].Submitter != "akhaliq" {
		t.Errorf("search = %#v", search)
	}

	saved, err := ParseHF(fixture(t, "hf_papers_saved.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 {
		t.Fatalf("saved: %d papers", len(saved))
	}
	if saved[0].ID != "2505.09343" || saved[0].Published != "2025-05-14" || saved[0].Daily != "2025-05-15" ||
		saved[0].Comments != 3 || saved[0].OrgName != "deepseek-ai" || saved[0].Submitter != "akhaliq" {
		t.Errorf("bare paper = %#v", saved[0])
	}
	if saved[1].ID != "hep-th/9711200" || saved[1].Published != "1997-11-27" || saved[1].Daily != "" {
		t.Errorf("old-style bare paper = %#v", saved[1])
	}
}

func TestParseHFBad(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		wantN             int
	}{
		{"empty array", "[]", "", 0},
		{"empty body", "", "empty response", 0},
		{"html with 200", "<!DOCTYPE html><html><body>Service Unavailable</body></html>", "got HTML", 0},
		{"truncated", `[{"paper":{"id":"2505.09343","title":"x"`, "invalid JSON", 0},
		{"object instead of array", `{"error":"Invalid date"}`, "got an object, want an array", 0},
		{"trailing garbage", `[] []`, "data after", 0},
		{"upvotes a string", `[{"paper":{"id":"2505.09343","upvotes":"many"}}]`, `field "paper.upvotes": got string, want number`, 0},
		{"authors a string", `[{"paper":{"id":"2505.09343","authors":"x"}}]`, `field "paper.authors": got string, want array`, 0},
		{"author name a number", `[{"paper":{"id":"2505.09343","authors":[{"name":5}]}}]`, `field "paper.authors.name": got number, want string`, 0},
		{"paper a number", `[{"paper":5}]`, `field "paper": got number, want object`, 0},
		{"entry a string", `["junk"]`, "entry: got string, want an object", 0},
		{"organization an array", `[{"paper":{"id":"2505.09343"},"organization":[]}]`, `field "organization": got array, want object`, 0},
		{"keywords not strings", `[{"paper":{"id":"2505.09343","ai_keywords":[1]}}]`, `field "paper.ai_keywords": got number, want string`, 0},
		{"nulls are tolerated", `[{"paper":{"id":"2505.09343","upvotes":null,"authors":null,"title":null,"organization":null,"ai_keywords":null},"organization":null,"submittedBy":null},null,{"paper":null}]`, "", 1},
		{"missing and bad ids skipped", `[{"paper":{"title":"no id"}},{"paper":{"id":"abc"}},{"id":"2505.1"}]`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseHF([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != tt.wantN {
				t.Fatalf("got %d papers, err %v; want %d", len(got), err, tt.wantN)
			}
		})
	}
}

func TestHFClient(t *testing.T) {
	srv := newFakeServices(t)
	h := testHF(t, srv.URL)

	papers, err := h.Daily(bg, DailyQuery{Date: "2025-05-15", Page: 1, Limit: 2})
	if err != nil || len(papers) != 2 || papers[0].ID != "2505.07818" {
		t.Fatalf("Daily = %v, %v", papers, err)
	}
	p, err := h.Paper(bg, "arXiv:2505.09343v2")
	if err != nil || p.Title == "" || p.Source != store.SourceHF {
		t.Fatalf("Paper = %#v, %v", p, err)
	}
	if _, err := h.Paper(bg, "2501.00001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown paper: err = %v, want ErrNotFound", err)
	}
	s, err := h.Search(bg, "deepseek", 0)
	if err != nil || len(s) != 2 {
		t.Fatalf("Search = %v, %v", s, err)
	}
	want := []string{"date=2025-05-15 p=1", "paper=2505.09343", "paper=2501.00001", "q=deepseek"}
	if got := srv.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
}

func TestHFDailyHTMLIsAnError(t *testing.T) {
	srv := htmlServer(t)
	h := testHF(t, srv.URL+"/html")
	_, err := h.Daily(bg, DailyQuery{Date: "2025-05-15"})
	if err == nil || !strings.Contains(err.Error(), "/html/api/daily_papers date=2025-05-15: got HTML") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewHFEndpoint(t *testing.T) {
	h, err := NewHF("https://hf-mirror.example/", "", "1")
	if err != nil || h.Base.String() != "https://hf-mirror.example" || h.HTTP.Header.Get("Authorization") != "" {
		t.Fatalf("NewHF = %v, %v", h.Base, err)
	}
	if h, _ := NewHF("", "tok", "1"); h.Base.String() != DefaultHFEndpoint || h.HTTP.Header.Get("Authorization") != "Bearer tok" {
		t.Fatalf("default endpoint and token: %v %q", h.Base, h.HTTP.Header.Get("Authorization"))
	}
	if _, err := NewHF("ftp://x", "", "1"); err == nil {
		t.Error("ftp endpoint accepted")
	}
}

// FuzzParseHF seeds with small documents only: the fuzzer minimises every
// new interesting input, and inputs grown from multi-kilobyte fixtures
// took the whole -fuzztime to minimise (about ten executions in 15 s).
// The fixtures themselves are covered by the tests above.
func FuzzParseHF(f *testing.F) {
	for _, s := range []string{
		`[{"paper":{"id":"2505.09343","title":"T","summary":"A\n\nB","authors":[{"name":"X","hidden":true}],"publishedAt":"2025-05-14T00:00:00.000Z","upvotes":3,"ai_keywords":["k"]},"submittedOnDailyAt":"2025-05-15T00:00:00.000Z","numComments":1,"organization":{"name":"o","fullname":"O"},"submittedBy":{"name":"s"}}]`,
		`[{"id":"hep-th/9711200","title":"Old","authors":[],"publishedAt":"1997-11-27T00:00:00.000Z"}]`,
		`[{"paper":{"id":"2505.09343","upvotes":"many"}}]`,
		`{"error":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte(`[{"paper":{"id":"2505.09343","authors":[{"name":"\u001b[2J","hidden":true}]},"organization":null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		papers, err := ParseHF(data)
		if err != nil {
			return
		}
		for _, p := range papers {
			if p.ID == "" || p.Source != store.SourceHF {
				t.Fatalf("bad paper %#v", p)
			}
			fields := append([]string{p.Title, p.Abstract, p.OrgName, p.Submitter, p.SubmitterName,
				p.DiscussionID, p.Thumbnail, p.Daily}, p.Authors...)
			fields = append(fields, p.MediaURLs...)
			for _, a := range p.ClaimedAuthors {
				fields = append(fields, a.Name, a.User)
			}
			for _, s := range fields {
				safetextCheck(t, string(data), s)
			}
		}
	})
}
