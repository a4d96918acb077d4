package fetch

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

func TestParseAtom(t *testing.T) {
	page, err := ParseAtom(fixture(t, "arxiv_cat_cs.AR_0.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || page.Start != 0 || page.PerPage != 2 || len(page.Papers) != 2 {
		t.Fatalf("page = %+v", page)
	}
	want := store.Paper{
		ID:     "2505.09343",
		Source: store.SourceArxiv,
		Title:  "Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware for AI Architectures",
		Abstract: "The rapid scaling of large language models (LLMs) has unveiled critical " +
			"limitations in current hardware architectures, including constraints in memory " +
			"capacity, computational efficiency, and interconnection bandwidth.\n\n" +
			"This paper presents an in-depth analysis of the DeepSeek-V3/R1 model architecture.",
		Authors:      []string{"Chenggang Zhao", "Chengqi Deng", "Chong Ruan"},
		Published:    "2025-05-14",
		Categories:   []string{"cs.DC", "cs.AR", "cs.LG"}, // primary first
		DOI:          "10.1145/3695053.3731412",
		ArxivComment: "This is the author's version, ISCA 2025",
		Version:      1,
		Revised:      "2025-05-14",
		// One author in three gives an affiliation; the others' are "".
		Affiliations: []string{"", "DeepSeek-AI", ""},
	}
	if !reflect.DeepEqual(page.Papers[0], want) {
		t.Errorf("entry 0:\n got %#v\nwant %#v", page.Papers[0], want)
	}
	if p := page.Papers[1]; p.ID != "2505.08888" || p.Title != "A Systolic Array for Sparse Attention" ||
		!reflect.DeepEqual(p.Categories, []string{"cs.AR"}) || p.Published != "2025-05-13" ||
		p.Version != 2 || p.Revised != "2025-05-15" || p.Affiliations != nil || p.DOI != "" {
		t.Errorf("entry 1 = %#v", p)
	}
}

func TestParseAtomOldStyleAndErrors(t *testing.T) {
	page, err := ParseAtom(fixture(t, "arxiv_cat_cs.AR_2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Papers) != 1 || page.Papers[0].ID != "cs/9901001" || page.Papers[0].Title != "An Old-Style Identifier" ||
		!reflect.DeepEqual(page.Papers[0].Categories, []string{"cs.AR", "C.1.2"}) {
		t.Errorf("old-style page = %#v", page.Papers)
	}
	// The id_list answer carries an error entry for a malformed id: skipped.
	page, err = ParseAtom(fixture(t, "arxiv_idlist.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Papers) != 5 {
		t.Errorf("id_list page: %d papers, want 5", len(page.Papers))
	}
	for _, p := range page.Papers {
		if p.Title == "Error" {
			t.Errorf("error entry kept: %#v", p)
		}
	}
}

func TestParseAtomBad(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"html with 200", "<!DOCTYPE html><html><body>Rate exceeded</body></html>", "Atom"},
		{"json", `{"error":"x"}`, "Atom"},
		{"empty", "", "Atom"},
		{"truncated", string(fixture(t, "arxiv_cat_cs.AR_0.xml")[:900]), "invalid Atom feed"},
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`, "not an Atom feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAtom([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
	page, err := ParseAtom([]byte(fetchtest.EmptyFeed))
	if err != nil || len(page.Papers) != 0 || page.Total != 3 {
		t.Errorf("empty feed = %+v, %v", page, err)
	}
}

func TestArxivClient(t *testing.T) {
	srv := newFakeServices(t)
	a := testArxiv(t, srv.URL)
	a.Batch = 3
	page, err := a.Query(bg, "cat:cs.AR", 0, 2)
	if err != nil || len(page.Papers) != 2 {
		t.Fatalf("Query = %+v, %v", page, err)
	}
	papers, err := a.Lookup(bg, []string{"2505.09343v1", "arXiv:2505.09568", "2505.07818", "2505.09388"})
	if err != nil {
		t.Fatal(err)
	}
	if len(papers) != 10 { // the fixture answers each of the two batches in full
		t.Errorf("Lookup: %d papers", len(papers))
	}
	want := []string{
		"search_query=cat:cs.AR start=0",
		"id_list=2505.09343,2505.09568,2505.07818",
		"id_list=2505.09388",
	}
	if got := srv.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
	if _, err := a.Lookup(bg, []string{"not an id"}); err == nil {
		t.Error("Lookup accepted a bad id")
	}
}

func TestArxivQueryParams(t *testing.T) {
	a, err := NewArxiv("https://export.arxiv.org", "1", 0)
	if err != nil {
		t.Fatal(err)
	}
	u := a.url(map[string][]string{"search_query": {"cat:cs.AR"}, "sortBy": {"submittedDate"}})
	if got := u.String(); got != "https://export.arxiv.org/api/query?search_query=cat%3Acs.AR&sortBy=submittedDate" {
		t.Errorf("url = %s", got)
	}
}

func TestNewArxivEndpoint(t *testing.T) {
	a, err := NewArxiv("", "1", 500*time.Millisecond)
	if err != nil || a.HTTP.Delay != 500*time.Millisecond || a.Base.String() != DefaultArxivEndpoint {
		t.Fatalf("NewArxiv = %v, %v", a, err)
	}
	if _, err := NewArxiv("ftp://x", "1", 0); err == nil {
		t.Error("ftp endpoint accepted")
	}
}

// FuzzParseAtom seeds with small feeds only, for the reason given at
// FuzzParseHF; the fixture files are covered by the tests above.
func FuzzParseAtom(f *testing.F) {
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>1</opensearch:totalResults><entry><id>http://arxiv.org/abs/2505.09343v1</id><published>2025-05-14T10:00:00Z</published><title>T</title><summary>A</summary><author><name>X</name></author><arxiv:primary_category term="cs.AR"/><category term="cs.AR"/><category term="cs.LG"/></entry></feed>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#x</id><title>Error</title></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := ParseAtom(data)
		if err != nil {
			return
		}
		for _, p := range page.Papers {
			if p.ID == "" || p.Source != store.SourceArxiv {
				t.Fatalf("bad paper %#v", p)
			}
			fields := append([]string{p.Title, p.Abstract, p.DOI, p.JournalRef, p.ArxivComment, p.Revised}, p.Authors...)
			fields = append(append(fields, p.Categories...), p.Affiliations...)
			for _, s := range fields {
				safetextCheck(t, string(data), s)
			}
			if p.Affiliations != nil && len(p.Affiliations) != len(p.Authors) {
				t.Fatalf("affiliations %q for authors %q", p.Affiliations, p.Authors)
			}
		}
		for _, s := range page.Errors {
			safetextCheck(t, string(data), s)
		}
	})
}
