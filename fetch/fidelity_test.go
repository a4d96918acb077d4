package fetch

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

// An Atom entry with everything arXiv gives: DOI, journal reference,
// comment, affiliations, a v3 id and paragraphs marked by indents.
func TestParseAtomFullRecord(t *testing.T) {
	page, err := ParseAtom(fixture(t, "arxiv_full_record.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Papers) != 1 {
		t.Fatalf("papers = %d", len(page.Papers))
	}
	want := store.Paper{
		ID:     "2401.04088",
		Source: store.SourceArxiv,
		Title:  "Mixtral of Experts",
		Abstract: "Context: Sparse mixture-of-experts models route each token to a few experts.\n\n" +
			"Objective: We introduce Mixtral 8x7B, a Sparse Mixture of Experts language model with open weights.\n\n" +
			"Methods: Each layer has eight feedforward blocks; a router network selects two of them for every token at every layer.",
		Authors:      []string{"Albert Q. Jiang", "Alexandre Sablayrolles", "Ole Weißl"},
		Affiliations: []string{"Mistral AI", "", "Mistral AI; ENS Paris"},
		Published:    "2024-01-08",
		Categories:   []string{"cs.LG", "cs.CL"},
		DOI:          "10.48550/arXiv.2401.04088",
		JournalRef:   "Proc. ICML 2024, PMLR 235:1-12",
		ArxivComment: "See more details at https://mistral.ai/news/mixtral-of-experts/",
		Version:      3,
		Revised:      "2024-03-19",
	}
	if !reflect.DeepEqual(page.Papers[0], want) {
		t.Errorf("got  %#v\nwant %#v", page.Papers[0], want)
	}
}

// arXiv answers a bad query with 400 and an error feed: the error carries
// arXiv's words, on one line, and is not retried.
func TestArxivErrorFeedKeepsTheServersWords(t *testing.T) {
	body := fixture(t, "arxiv_error_400.xml")
	for _, status := range []int{http.StatusBadRequest, http.StatusOK} {
		var mu sync.Mutex
		tries := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			tries++
			mu.Unlock()
			w.Header().Set("Content-Type", "application/atom+xml")
			w.WriteHeader(status)
			w.Write(body)
		}))
		a := testArxiv(t, srv.URL)
		_, err := a.Query(bg, "id:abc", 0, 10)
		srv.Close()
		if err == nil {
			t.Fatalf("status %d: no error", status)
		}
		msg := err.Error()
		if !strings.Contains(msg, "incorrect id format for abc") || strings.Contains(msg, "\n") ||
			!strings.Contains(msg, "export") && !strings.Contains(msg, "/api/query") {
			t.Errorf("status %d: error = %q", status, msg)
		}
		var he *HTTPError
		if status == http.StatusBadRequest && (!errors.As(err, &he) || he.Status != 400 || he.Detail != "incorrect id format for abc") {
			t.Errorf("status 400: error %#v", err)
		}
		if tries != 1 {
			t.Errorf("status %d: %d tries", status, tries)
		}
	}
}

