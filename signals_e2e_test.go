package main

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
)

// listingOf is a daily listing of the given papers with their upvotes
// and one comment each.
func listingOf(ids []string, upvotes []int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"paper":{"id":%q,"title":"Paper %s","summary":"s","authors":[{"name":"A. Author"}],"upvotes":%d,"publishedAt":"2025-05-14T00:00:00.000Z"},"numComments":1}`, id, id, upvotes[i])
	}
	b.WriteString("]")
	return []byte(b.String())
}

// Three daily syncs make a history; the reader then shows the trend of a
// paper and, once the background fetch has them, its linked models and
// Spaces (from the paper-info and repos fixtures).
func TestEndToEndTrendAndLinks(t *testing.T) {
	ids := []string{"2505.09343", "2505.90001"}
	rounds := [][]int{{5, 2}, {30, 3}, {67, 4}} // the fixture's paper info has 67
	var round atomic.Int32
	srv := fetchtest.NewServer(t).Fixtures(fixtures).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily || r.Date != "2025-05-15" || r.Page > 0 {
			return nil
		}
		return &fetchtest.Response{Body: listingOf(ids, rounds[round.Load()])}
	})
	_, env := testEnv(t, srv)
	for i, day := range []string{"2025-05-13", "2025-05-14", "2025-05-15"} {
		round.Store(int32(i))
		if out, errOut, code := paperboy(t, append(env, "PAPERBOY_NOW="+day+"T08:00:00Z"), "sync", "--date", "2025-05-15", "--no-categories"); code != 0 {
			t.Fatalf("sync %s: %d %s %s", day, code, out, errOut)
		}
	}
	term := startReader(t, append(env, "PAPERBOY_NOW=2025-05-15T09:00:00Z"), 160, 60)
	// (The sync on start may rename the paper: arXiv's fixture knows it.)
	// 5, 30, 67 upvotes on three days; 37 of them since yesterday.
	term.WaitText("▁▃█ +37 today")
	s := term.WaitAll("deepseek-ai/DeepSeek-V3", "Models  37 in all", "↓ 612,345", "Spaces  4 in all", "someone/deepseek-v3-chat", "Datasets  1 in all")
	if strings.Contains(s, "x.test") {
		t.Errorf("a hostile model name reached the screen:\n%s", s)
	}
	term.Keys("q")
	if st := term.ExitWithin(5 * time.Second); st != 0 {
		t.Fatalf("reader exited with %d", st)
	}
	out, _, _ := paperboy(t, env, "list", "--query", "has:model has:code", "--json")
	if !strings.Contains(out, `"models": 37`) || !strings.Contains(out, `"spaces": 4`) || strings.Contains(out, "2505.90001") {
		t.Errorf("has:model has:code:\n%s", out)
	}
}

// After ten days away the reader's sync fetches every day missed, says
// so, and the filter pane's "New since last visit" lists what came.
func TestEndToEndCatchUp(t *testing.T) {
	listings := map[string][]string{
		"2025-05-05": {"2505.80001"},
		"2025-05-08": {"2505.80002"},
		"2025-05-12": {"2505.80003", "2505.80004"},
	}
	srv := fetchtest.NewServer(t).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily || r.Page > 0 {
			return nil
		}
		ids := listings[r.Date]
		ups := make([]int, len(ids))
		// Each day answers slowly, so the catching-up line stays on screen.
		return &fetchtest.Response{Body: listingOf(ids, ups), Delay: 150 * time.Millisecond}
	})
	_, env := testEnv(t, srv)
	at := func(ts string) []string { return append(env, "PAPERBOY_NOW="+ts) }
	if _, errOut, code := paperboy(t, at("2025-05-05T08:00:00Z"), "sync", "--date", "2025-05-05", "--no-categories"); code != 0 {
		t.Fatal(errOut)
	}
	// A visit that day, then ten days away.
	term := startReader(t, at("2025-05-05T09:00:00Z"), 120, 30)
	term.WaitText("Paper 2505.80001")
	term.WaitText("up to date")
	term.Keys("q")
	term.ExitWithin(5 * time.Second)

	term = startReader(t, at("2025-05-15T09:00:00Z"), 120, 30)
	term.WaitText("catching up on 11 days since 2025-05-05")
	term.WaitText("Paper 2505.80004")
	term.WaitGone("syncing")
	term.Keys("f")
	viewLine := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "New since last visit") {
				return strings.TrimRight(l, " │")
			}
		}
		return ""
	}
	// The view's count comes with the tags' counts, a moment after the pane.
	term.WaitFor("the view's count", func(s string) bool { return strings.HasSuffix(viewLine(s), " 3") })
	term.Keys("Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter") // past For you and the others
	term.WaitGone("Paper 2505.80001")
	term.WaitAll("Paper 2505.80002", "Paper 2505.80003", "Paper 2505.80004")
	term.Keys("q")
	term.ExitWithin(5 * time.Second)
	out, _, _ := paperboy(t, at("2025-05-15T10:00:00Z"), "list", "--query", "is:new")
	if strings.Count(out, "\n") != 4 || strings.Contains(out, "2505.80001") {
		t.Errorf("list is:new:\n%s", out)
	}
}
