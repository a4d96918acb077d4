package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/ui"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// The reader left open for days: the real reader (its model, its
// commands, Bubble Tea's program, the fetch layer and the store, all as
// `paperboy` wires them) against a fake Hugging Face whose day's listing
// changes at every sync (a new paper, upvotes rising), with a sync every
// five seconds of simulated time, stars, searches, the filter pane and
// full texts downloaded and read, for many cycles (Hugging Face's limits
// raised: at a download every few cycles the real page limit would queue
// them, as it should, and the queue would pass for a leak). Goroutines, memory,
// file descriptors and the WAL must stay flat, and the screen must still
// be right at the end. make test runs a short form; make stress
// (STRESS=1) runs for SOAK_MINUTES (default 3) of real time.
func TestSoak(t *testing.T) {
	cycles, budget := 120, time.Duration(0)
	if stress() {
		cycles, budget = 1<<30, 3*time.Minute
		if m, err := strconv.Atoi(os.Getenv("SOAK_MINUTES")); err == nil && m > 0 {
			budget = time.Duration(m) * time.Minute
		}
	}
	var calls atomic.Int64
	texts := t.TempDir()
	srv := fetchtest.NewServer(t).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily || r.Page > 0 {
			return nil
		}
		resp := fetchtest.JSON(soakListing(int(calls.Add(1))))
		return &resp
	}).FullTexts(texts)
	for i := range 400 {
		md := fmt.Sprintf("# Listed paper %d\n\n## 1 Introduction\n\n%s\n\n## References\n\n1. Someone. arXiv:2106.09685\n",
			i, strings.Repeat("A sentence of the paper's text. ", 200))
		if err := os.WriteFile(filepath.Join(texts, fmt.Sprintf("hf_2505.%05d.md", 10000+i)), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	home := cliEnv(t)
	for k, v := range map[string]string{"HF_ENDPOINT": srv.URL, "ARXIV_ENDPOINT": srv.URL, "ARXIV_HTML_ENDPOINT": srv.URL,
		"PAPERBOY_ARXIV_DELAY": "0s", "PAPERBOY_HF_RATE": "1000000/1s"} {
		t.Setenv(k, v)
	}
	dbPath := filepath.Join(home, "papers.db")
	c := &cli{dbFlag: dbPath, stdout: io.Discard, stderr: io.Discard}
	db, err := c.open()
	if err != nil {
		t.Fatal(err)
	}
	defer c.closeDB(db)
	var tick atomic.Int64 // five seconds of simulated time each
	start := time.Date(2025, 5, 15, 8, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return start.Add(time.Duration(tick.Load()) * 5 * time.Second) })
	syncer, err := c.syncer(db)
	if err != nil {
		t.Fatal(err)
	}
	textClient, err := c.textClient()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Sync.Days, cfg.Sync.OnStart = 1, false
	opts := c.readerOptions(cfg, db, syncer, textClient)
	opts.Clipboard, opts.StartProcess = io.Discard, func(string, ...string) error { return nil }

	in, keys := io.Pipe()
	defer keys.Close()
	out := &lastOutput{}
	p := tea.NewProgram(ui.New(opts), tea.WithInput(in), tea.WithOutput(out), tea.WithoutSignalHandler())
	final := make(chan tea.Model, 1)
	go func() {
		m, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		final <- m
	}()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	press := func(k string) {
		if _, err := io.WriteString(keys, k); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	// waitFor polls for a condition; every so often it nudges (a key that
	// should bring it about again: a sync asked for while one was ending
	// is refused as "already syncing"; a repaint).
	waitFor := func(what string, ok func() bool, every time.Duration, nudge func()) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		next := time.Now().Add(every)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("cycle %d: waited 20s for %s; the reader's last output:\n%s", tick.Load(), what, out.text())
			}
			if nudge != nil && time.Now().After(next) {
				nudge()
				next = time.Now().Add(every)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	lastSync := func() int64 {
		runs, err := db.Syncs(ctx, 1)
		if err != nil || len(runs) == 0 || runs[0].Finished.IsZero() {
			return 0
		}
		return runs[0].ID
	}

	type sample struct {
		cycle, goroutines, fds int
		rss, heap, wal         float64
	}
	measure := func(cycle int) sample {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fds, _ := os.ReadDir("/proc/self/fd")
		_, rss := procStatus(os.Getpid())
		wal, _ := os.Stat(dbPath + "-wal")
		s := sample{cycle: cycle, goroutines: runtime.NumGoroutine(), fds: len(fds), rss: rss, heap: float64(ms.HeapInuse) / 1e6}
		if wal != nil {
			s.wal = float64(wal.Size()) / 1e6
		}
		return s
	}
	var samples []sample
	began := time.Now()
	starred := map[string]bool{}
	cycle := 0
	for ; cycle < cycles && (budget == 0 || time.Since(began) < budget); cycle++ {
		tick.Add(1)
		before := lastSync()
		press("r")
		waitFor("a sync", func() bool { return lastSync() > before }, time.Second, func() { press("r") })
		switch cycle % 10 {
		case 1: // star what is under the cursor
			press("s")
		case 3: // a search, kept, then cleared
			press("/paper " + strconv.Itoa(cycle%7) + "\r")
			press("\x1b")
		case 5: // the filter pane: a view, then back to All
			press("f\x1b")
		case 7: // read the paper under the cursor (downloaded and stored
			// in the background), a line down, back
			press("Rj\x1b")
		}
		if cycle == 50 || cycle%500 == 0 && cycle > 0 {
			samples = append(samples, measure(cycle))
		}
	}
	// What the last keys started (a flash's timer, a download, the
	// detail's debounce) ends within seconds: wait for the goroutines to
	// come back down before the last measure, a leak never does.
	quiet := time.Now().Add(15 * time.Second)
	for runtime.NumGoroutine() > samples[0].goroutines+5 && time.Now().Before(quiet) {
		time.Sleep(50 * time.Millisecond)
	}
	samples = append(samples, measure(cycle))
	if os.Getenv("SOAK_STACKS") != "" {
		pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
	}
	// The reader has drawn the last sync's listing and the last star
	// (a nudge may have started one more sync than the cycles asked for).
	newestOnScreen := func() bool {
		runs, err := db.Syncs(ctx, 1)
		if err != nil || len(runs) == 0 || runs[0].Finished.IsZero() {
			return false
		}
		n, _ := db.StarCount(ctx)
		return out.shows(fmt.Sprintf("Listed paper %d", 10000+int(calls.Load())+soakListed-1)) && out.shows(fmt.Sprintf("★ %d ", n))
	}
	// A repaint now and then writes the whole frame again, all of it in
	// the last kilobytes kept.
	waitFor("the last listing on screen", newestOnScreen, 500*time.Millisecond, func() { p.Send(tea.ClearScreen()) })
	stars, _ := db.StarCount(ctx)
	for _, id := range starredIDs(t, db) {
		starred[id] = true
	}
	st, err := db.Stats(ctx, 1, 1)
	if err != nil || st.Texts == 0 {
		t.Errorf("no full text was stored: %+v %v", st.Texts, err)
	}
	press("q")
	var m tea.Model
	select {
	case m = <-final:
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not quit")
	}
	t.Logf("%d cycles in %s, %d listings served", cycle, time.Since(began).Round(time.Second), calls.Load())
	for _, s := range samples {
		t.Logf("cycle %5d: %3d goroutines, %3d fds, RSS %.1f MB, heap %.1f MB, WAL %.1f MB", s.cycle, s.goroutines, s.fds, s.rss, s.heap, s.wal)
	}
	if len(samples) < 2 {
		t.Fatal("too few cycles to compare")
	}
	base, end := samples[0], samples[len(samples)-1]
	if end.goroutines > base.goroutines+5 {
		t.Errorf("goroutines grew from %d to %d", base.goroutines, end.goroutines)
	}
	// A few more are the idle keep-alive connections of the four HTTP
	// clients (Hugging Face, arXiv, and each's full texts), at most two a
	// host each; a leak grows past them.
	if end.fds > base.fds+8 {
		t.Errorf("file descriptors grew from %d to %d", base.fds, end.fds)
	}
	if end.heap > base.heap*1.5+10 {
		t.Errorf("the heap grew from %.1f to %.1f MB", base.heap, end.heap)
	}
	if end.rss > base.rss+40 {
		t.Errorf("RSS grew from %.1f to %.1f MB", base.rss, end.rss)
	}
	if end.wal > 16 {
		t.Errorf("the WAL is %.1f MB: not checkpointed", end.wal)
	}
	// The screen at the end: the day's listing, its newest paper, the
	// stars counted as the store counts them.
	screen := ansi.Strip(m.View())
	newest := fmt.Sprintf("Listed paper %d", 10000+int(calls.Load())+soakListed-1)
	for _, want := range []string{"paperboy", newest, fmt.Sprintf("★ %d", stars), "? help"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the last screen lacks %q:\n%s", want, screen)
		}
	}
	if lines := strings.Count(screen, "\n") + 1; lines != 40 {
		t.Errorf("the last screen has %d lines on a 40-line terminal", lines)
	}
	if len(starred) == 0 {
		t.Error("no star survived the syncs")
	}
}