// The detail is sanitised and bounded, whatever the body says; a plain
// text answer ("Rate exceeded.") is read too.
func TestErrorDetailSanitised(t *testing.T) {
	feed := `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#x</id>` +
		`<title>Error</title><summary>bad` + "\u009d0;PWNED\u009c\u202e" + ` id
		` + strings.Repeat("x", 2000) + `</summary></entry></feed>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(feed))
	}))
	defer srv.Close()
	_, err := testArxiv(t, srv.URL).Query(bg, "x", 0, 1)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "…") || strings.Contains(msg, "PWNED") || strings.ContainsAny(msg, "\u009d\u009c\u202e\n\t") || !strings.Contains(msg, "bad id x") ||
		len(msg) > 2*maxErrorDetail+200 {
		t.Errorf("error = %q", msg)
	}
}

// A day's listing in the API's shape before submittedOnDailyAt: the day
// is the day asked for, though the items are stamped the evening before
// (UTC); each paper keeps its place in the day; paragraphs, claimed
// authors, participation and mis-decoded letters come through.
func TestSyncOldShapeDayListing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("p") != "0" {
			w.Write([]byte("[]"))
			return
		}
		w.Write(fixture(t, "hf_daily_2024-05-14_old.json"))
	}))
	defer srv.Close()
	db := openDB(t)
	s := &Syncer{DB: db, HF: testHF(t, srv.URL)}
	if _, err := s.HFDate(bg, "2024-05-14"); err != nil {
		t.Fatal(err)
	}
	p, err := db.Paper(bg, "2405.08707")
	if err != nil {
		t.Fatal(err)
	}
	if p.Daily != "2024-05-14" || p.DailyRank != 1 {
		t.Errorf("daily %q rank %d, want 2024-05-14 and 1", p.Daily, p.DailyRank)
	}
	wantAbstract := "Context: Increasing the size of a Transformer model does not always lead to enhanced performance.\n\n" +
		"Objective: We present a theoretical framework that sheds light on the memorization process.\n\n" +
		"Results: Experiments with GPT-2 support the theory."
	if p.Abstract != wantAbstract {
		t.Errorf("abstract = %q", p.Abstract)
	}
	if !reflect.DeepEqual(p.Authors, []string{"Xueyan Niu", "Bo Bai", "Ole Wei\u00c3l"}) {
		t.Errorf("authors = %q (the C1 byte alone goes)", p.Authors)
	}
	if !reflect.DeepEqual(p.ClaimedAuthors, []store.HubAuthor{{Name: "Xueyan Niu", User: "xniu"}}) ||
		p.AuthorParticipating != store.ParticipationYes || p.SubmitterName != "AK" || p.Submitter != "akhaliq" ||
		p.DiscussionID == "" || !strings.HasSuffix(p.Thumbnail, "/2405.08707.png") || len(p.MediaURLs) != 1 {
		t.Errorf("Hugging Face's record = %+v", p)
	}
	// The newest sort shows the day as Hugging Face does: upvotes, then
	// the listing's order for the two with 12.
	items, err := db.Papers(bg, store.Filter{Sort: store.SortNew}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
		if it.Daily != "2024-05-14" {
			t.Errorf("%s listed on %s", it.ID, it.Daily)
		}
	}
	if want := []string{"2405.08707", "2405.07990", "2405.08317", "2405.08344"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("newest = %v, want %v", ids, want)
	}
}

// A week of that shape: each item's day is its stamp read in the
// listing's zone, not its UTC day.
func TestOldShapeWeekDays(t *testing.T) {
	papers, err := ParseHF(fixture(t, "hf_week_2024-W20_old.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range papers {
		got[p.ID] = p.Daily
	}
	want := map[string]string{"2405.08707": "2024-05-14", "2405.09818": "2024-05-17", "2405.09999": "2024-05-15"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("days = %v, want %v", got, want)
	}
	// The shape with submittedOnDailyAt keeps its day.
	papers, err = ParseHF(fixture(t, "hf_daily_2025-05-15_p0.json"))
	if err != nil || papers[0].Daily != "2025-05-15" {
		t.Errorf("current shape: %v, %v", papers, err)
	}
}

// Week and month syncs count places per day.
func TestSyncWeekRanksPerDay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("p") != "0" {
			w.Write([]byte("[]"))
			return
		}
		w.Write(fixture(t, "hf_week_2024-W20_old.json"))
	}))
	defer srv.Close()
	db := openDB(t)
	s := &Syncer{DB: db, HF: testHF(t, srv.URL)}
	if _, err := s.HFWeek(bg, "2024-W20"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"2405.08707": 1, "2405.09818": 1, "2405.09999": 1} {
		p, err := db.Paper(bg, id)
		if err != nil || p.DailyRank != want {
			t.Errorf("%s: rank %d, %v; want %d", id, p.DailyRank, err, want)
		}
	}
}

// Snapshot lines keep the names as arXiv prints them, TeX decoded, with
// affiliations apart, and the full record.
func TestImportSnapshotFullRecord(t *testing.T) {
	db := openDB(t)
	if _, err := ImportFile(bg, db, filepath.Join("testdata", "snapshot_full.jsonl"), nil); err != nil {
		t.Fatal(err)
	}
	p, err := db.Paper(bg, "1001.0101")
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("authors", p.Authors, []string{"H. Müller", "J. Hołownia", "S. Rybø", "A. Díaz", "F. García"})
	check("affiliations", p.Affiliations, []string{"Univ. Bonn", "", "NBI, Copenhagen", "", ""})
	check("DOI", p.DOI, "10.1016/j.physletb.2011.01.001")
	check("journal", p.JournalRef, "Phys. Lett. B 700 (2011) 1-5")
	check("comment", p.ArxivComment, "12 pages, 3 figures; v3: typos corrected")
	check("version", p.Version, 3)
	check("revised", p.Revised, "2011-01-04")
	check("published", p.Published, "2009-12-31")
	check("abstract", p.Abstract, "One paragraph here.\n\nAnd a second one, wrapped.")

	q, err := db.Paper(bg, "1102.0202")
	if err != nil {
		t.Fatal(err)
	}
	check("numbered authors", q.Authors, []string{"A. Writer", "B. Reader", "C. Editor"})
	check("numbered affiliations", q.Affiliations, []string{"MIT, Cambridge", "MIT, Cambridge; CERN", "CERN"})

	r, err := db.Paper(bg, "0704.0002")
	if err != nil {
		t.Fatal(err)
	}
	check("and-separated", r.Authors, []string{"Ileana Streinu", "Louis Theran"})
	check("no affiliations", r.Affiliations, []string(nil))
	check("v2", r.Version, 2)
	check("abstract paragraphs", r.Abstract, "We describe a new algorithm, the $(k,\\ell)$-pebble game with colors, and use it obtain a characterization of the family of $(k,\\ell)$-sparse graphs.\n\nWe also present a second algorithm.")
}

func TestParseAuthors(t *testing.T) {
	tests := []struct {
		in    string
		names []string
		affs  []string
	}{
		{`C. Bal\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan`, []string{"C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"}, nil},
		{`A. One, B. Two, and C. Three`, []string{"A. One", "B. Two", "C. Three"}, nil},
		{`Jan Anderson and Sandra Andrews`, []string{"Jan Anderson", "Sandra Andrews"}, nil},
		{`M{\"u}ller, \"Ozg\"ur, {\o}stergaard, Erd\H{o}s, \v{C}ech, Fran\c{c}ois, \ss{}ler, {\AA}ngstr\"om`,
			[]string{"Müller", "Özgür", "østergaard", "Erdős", "Čech", "François", "ßler", "Ångström"}, nil},
		{`A. Writer (MIT and Harvard, USA), B. Two`, []string{"A. Writer", "B. Two"}, []string{"MIT and Harvard, USA", ""}},
		{`The ATLAS Collaboration`, []string{"The ATLAS Collaboration"}, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		var names, affs []string
		some := false
		for _, a := range parseAuthors(tt.in) {
			names = append(names, a.Name)
			affs = append(affs, a.Affiliation)
			some = some || a.Affiliation != ""
		}
		if !some {
			affs = nil
		}
		if !reflect.DeepEqual(names, tt.names) || !reflect.DeepEqual(affs, tt.affs) {
			t.Errorf("parseAuthors(%q) = %q %q, want %q %q", tt.in, names, affs, tt.names, tt.affs)
		}
	}
}

