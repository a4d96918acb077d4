package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

// dayListing is a daily listing of papers 2505.9000i with the given
// upvotes.
func dayListing(upvotes []int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i, u := range upvotes {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"paper":{"id":"2505.9000%d","title":"Paper %d","summary":"s","authors":[{"name":"A. Author"}],"upvotes":%d,"publishedAt":"2025-05-14T00:00:00.000Z"},"numComments":1}`, i, i, u)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// Two syncs an hour apart with changed upvotes: rising orders by what
// each paper gained between them, ties by upvotes.
func TestSyncTwiceThenListRising(t *testing.T) {
	var round atomic.Int32
	listings := [][]int{{50, 10, 5, 30}, {52, 30, 25, 30}}
	srv := fetchtest.NewServer(t).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily || r.Date != "2025-05-15" || r.Page > 0 {
			return nil
		}
		return &fetchtest.Response{Body: dayListing(listings[round.Load()])}
	})
	_, env := testEnv(t, srv)
	sync := func(now string) {
		t.Helper()
		if out, errOut, code := paperboy(t, append(env, "PAPERBOY_NOW="+now), "sync", "--date", "2025-05-15", "--no-categories"); code != 0 {
			t.Fatalf("sync: %d %s %s", code, out, errOut)
		}
	}
	sync("2025-05-15T08:00:00Z")
	round.Store(1)
	sync("2025-05-15T09:00:00Z")
	out, errOut, code := paperboy(t, append(env, "PAPERBOY_NOW=2025-05-15T10:00:00Z"), "list", "--sort", "rising", "--json")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	var got []struct {
		ID         string `json:"id"`
		Upvotes    int    `json:"upvotes"`
		Upvotes24h int    `json:"upvotes_24h"`
		History    []struct {
			At      string `json:"at"`
			Upvotes int    `json:"upvotes"`
		} `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var order []string
	for _, p := range got {
		order = append(order, fmt.Sprintf("%s+%d", p.ID, p.Upvotes24h))
	}
	// Paper 1 and 2 gained 20 (1 has more upvotes), 0 gained 2, 3 none.
	want := "2505.90001+20 2505.90002+20 2505.90000+2 2505.90003+0"
	if strings.Join(order, " ") != want {
		t.Errorf("rising = %s, want %s", strings.Join(order, " "), want)
	}
	if len(got) > 0 && (len(got[0].History) != 2 || got[0].History[0].At != "2025-05-15T08:00:00Z" || got[0].History[1].Upvotes != 30) {
		t.Errorf("history of %s = %+v", got[0].ID, got[0].History)
	}
	// A day later nothing has moved: rising is by upvotes.
	out, _, _ = paperboy(t, append(env, "PAPERBOY_NOW=2025-05-16T12:00:00Z"), "list", "--sort", "rising")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[1], "2505.90000") {
		t.Errorf("a day later:\n%s", out)
	}
}

// The reader's search beyond the library: plain words to Hugging Face's
// search, cat: terms to arXiv, other terms kept local.
func TestSearchRemoteSplitsTheQuery(t *testing.T) {
	srv := fetchtest.NewServer(t).Fixtures(fixtures)
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := fetch.NewSyncer(db, fetch.Endpoints{HF: srv.URL, Arxiv: srv.URL}, "test")
	if err != nil {
		t.Fatal(err)
	}
	n, err := searchRemote(context.Background(), s, `deepseek hardware cat:cs.AR is:unread -moe`)
	if err != nil || n == 0 {
		t.Fatalf("%d papers, %v", n, err)
	}
	got := srv.Requests()
	if len(got) < 2 || got[0] != "q=deepseek hardware" || !strings.HasPrefix(got[1], "search_query=cat:cs.AR start=0") {
		t.Errorf("requests = %q", got)
	}
	if c, _ := db.CountPapers(context.Background()); c == 0 || c > n { // a paper both return counts twice
		t.Errorf("stored %d of %d", c, n)
	}
}