// soakListed is how many papers the day's listing holds.
const soakListed = 20

// soakListing is the day's listing at its nth request: soakListed papers
// from the nth on (so each sync brings one new paper and drops one), the
// newest most upvoted, every count a little higher than the time before.
func soakListing(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[")
	for i := soakListed - 1; i >= 0; i-- {
		id := 10000 + n + i
		if i < soakListed-1 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"paper":{"id":"2505.%05d","title":"Listed paper %d","summary":"A paper about systolic arrays and HLS, number %d.","authors":[{"name":"A. Author"}],"upvotes":%d,"publishedAt":"2025-05-14T00:00:00.000Z","submittedOnDailyAt":"2025-05-15T00:00:00.000Z"},"numComments":%d}`,
			id%100000, id, id, n+i, n%5)
	}
	b.WriteString("]")
	return b.Bytes()
}

func starredIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	items, err := db.Papers(context.Background(), store.Filter{View: store.ViewStarred}, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// lastOutput keeps the last few kilobytes the reader wrote, so that a
// test can wait for a frame without keeping every frame of a long run.
type lastOutput struct {
	mu  sync.Mutex
	buf []byte
}

func (o *lastOutput) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf = append(o.buf, b...)
	if over := len(o.buf) - 16<<10; over > 0 {
		o.buf = append(o.buf[:0], o.buf[over:]...)
	}
	return len(b), nil
}

// text is what was written last, as text.
func (o *lastOutput) text() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return ansi.Strip(string(o.buf))
}

// shows reports whether the text is in what was written last.
func (o *lastOutput) shows(text string) bool { return strings.Contains(o.text(), text) }