// A category look-up arXiv answers nothing for is not asked again at the
// next sync.
func TestFillCategoriesRemembersMisses(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Query().Get("id_list"))
		mu.Unlock()
		w.Write([]byte(fetchtest.EmptyFeed))
	}))
	defer srv.Close()
	db := openDB(t)
	if _, err := db.UpsertPapers(bg, []store.Paper{{ID: "2505.99999", Title: "Unknown", Source: store.SourceHF, Daily: "2025-05-15"}}); err != nil {
		t.Fatal(err)
	}
	s := &Syncer{DB: db, Arxiv: testArxiv(t, srv.URL)}
	for range 2 {
		if _, err := s.FillCategories(bg, 0); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(asked, []string{"2505.99999"}) {
		t.Errorf("asked arXiv for %q, want once", asked)
	}
}

// A sync that sees a starred paper's new version says so in its result.
func TestSyncReportsNewVersionsOfStarredPapers(t *testing.T) {
	feed := func(v string) []byte {
		b := fixture(t, "arxiv_full_record.xml")
		return []byte(strings.ReplaceAll(string(b), "2401.04088v3", "2401.04088"+v))
	}
	var mu sync.Mutex
	body := feed("v1")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Write(body)
	}))
	defer srv.Close()
	db := openDB(t)
	s := &Syncer{DB: db, Arxiv: testArxiv(t, srv.URL)}
	if res, err := s.ArxivQuery(bg, "cat:cs.LG", 1); err != nil || len(res.NewVersions) != 0 {
		t.Fatalf("first sync = %+v, %v", res, err)
	}
	if err := db.SetStarred(bg, "2401.04088", true); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	body = feed("v3")
	mu.Unlock()
	res, err := s.ArxivQuery(bg, "cat:cs.LG", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NewVersions) != 1 || res.NewVersions[0].ID != "2401.04088" || res.NewVersions[0].Old != 1 ||
		res.NewVersions[0].New != 3 || res.NewVersions[0].Title != "Mixtral of Experts" {
		t.Errorf("new versions = %+v", res.NewVersions)
	}
	// The next sync, with nothing new, reports nothing.
	if res, err := s.ArxivQuery(bg, "cat:cs.LG", 1); err != nil || len(res.NewVersions) != 0 {
		t.Errorf("third sync = %+v, %v", res.NewVersions, err)
	}
	// The notice stays for the reader until dismissed.
	if ns, _ := db.VersionNotices(bg, time.Time{}); len(ns) != 1 {
		t.Errorf("pending notices = %+v", ns)
	}
}

