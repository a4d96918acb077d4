package ui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// fakeLinks is an Options.FetchLinks storing a model and a Space for any
// paper; papers in block wait until released.
type fakeLinks struct {
	db      *store.DB
	mu      sync.Mutex
	calls   map[string]int
	block   map[string]chan struct{}
	release chan struct{}
}

func (f *fakeLinks) fetch(ctx context.Context, id string) error {
	f.mu.Lock()
	f.calls[id]++
	wait := f.block[id]
	f.mu.Unlock()
	if wait != nil {
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return f.db.SetLinks(ctx, id, store.Links{
		Models:    []store.Repo{{ID: "org/model-for-" + id, Downloads: 61234, Likes: 420, Task: "text-generation"}},
		NumModels: 37,
		Spaces:    []store.Repo{{ID: "someone/\x1b]8;;http://evil.test\x07demo", Likes: 8, Task: "gradio"}},
		NumSpaces: 2,
	})
}

func (f *fakeLinks) count(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[id]
}

func TestDetailFetchesLinksWithoutBlocking(t *testing.T) {
	db := fixtureDB(t)
	release := make(chan struct{})
	f := &fakeLinks{db: db, calls: map[string]int{}, block: map[string]chan struct{}{"2505.07002": release}}
	opts := testOptions(db)
	opts.FetchLinks = f.fetch
	d := newDriver(t, opts, 160, 60)
	// The papers of today and yesterday (2025-05-16, 05-15) are fetched in
	// the background; the first one is on show and shows them.
	if f.count("2505.09343") == 0 || f.count("2505.08001") == 0 || f.count("2505.06000") != 0 {
		t.Errorf("background fetches: %v", f.calls)
	}
	v := plain(d.m.View())
	for _, want := range []string{"Models  37 in all", "org/model-for-2505.09343", "↓ 61,234", "♥ 420", "text-generation", "Spaces  2 in all", "demo"} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(d.m.View(), "evil.test") || strings.Contains(d.m.View(), "\x07") {
		t.Error("a hostile Space name reached the screen")
	}
	// An older paper's links are fetched when it is shown, in a command:
	// keys keep working while the fetch waits.
	d.press("j", "j")
	if d.m.detail.paper == nil || d.m.detail.paper.ID != "2505.07002" || f.count("2505.07002") != 1 {
		t.Fatalf("on %v, %d fetches", d.m.detail.paper, f.count("2505.07002"))
	}
	if strings.Contains(plain(d.m.View()), "Models  37") {
		t.Error("links shown before they were fetched")
	}
	d.press("j")
	if d.m.detail.paper.ID == "2505.07002" {
		t.Fatal("a key waited for the fetch")
	}
	d.press("k")
	close(release)
	d.settle()
	if !strings.Contains(plain(d.m.View()), "org/model-for-2505.07002") {
		t.Errorf("links not shown after the fetch:\n%s", plain(d.m.View()))
	}
	// Fresh links are not fetched again.
	d.press("j", "k")
	if n := f.count("2505.07002"); n != 1 {
		t.Errorf("%d fetches of fresh links", n)
	}
}

func TestDetailOpensALinkedRepo(t *testing.T) {
	db := fixtureDB(t)
	f := &fakeLinks{db: db, calls: map[string]int{}}
	opts := testOptions(db)
	opts.FetchLinks = f.fetch
	opts.Browser = "firefox"
	var started []string
	opts.LookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
	opts.StartProcess = func(name string, args ...string) error {
		started = append([]string{name}, args...)
		return nil
	}
	d := newDriver(t, opts, 160, 60)
	d.press("tab") // the detail has the keys
	if d.m.focus() != focusDetail {
		t.Fatal("tab did not focus the detail")
	}
	d.press("l")
	if v := plain(d.m.View()); !strings.Contains(v, "› org/model-for-2505.09343") {
		t.Fatalf("l did not select the first model:\n%s", v)
	}
	d.press("l")
	if v := plain(d.m.View()); !strings.Contains(v, "› someone/demo") || strings.Contains(v, "› org/") {
		t.Fatalf("l did not select the Space:\n%s", v)
	}
	d.press("L")
	if strings.Join(started, " ") != "firefox https://huggingface.co/spaces/someone/demo" {
		t.Errorf("started %q", started)
	}
	d.press("l", "L") // round to the first again
	if strings.Join(started, " ") != "firefox https://huggingface.co/org/model-for-2505.09343" {
		t.Errorf("started %q", started)
	}
}