func TestErrorDetailPlainText(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("Rate exceeded.\x1b[2J\n"))
	}))
	defer srv.Close()
	_, err := testArxiv(t, srv.URL).Query(bg, "x", 0, 1)
	if err == nil || !strings.HasSuffix(err.Error(), ": HTTP 403: Rate exceeded.") {
		t.Errorf("error = %q", err)
	}
	// An HTML page says nothing worth a line.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<html><body><h1>403 Forbidden</h1></body></html>"))
	}))
	defer srv2.Close()
	_, err = testArxiv(t, srv2.URL).Query(bg, "x", 0, 1)
	if err == nil || !strings.HasSuffix(err.Error(), ": HTTP 403") {
		t.Errorf("error = %q", err)
	}
}

// Hugging Face's {"error": ...} body goes into the error line too.
func TestHFErrorDetail(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"Invalid date"}`))
	}))
	defer srv.Close()
	_, err := testHF(t, srv.URL).Daily(bg, DailyQuery{Date: "2099-01-01"})
	if err == nil || !strings.HasSuffix(err.Error(), "date=2099-01-01: HTTP 400: Invalid date") {
		t.Errorf("error = %q", err)
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://cdn-uploads.huggingface.co/a.png": "https://cdn-uploads.huggingface.co/a.png",
		"http://example.org/x.mp4":                 "http://example.org/x.mp4",
		"javascript:alert(1)":                      "",
		"file:///etc/passwd":                       "",
		"https://x.org/a\x1b]8;;evil\x07.png":      "https://x.org/a.png",
		"not a url":                                "",
		"":                                         "",
	} {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}
