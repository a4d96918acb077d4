//go:build bench

package main

// The speed harness behind `make bench`: it generates arXiv snapshots of
// 10k, 100k and 1M papers (2.7M with BENCH_FULL=1), imports each into a
// fresh database with the real binary, drives the real reader in a
// pseudo-terminal and writes BENCHMARKS.md. Environment:
//
//	BENCH_SIZES=10000,100000   sizes to run (default 10000,100000,1000000)
//	BENCH_FULL=1               add the full arXiv (2,700,000)
//	BENCH_TRIALS=N             launches per size (default 7)
//	BENCH_NEWSBOAT=0           skip the newsboat comparison
//	BENCH_NEWSBOAT_SIZE=N      the size compared with newsboat (default 100000)
//	BENCH_DIR=DIR              where corpora and databases go (default BENCH)

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest/benchgen"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/textdoc"
	"github.com/paperboy-reader/paperboy/ui/markdown"
	"github.com/paperboy-reader/paperboy/ui/termtest"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

const (
	benchCols, benchRows = 160, 48
	newsboatSize         = 100000
)

// metric is one measured quantity over its trials.
type metric struct {
	Name    string    `json:"name"`
	Unit    string    `json:"unit"`
	Samples []float64 `json:"samples"`
	Target  string    `json:"target,omitempty"`
	Note    string    `json:"note,omitempty"`
}

func (m *metric) stats() (med, p95, mx float64) {
	if len(m.Samples) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	s := slices.Clone(m.Samples)
	slices.Sort(s)
	q := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return q(0.5), q(0.95), s[len(s)-1]
}

type sizeResult struct {
	Papers  int       `json:"papers"`
	Metrics []*metric `json:"metrics"`
}

func (r *sizeResult) add(name, unit, target string, v ...float64) *metric {
	for _, m := range r.Metrics {
		if m.Name == name {
			m.Samples = append(m.Samples, v...)
			return m
		}
	}
	m := &metric{Name: name, Unit: unit, Target: target, Samples: v}
	r.Metrics = append(r.Metrics, m)
	return m
}

func (r *sizeResult) get(name string) *metric {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m
		}
	}
	return nil
}

type benchRun struct {
	Date    string        `json:"date"`
	Machine string        `json:"machine"`
	Command string        `json:"command"`
	Notes   []string      `json:"notes"`
	Sizes   []*sizeResult `json:"sizes"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func TestBenchHarness(t *testing.T) {
	sizes := []int{10000, 100000, 1000000}
	if s := os.Getenv("BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				t.Fatalf("BENCH_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	if os.Getenv("BENCH_FULL") == "1" {
		sizes = append(sizes, 2700000)
	}
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		dir = "BENCH"
	}
	dir, _ = filepath.Abs(dir)
	trials := envInt("BENCH_TRIALS", 7)
	run := &benchRun{
		Date:    time.Now().UTC().Format("2006-01-02 15:04 MST"),
		Machine: machine(),
		Command: "make bench" + envDesc(),
	}
	var last benchRun
	if b, err := os.ReadFile(filepath.Join(dir, "last.json")); err == nil {
		_ = json.Unmarshal(b, &last)
	}
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0); err != nil {
		run.Notes = append(run.Notes, "cold start not measured: cannot drop the page cache ("+err.Error()+")")
	}
	for _, n := range sizes {
		t.Logf("== %d papers", n)
		res := &sizeResult{Papers: n}
		run.Sizes = append(run.Sizes, res)
		benchSize(t, dir, n, trials, res, run)
	}
	if err := writeReport(run, &last); err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(run, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "last.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func envDesc() string {
	var parts []string
	for _, k := range []string{"BENCH_SIZES", "BENCH_FULL", "BENCH_TRIALS", "BENCH_NEWSBOAT"} {
		if v := os.Getenv(k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " ")
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				_, v, _ := strings.Cut(l, ":")
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			kb, _ := strconv.Atoi(f[1])
			mem = fmt.Sprintf(", %.1f GB RAM", float64(kb)/1e6)
		}
	}
	return fmt.Sprintf("%d cores, %s%s, %s/%s, %s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func benchEnv(home, db string) []string {
	return []string{
		"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "PATH=" + os.Getenv("PATH"),
		"PAPERBOY_DB=" + db, "TERM=xterm-256color", "LANG=C.UTF-8", "BROWSER=true",
		// Nothing listens on port 9: the background sync fails at once.
		"HF_ENDPOINT=http://127.0.0.1:9", "ARXIV_ENDPOINT=http://127.0.0.1:9",
	}
}

var (
	readRE  = regexp.MustCompile(`: read (\d+), new (\d+), updated (\d+)`)
	indexRE = regexp.MustCompile(`search index ready in`)
)

func dirSize(paths ...string) int64 {
	var total int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}

func benchSize(t *testing.T, dir string, n, trials int, res *sizeResult, run *benchRun) {
	start := time.Now()
	withRSS := n == envInt("BENCH_NEWSBOAT_SIZE", newsboatSize) && os.Getenv("BENCH_NEWSBOAT") != "0"
	if _, err := benchgen.WriteFiles(dir, n, withRSS); err != nil {
		t.Fatal(err)
	}
	files := benchgen.FilesFor(dir, n)
	t.Logf("corpus ready in %s", time.Since(start).Round(time.Millisecond))

	home := filepath.Join(dir, fmt.Sprintf("home-%d", n))
	db := filepath.Join(dir, fmt.Sprintf("papers-%d.db", n))
	env := benchEnv(home, db)

	// 1. Import: until browsable (the rows committed) and searchable
	// (the index built), each trial into a fresh database.
	importTrials := 3
	if n >= 1000000 {
		importTrials = 1
	}
	for i := 0; i < importTrials; i++ {
		os.RemoveAll(home)
		for _, suf := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suf)
		}
		browsable, searchable, stored := importCorpus(t, env, files)
		res.add("import until browsable", "papers/s", "≥ 50,000", float64(n)/browsable.Seconds())
		res.add("import until searchable", "s", "1M: ≤ 150", searchable.Seconds())
		res.add("import until searchable (rate)", "papers/s", "", float64(n)/searchable.Seconds())
		if i == importTrials-1 {
			res.add("database size", "MB", "", float64(dirSize(db, db+"-wal"))/1e6)
			res.add("papers stored", "", "", float64(stored))
		}
	}
	expect := expectations(t, db)

	// 2. Launch to first complete frame: cold (page cache dropped) and warm.
	marker := func(s string) bool {
		return strings.Contains(s, "1/"+export.HumanInt(expect.total)+" ") && strings.Contains(s, expect.topID)
	}
	for i := 0; i < 3; i++ {
		if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0); err != nil {
			break
		}
		d, _ := launchOnly(t, env, marker)
		res.add("launch to first frame, cold", "ms", "", ms(d))
	}
	for i := 0; i < trials; i++ {
		d, _ := launchOnly(t, env, marker)
		res.add("launch to first frame, warm", "ms", "≤ 100, ≤ 1.2× 10k", ms(d))
	}
	// The same on a terminal that answers no query: the reader's question
	// about the background must not hold up the first frame.
	for i := 0; i < trials; i++ {
		d, _ := launch(t, termtest.Options{Env: env, Width: benchCols, Height: benchRows, Silent: true}, marker)
		res.add("launch to first frame, warm, a terminal that never answers", "ms", "≤ 100", ms(d))
	}

	// 3–5. One interactive session.
	interactive(t, env, n, expect, res)
	// 3b. The floor of search: the same window on one FTS5 index.
	if note := searchFloor(t, db, res); note != "" && !slices.Contains(run.Notes, note) {
		run.Notes = append(run.Notes, note)
	}
	// 6. Reading full texts.
	reading(t, env, db, expect, min(trials, 3), res)
	// 7. Similar papers and For you.
	suggestions(t, env, db, n, expect, res)

	if withRSS {
		if _, err := exec.LookPath("newsboat"); err != nil {
			run.Notes = append(run.Notes, "newsboat not installed: comparison skipped")
		} else {
			newsboatCompare(t, dir, files.RSS, trials, res)
		}
	}
	t.Logf("%d papers done in %s", n, time.Since(start).Round(time.Second))
}

func importCorpus(t *testing.T, env []string, files benchgen.Files) (browsable, searchable time.Duration, stored int) {
	t.Helper()
	cmd := exec.Command(binary, "import", files.Snapshot, files.HF)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	files2 := 0
	for sc.Scan() {
		line := sc.Text()
		if m := readRE.FindStringSubmatch(line); m != nil {
			files2++
			k, _ := strconv.Atoi(m[2])
			stored += k
			if files2 == 2 {
				browsable = time.Since(start)
			}
		}
		if indexRE.MatchString(line) {
			searchable = time.Since(start)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("import: %v\n%s", err, tail(stderr.String(), 2000))
	}
	if searchable == 0 {
		searchable = time.Since(start)
	}
	t.Logf("import: browsable %s, searchable %s", browsable.Round(time.Millisecond), searchable.Round(time.Millisecond))
	return browsable, searchable, stored
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// expected is what the reader should show, read from the database
// directly: counts for every query the session types and the first rows.
type expected struct {
	total   int
	topID   string
	ids     []string // the first rows, newest first
	queries []string
	counts  map[string]int    // query prefix → papers
	firsts  map[string]string // query prefix → the start of its first row's title
	tag     store.Tag
	tagN    int
}

// firstWords is the start of a title as a list row shows it, however
// narrow the title column.
func firstWords(title string) string {
	r := []rune(title)
	return string(r[:min(len(r), 24)])
}

var benchQueries = []string{"transformer", "quantum spin", "neural network", "graph"}

func expectations(t *testing.T, path string) expected {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	e := expected{queries: benchQueries, counts: map[string]int{}, firsts: map[string]string{}}
	if e.total, err = db.Count(ctx, store.Filter{}); err != nil {
		t.Fatal(err)
	}
	items, err := db.Papers(ctx, store.Filter{}, 0, 60)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		e.ids = append(e.ids, it.ID)
	}
	e.topID = e.ids[0]
	for _, q := range e.queries {
		for i := 1; i <= len(q); i++ {
			pq, err := store.ParseQuery(q[:i])
			if err != nil {
				t.Fatal(err)
			}
			if e.counts[q[:i]], err = db.Count(ctx, store.Filter{Query: pq}); err != nil {
				t.Fatal(err)
			}
			// The reader sorts a search by relevance.
			first, err := db.Papers(ctx, store.Filter{Query: pq, Sort: store.SortRelevance}, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(first) > 0 {
				e.firsts[q[:i]] = firstWords(first[0].Title)
			}
		}
	}
	e.tag = store.Tag{Kind: store.KindCategory, Name: "cs.CV"}
	if e.tagN, err = db.Count(ctx, store.Filter{Tags: []store.Tag{e.tag}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// startTerm runs a program in a benchCols×benchRows pseudo-terminal,
// where the waits give the time the awaited output arrived.
func startTerm(t *testing.T, env []string, name string, args ...string) *termtest.Pty {
	t.Helper()
	return termtest.NewPty(t, termtest.Options{Env: env, Width: benchCols, Height: benchRows}, name, args...)
}

// quit presses the program's quit key and gives it 5 s to end before
// killing it.
func quit(tm *termtest.Pty, key string) {
	tm.Keys(key)
	tm.Wait(5 * time.Second)
	tm.Close()
}

// settle waits for the program to stop drawing: quiet for 50 ms, the
// frame it was drawing done and nothing more coming. A program that never
// goes quiet is noted and the run goes on.
func settle(t *testing.T, tm *termtest.Pty, quiet time.Duration) {
	t.Helper()
	if !tm.WaitQuiet(quiet, 10*time.Second) {
		t.Logf("the program did not go quiet for %v within 10 s", quiet)
	}
}

func launchOnly(t *testing.T, env []string, marker func(string) bool) (time.Duration, *termtest.Pty) {
	t.Helper()
	return launch(t, termtest.Options{Env: env, Width: benchCols, Height: benchRows}, marker)
}

// launch starts the reader on a terminal made with opt and returns the
// time to its first frame (marker on the screen), once it has quit.
func launch(t *testing.T, opt termtest.Options, marker func(string) bool) (time.Duration, *termtest.Pty) {
	t.Helper()
	tm := termtest.NewPty(t, opt, binary)
	at, ok := tm.WaitFrom(0, marker, 60*time.Second)
	if !ok {
		quit(tm, "q")
		t.Fatalf("no first frame; screen:\n%s", tm.Tail(3000))
	}
	quit(tm, "q")
	return at.Sub(tm.Started()), tm
}

var counterRE = regexp.MustCompile(`([0-9][0-9,]*)/([0-9][0-9,]*) `)

// lastCounter is the last "cursor/total" the output shows.
func lastCounter(s string) (string, bool) {
	m := counterRE.FindAllStringSubmatch(s, -1)
	if len(m) == 0 {
		return "", false
	}
	last := m[len(m)-1]
	return last[1] + "/" + last[2], true
}

// cpuTicks is utime+stime of a process, in clock ticks (1/100 s).
func cpuTicks(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	s = s[strings.LastIndexByte(s, ')')+2:]
	f := strings.Fields(s)
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return u + st
}

func interactive(t *testing.T, env []string, n int, e expected, res *sizeResult) {
	t.Helper()
	memFile := filepath.Join(t.TempDir(), "memstats.json")
	env = append(slices.Clone(env), "PAPERBOY_MEMSTATS="+memFile)
	tm := startTerm(t, env, binary)
	defer quit(tm, "q")
	counter := func(c string) func(string) bool {
		return func(s string) bool { return strings.Contains(s, c+" ") }
	}
	total := export.HumanInt(e.total)
	at, ok := tm.WaitFrom(0, counter("1/"+total), 60*time.Second)
	if !ok {
		t.Fatalf("no first frame; screen:\n%s", tm.Tail(3000))
	}
	res.add("launch to first frame, warm", "ms", "", ms(at.Sub(tm.Started())))
	settle(t, tm, 100*time.Millisecond)
	// pause lets the frame after a measured key finish before the next key.
	pause := func() { settle(t, tm, 20*time.Millisecond) }

	// 3. Search, typed a character at a time; esc clears. The targets are
	// for a warm cache, and the cold launches above dropped it: a first
	// pass, not timed, types each query's prefixes at once and reads their
	// pages, as the similar papers' first pass does.
	for _, q := range e.queries {
		for i := 1; i <= len(q); i++ {
			_, from := tm.Press("/")
			tm.Press(q[:i])
			c := "0 papers"
			if n := e.counts[q[:i]]; n > 0 {
				c = "1/" + export.HumanInt(n) + " "
			}
			tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, c) }, 20*time.Second)
			_, from = tm.Press("Escape")
			tm.WaitFrom(from, counter("1/"+total), 10*time.Second)
		}
	}
	pause()
	for _, q := range e.queries {
		_, from := tm.Press("/")
		tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "/") }, 2*time.Second)
		prev, prevFirst := e.total, ""
		for i := 1; i <= len(q); i++ {
			typed := q[:i]
			w, from := tm.Press(q[i-1 : i])
			if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "/"+typed) }, 5*time.Second); ok {
				res.add("search: typed character shown", "ms", "next frame (≤ 17)", ms(at.Sub(w)))
			}
			short := len(strings.TrimSpace(typed)) < 3
			// The first window of results: seen when its first row is
			// another than the last query's. The count comes after it,
			// never before (a window waits for no count).
			if first := e.firsts[typed]; first != "" && first != prevFirst && !strings.HasSuffix(typed, " ") {
				if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, first) }, 10*time.Second); ok {
					name, target := "search results, ≥ 3 characters", "p50 ≤ 15, p95 ≤ 33"
					if short {
						name, target = "search results, 1–2 characters", "≤ 100"
					}
					res.add(name, "ms", target, ms(at.Sub(w)))
				} else {
					t.Errorf("search %q: its first row %q never showed; screen:\n%s", typed, first, tm.Tail(2000))
				}
			}
			prevFirst = e.firsts[typed]
			want := e.counts[typed]
			if want == prev || strings.HasSuffix(typed, " ") {
				prev = want
				pause()
				continue // the counter does not change: nothing to see
			}
			prev = want
			var c string
			if want == 0 {
				c = "0 papers"
			} else {
				c = "1/" + export.HumanInt(want)
			}
			at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, c) }, 10*time.Second)
			if !ok {
				t.Errorf("search %q: no %q; screen:\n%s", typed, c, tm.Tail(2000))
				continue
			}
			name := "search count shown, ≥ 3 characters"
			if short {
				name = "search count shown, 1–2 characters"
			}
			res.add(name, "ms", "", ms(at.Sub(w)))
			pause()
		}
		w, from := tm.Press("Escape")
		if at, ok := tm.WaitFrom(from, counter("1/"+total), 10*time.Second); ok {
			res.add("clear search (esc)", "ms", "p95 ≤ 33", ms(at.Sub(w)))
		}
		pause()
	}

	// Typing faster than the queries finish: each key cancels the query
	// before it, so the last key's results come as fast as a single key's.
	// burstGap is the typing speed, not a wait for anything.
	const burstGap = 5 * time.Millisecond
	for i := 0; i < 3; i++ {
		q := e.queries[0]
		_, from := tm.Press("/")
		tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "/") }, 2*time.Second)
		for j := 0; j < len(q)-1; j++ {
			tm.Press(q[j : j+1])
			time.Sleep(burstGap)
		}
		c := "1/" + export.HumanInt(e.counts[q])
		w, from := tm.Press(q[len(q)-1:])
		if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, c) }, 10*time.Second); ok {
			res.add("burst typing: last key to results", "ms", "as one key", ms(at.Sub(w)))
		}
		w, from = tm.Press("Escape")
		tm.WaitFrom(from, counter("1/"+total), 10*time.Second)
		pause()
	}

	// Tag counts, toggling a tag, clearing it.
	w, from := tm.Press("f")
	if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "cs.LG") }, 10*time.Second); ok {
		res.add("filter pane with tag counts", "ms", "≤ 50", ms(at.Sub(w)))
	} else {
		t.Errorf("filter pane: no tags; screen:\n%s", tm.Tail(2000))
	}
	pause()
	from = tm.Mark()
	for _, c := range "cs.cv" {
		tm.Press(string(c))
		pause()
	}
	tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "cs.cv") }, 5*time.Second)
	pause()
	tagC := "1/" + export.HumanInt(e.tagN)
	for i := 0; i < 10; i++ {
		w, from := tm.Press("Space")
		if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, tagC) }, 10*time.Second); ok {
			res.add("toggle a tag", "ms", "p95 ≤ 33", ms(at.Sub(w)))
		} else {
			t.Errorf("tag toggle: no %q; screen:\n%s", tagC, tm.Tail(2000))
		}
		pause()
		w, from = tm.Press("Space")
		if at, ok := tm.WaitFrom(from, counter("1/"+total), 10*time.Second); ok {
			res.add("clear the tag", "ms", "p95 ≤ 33", ms(at.Sub(w)))
		}
		pause()
	}
	tm.Press("Escape")
	settle(t, tm, 100*time.Millisecond)

	// 4. Moving: held j (the counter and the detail follow), PgDn, G, g.
	for i := 1; i < 40 && i < len(e.ids); i++ {
		c := export.HumanInt(i+1) + "/" + total
		id := e.ids[i]
		w, from := tm.Press("j")
		if at, ok := tm.WaitFrom(from, counter(c), 5*time.Second); ok {
			res.add("j: next row", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
		}
		if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, id) }, 5*time.Second); ok {
			res.add("j: detail of the next row", "ms", "", ms(at.Sub(w)))
		}
	}
	prev, _ := lastCounter(tm.Tail(4000))
	for i := 0; i < 20; i++ {
		w, from := tm.Press("PageDown")
		at, ok := tm.WaitFrom(from, func(s string) bool {
			c, ok := lastCounter(s)
			return ok && c != prev
		}, 5*time.Second)
		if ok {
			res.add("PgDn", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
			prev, _ = lastCounter(tm.Tail(4000))
		}
	}
	for i := 0; i < 5; i++ {
		w, from := tm.Press("G")
		if at, ok := tm.WaitFrom(from, counter(total+"/"+total), 10*time.Second); ok {
			res.add("G: last row", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
		}
		pause()
		w, from = tm.Press("g")
		if at, ok := tm.WaitFrom(from, counter("1/"+total), 10*time.Second); ok {
			res.add("g: first row", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
		}
		pause()
	}

	// 5. Memory and idle CPU.
	pid := tm.PID()
	settle(t, tm, time.Second)
	c0 := cpuTicks(pid)
	time.Sleep(10 * time.Second) // the span idle CPU is measured over
	c1 := cpuTicks(pid)
	hwm, rss := procStatus(pid)
	res.add("idle CPU over 10 s", "%", "≤ 0.5", (c1-c0)/100/10*100)
	res.add("peak RSS (VmHWM)", "MB", "≤ 120, flat 100k→1M", hwm)
	res.add("steady RSS (VmRSS)", "MB", "≤ 120", rss)
	quit(tm, "q")
	if b, err := os.ReadFile(memFile); err == nil {
		var st runtime.MemStats
		if json.Unmarshal(b, &st) == nil {
			res.add("Go heap in use at exit", "MB", "", float64(st.HeapInuse)/(1<<20))
			res.add("Go memory from the OS (Sys)", "MB", "", float64(st.Sys)/(1<<20))
		}
	}
}

// newsboatCompare opens the same papers as an RSS feed in newsboat, in
// the same terminal, after one reload into its cache.
func newsboatCompare(t *testing.T, dir, feed string, trials int, res *sizeResult) {
	t.Helper()
	home := filepath.Join(dir, "newsboat-home")
	os.RemoveAll(home)
	os.MkdirAll(home, 0o755)
	urls := filepath.Join(home, "urls")
	os.WriteFile(urls, []byte(`"exec:cat `+feed+`"`+"\n"), 0o644)
	cache := filepath.Join(home, "cache.db")
	conf := filepath.Join(home, "config")
	os.WriteFile(conf, []byte("show-read-feeds yes\n"), 0o644)
	args := []string{"-u", urls, "-c", cache, "-C", conf}
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "LANG=C.UTF-8"}
	start := time.Now()
	reload := exec.Command("newsboat", append(args, "-x", "reload")...)
	reload.Env = env
	if out, err := reload.CombinedOutput(); err != nil {
		t.Logf("newsboat reload: %v %s", err, tail(string(out), 500))
		return
	}
	res.add("newsboat: reload into its cache", "s", "", time.Since(start).Seconds())
	marker := func(s string) bool { return strings.Contains(s, "arXiv (generated)") }
	var hwm float64
	for i := 0; i < max(trials/2, 3); i++ {
		tm := startTerm(t, env, "newsboat", args...)
		at, ok := tm.WaitFrom(0, marker, 120*time.Second)
		if !ok {
			t.Logf("newsboat: no first frame; screen:\n%s", tm.Tail(2000))
			tm.Close()
			return
		}
		res.add("newsboat: launch to first frame", "ms", "", ms(at.Sub(tm.Started())))
		settle(t, tm, time.Second)
		h, _ := procStatus(tm.PID())
		hwm = max(hwm, h)
		quit(tm, "Q")
	}
	res.add("newsboat: peak RSS (VmHWM)", "MB", "", hwm)
}

func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v >= 10000:
		return export.HumanInt(int(math.Round(v)))
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func writeReport(run, last *benchRun) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Produced by `%s` on %s; machine: %s.\n\n", run.Command, run.Date, run.Machine)
	b.WriteString("The corpus is generated (deterministic, `fetch/fetchtest/benchgen`): arXiv snapshot JSON lines with " +
		"realistic title, abstract and author-list lengths, weighted categories with cross-lists, each category with words of its own (the topics similar papers and For you are checked against), a Zipf vocabulary, " +
		"ten years of dates, and Hugging Face entries (upvotes, keywords) for a recent few percent. " +
		"Each size is imported into a fresh database with `paperboy import`; the reader runs in a " +
		fmt.Sprintf("%d×%d pseudo-terminal with the sync pointed at a closed port. Times are from writing the key to the pty "+
			"until the output shows the expected change (so they include Bubble Tea's frame pacing). ", benchCols, benchRows) +
		"\"vs last\" is this run's median over the previous run's (below 1 is faster for times).\n\n")
	for _, note := range run.Notes {
		fmt.Fprintf(&b, "- %s\n", note)
	}
	if len(run.Notes) > 0 {
		b.WriteString("\n")
	}
	lastBy := map[int]*sizeResult{}
	if last != nil {
		for _, s := range last.Sizes {
			lastBy[s.Papers] = s
		}
	}
	for _, s := range run.Sizes {
		fmt.Fprintf(&b, "## %s papers\n\n", export.HumanInt(s.Papers))
		b.WriteString("| measure | unit | n | median | p95 | max | target | vs last |\n|---|---|---|---|---|---|---|---|\n")
		for _, m := range s.Metrics {
			med, p95, mx := m.stats()
			vs := ""
			if l := lastBy[s.Papers]; l != nil {
				if lm := l.get(m.Name); lm != nil {
					lmed, _, _ := lm.stats()
					if lmed > 0 && !math.IsNaN(med) {
						vs = fmt.Sprintf("%.2f×", med/lmed)
					}
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", m.Name, m.Unit, len(m.Samples),
				fmtNum(med), fmtNum(p95), fmtNum(mx), m.Target, vs)
		}
		if nl, nr := s.get("newsboat: launch to first frame"), s.get("newsboat: peak RSS (VmHWM)"); nl != nil && nr != nil {
			pl, pr := s.get("launch to first frame, warm"), s.get("peak RSS (VmHWM)")
			if pl != nil && pr != nil {
				a, _, _ := nl.stats()
				c, _, _ := pl.stats()
				d, _, _ := nr.stats()
				e, _, _ := pr.stats()
				fmt.Fprintf(&b, "\nAgainst newsboat on the same papers: paperboy is **%.1f×** faster to the first frame (target ≥ 10×) "+
					"and uses **%.1f×** less memory (target ≥ 3×).\n", a/c, d/e)
			}
		}
		b.WriteString("\n")
	}
	if len(run.Sizes) >= 2 {
		// Launch against the smallest size, memory against the second
		// (10k and 100k by default), both to the largest.
		small, mid, big := run.Sizes[0], run.Sizes[min(1, len(run.Sizes)-2)], run.Sizes[len(run.Sizes)-1]
		ratio := func(a, b *sizeResult, name string) (float64, bool) {
			ma, mb := a.get(name), b.get(name)
			if ma == nil || mb == nil {
				return 0, false
			}
			x, _, _ := ma.stats()
			y, _, _ := mb.stats()
			return y / x, true
		}
		if r, ok := ratio(small, big, "launch to first frame, warm"); ok {
			fmt.Fprintf(&b, "- Launch, %s → %s papers: **%.2f×** (target ≤ 1.2×).\n", export.HumanInt(small.Papers), export.HumanInt(big.Papers), r)
		}
		if r, ok := ratio(mid, big, "steady RSS (VmRSS)"); ok {
			fmt.Fprintf(&b, "- Steady RSS, %s → %s papers: **%.2f×** (target ≤ 1.1×).\n", export.HumanInt(mid.Papers), export.HumanInt(big.Papers), r)
		}
		if r, ok := ratio(mid, big, "peak RSS (VmHWM)"); ok {
			fmt.Fprintf(&b, "- Peak RSS, %s → %s papers: **%.2f×**.\n", export.HumanInt(mid.Papers), export.HumanInt(big.Papers), r)
		}
		b.WriteString("\n")
	}
	b.WriteString("The Go benchmarks of the hot paths (`go test -tags sqlite_fts5 -bench . ./store/ ./ui/`) follow, as `make bench` printed them.\n\n")
	b.WriteString("<!-- gobench -->\n")
	return os.WriteFile("BENCHMARKS.md", []byte(b.String()), 0o644)
}

// benchText is a stored full text and the lines that show it is on
// screen at each width the harness uses.
type benchText struct {
	id, md string
	words  int
	lines  map[int][]string // width → the laid-out lines, unstyled
}

// layOut lays a text out as the reading view does, at each width.
func layOut(t *testing.T, md string, widths ...int) map[int][]string {
	t.Helper()
	out := map[int][]string{}
	for _, w := range widths {
		lines, _, err := markdown.Text(theme.Style{Name: "dark"}, md, textdoc.Blocks(md), w)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			out[w] = append(out[w], strings.TrimSpace(ansi.Strip(l)))
		}
	}
	return out
}

// telltale is a line near the bottom of the first screen (rows high) at
// width that no
// line of the layout at other holds: its arrival means the screen has
// been drawn from the layout at width, not cut from an older one.
func (bt *benchText) telltale(width, rows, other int) string {
	lines := bt.lines[width]
	best := ""
	for _, l := range lines[:min(len(lines), rows-8)] {
		if len(l) < 40 || strings.Contains(l, "|") {
			continue
		}
		unique := true
		for _, o := range bt.lines[other] {
			if strings.Contains(o, l) {
				unique = false
				break
			}
		}
		if unique {
			best = l
		}
	}
	return best
}

var percentRE = regexp.MustCompile(`\d+%`)

// readerSettled starts the reader and waits for its first frame to come
// and the drawing to stop; usual is its RSS then, what later measures are
// taken above.
func readerSettled(t *testing.T, env []string, e expected) (tm *termtest.Pty, usual float64) {
	t.Helper()
	tm = startTerm(t, env, binary)
	total := export.HumanInt(e.total)
	if _, ok := tm.WaitFrom(0, func(s string) bool { return strings.Contains(s, "1/"+total+" ") }, 60*time.Second); !ok {
		quit(tm, "q")
		t.Fatalf("no first frame; screen:\n%s", tm.Tail(3000))
	}
	settle(t, tm, time.Second)
	_, usual = procStatus(tm.PID())
	return tm, usual
}

// reading stores texts of 15,000 and 60,000 words for the first two rows
// and reads them in the real reader: R to the first screen, scrolling, a
// resize to 120×40 and back, and the memory reading takes.
func reading(t *testing.T, env []string, db string, e expected, trials int, res *sizeResult) {
	t.Helper()
	const narrow, narrowRows = 120, 40
	texts := []*benchText{{id: e.ids[0], words: 15000}, {id: e.ids[1], words: 60000}}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, bt := range texts {
		bt.md = benchgen.Text(bt.words)
		bt.lines = layOut(t, bt.md, benchCols, narrow)
		if err := st.SaveText(context.Background(), store.Text{ID: bt.id, Source: "hf", Markdown: bt.md}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetReadingPosition(context.Background(), bt.id, store.ReadingPosition{}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	tm, usual := readerSettled(t, env, e)
	defer quit(tm, "q")
	total := export.HumanInt(e.total)
	pause := func() { settle(t, tm, 20*time.Millisecond) }
	shows := func(line string) func(string) bool {
		return func(s string) bool { return strings.Contains(s, line) && percentRE.MatchString(s) }
	}
	drawn := func(s string) bool { return strings.TrimSpace(s) != "" }
	var peak float64
	for trial := 0; trial < trials; trial++ {
		for row, bt := range texts {
			k := fmt.Sprintf("%dk words", bt.words/1000)
			wide, thin := bt.telltale(benchCols, benchRows, narrow), bt.telltale(narrow, narrowRows, benchCols)
			if wide == "" || thin == "" {
				t.Fatalf("%s: no line tells the layouts apart", k)
			}
			target := map[int]string{15000: "≤ 150", 60000: "≤ 300"}[bt.words]
			w, from := tm.Press("R")
			at, ok := tm.WaitFrom(from, shows(wide), 10*time.Second)
			if !ok {
				t.Fatalf("%s: the first screen never came; screen:\n%s", k, tm.Tail(3000))
			}
			res.add("read "+k+": R to the first screen", "ms", target, ms(at.Sub(w)))
			pause()
			for i := 0; i < 20; i++ {
				w, from := tm.Press("j")
				if at, ok := tm.WaitFrom(from, drawn, 5*time.Second); ok {
					res.add("read: j scrolls a line", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
				}
			}
			for i := 0; i < 10; i++ {
				w, from := tm.Press("PageDown")
				if at, ok := tm.WaitFrom(from, drawn, 5*time.Second); ok {
					res.add("read: PgDn", "ms", "a frame (≤ 17)", ms(at.Sub(w)))
				}
			}
			pause()
			if bt.words == 60000 {
				_, rss := procStatus(tm.PID())
				res.add("read 60k words: RSS above the reader's before", "MB", "≤ 60", rss-usual)
			}
			// Back to the top, where the telltale lines are, then a
			// resize to 120×40 and back.
			_, from = tm.Press("g")
			tm.WaitFrom(from, shows(wide), 5*time.Second)
			pause()
			for _, to := range []struct {
				cols, rows int
				line       string
			}{{narrow, narrowRows, thin}, {benchCols, benchRows, wide}} {
				from := tm.Mark()
				w := time.Now()
				tm.Resize(to.cols, to.rows)
				if at, ok := tm.WaitFrom(from, shows(to.line), 10*time.Second); ok {
					res.add("read "+k+": resize re-rendered", "ms", "≤ 300", ms(at.Sub(w)))
				} else {
					t.Errorf("%s: no re-render at %d columns; screen:\n%s", k, to.cols, tm.Tail(3000))
				}
				pause()
			}
			hwm, _ := procStatus(tm.PID())
			peak = max(peak, hwm)
			// esc back to the list, on to the next text's row.
			_, from = tm.Press("Escape")
			tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "/"+total+" ") }, 5*time.Second)
			pause()
			next := "j"
			if row == len(texts)-1 {
				next = "k"
			}
			_, from = tm.Press(next)
			tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, texts[(row+1)%len(texts)].id) }, 5*time.Second)
			pause()
		}
	}
	res.add("read: peak RSS (VmHWM) above the reader's before", "MB", "≤ 60", peak-usual)
}

// suggestions measures similar papers and For you. In the store: Similar
// for 50 papers spread over the corpus, and ForYou over the last 30 days
// for a user who starred ten papers of each of two categories, each with
// its precision at 10 against the corpus's topics (a paper's primary
// category is its topic, and the generator gives each its own words). In
// the reader: For you's count in the filter pane, its listing, and the
// memory ranking takes.
func suggestions(t *testing.T, env []string, db string, n int, e expected, res *sizeResult) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetClock(func() time.Time { return benchgen.End.Add(12 * time.Hour) })
	var queries []store.ListItem
	for i := 0; i < 50; i++ {
		items, err := st.Papers(ctx, store.Filter{}, i*(n/50), 1)
		if err != nil || len(items) == 0 {
			t.Fatalf("paper %d of the sample: %v", i, err)
		}
		queries = append(queries, items[0])
	}
	// The targets are for a warm cache: a first pass reads the pages
	// (and the library's sample, once a process), the second is timed.
	var hits, asked int
	for pass := 0; pass < 2; pass++ {
		for _, q := range queries {
			start := time.Now()
			got, err := st.Similar(ctx, q.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if pass == 0 {
				res.add("similar: first pass (cold pages)", "ms", "", ms(time.Since(start)))
				continue
			}
			res.add("similar: 10 papers like one", "ms", "1M: p95 ≤ 50", ms(time.Since(start)))
			for _, s := range got {
				if s.PrimaryCategory == q.PrimaryCategory {
					hits++
				}
			}
			asked += 10
		}
	}
	res.add("similar: precision at 10 (same topic)", "", "≥ 0.8", float64(hits)/float64(asked))

	topics := []string{"cs.CV", "hep-th"}
	var seeds []string
	for _, c := range topics {
		items, err := st.Papers(ctx, store.Filter{Tags: []store.Tag{{Kind: store.KindCategory, Name: c}}}, 100, 60)
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, it := range items {
			if it.PrimaryCategory == c && k < 10 {
				seeds, k = append(seeds, it.ID), k+1
			}
		}
	}
	for _, id := range seeds {
		if err := st.SetStarred(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		for _, id := range seeds {
			st.SetStarred(ctx, id, false)
		}
	}()
	for trial := 0; trial < 6; trial++ {
		start := time.Now()
		got, err := st.ForYou(ctx, store.ForYouOptions{Days: 30, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if trial > 0 { // the first reads the pages
			res.add("For you: the last 30 days ranked", "ms", "1M: ≤ 200", ms(time.Since(start)))
		}
		if trial == 0 {
			hits = 0
			for _, s := range got {
				if slices.Contains(topics, s.PrimaryCategory) {
					hits++
				}
			}
			res.add("For you: precision at 10 (the two starred topics)", "", "≥ 0.8", float64(hits)/10)
		}
	}

	// In the reader, whose clock is the corpus's last day too.
	tm, usual := readerSettled(t, append(env, "PAPERBOY_NOW="+benchgen.End.Add(12*time.Hour).Format(time.RFC3339)), e)
	defer quit(tm, "q")
	counted := regexp.MustCompile(`For you\s+[1-9]`)
	w, from := tm.Press("f")
	if at, ok := tm.WaitFrom(from, counted.MatchString, 20*time.Second); ok {
		res.add("reader: f to For you's count", "ms", "", ms(at.Sub(w)))
	} else {
		t.Errorf("For you's count never came; screen:\n%s", tm.Tail(3000))
	}
	settle(t, tm, 50*time.Millisecond)
	w, from = tm.Press("Enter")
	if at, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "(starred) · shares") }, 20*time.Second); ok {
		res.add("reader: For you listed with reasons", "ms", "≤ 100", ms(at.Sub(w)))
	} else {
		t.Errorf("For you never listed; screen:\n%s", tm.Tail(3000))
	}
	settle(t, tm, 200*time.Millisecond)
	hwm, rss := procStatus(tm.PID())
	res.add("reader: RSS above the reader's before, For you open", "MB", "≤ 20", rss-usual)
	res.add("reader: peak RSS with For you (VmHWM)", "MB", "", hwm)
}

// floorRuns is how many times the shell runs a floor's window in one
// statement.
const floorRuns = 20

// floorQueries are the searches whose floor is taken: the query as typed
// in paperboy's search language, and the same match as FTS5 sees it.
var floorQueries = []struct{ query, match string }{
	{"network*", `"network"*`},
	{"model* learn*", `"model"* "learn"*`},
	{"transformer", `"transformer"*`},
	{"neural network", `"neural" "network"*`},
}

// searchFloor measures a search's floor: the newest 60 matches read
// straight from one FTS5 index in the sqlite3 shell (no Go, no
// rendering; the statement's own time, best of three), beside the same
// window of newest matches read through the store as the reader reads
// it (best of three). It returns a note when the shell is missing.
func searchFloor(t *testing.T, db string, res *sizeResult) string {
	t.Helper()
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		return "sqlite3 not installed: the search floor was not measured"
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	runTime := regexp.MustCompile(`Run Time: real ([0-9.]+)`)
	for _, fq := range floorQueries {
		// The shell's timer counts whole milliseconds: the statement runs
		// the window floorRuns times (a correlated subquery is run again
		// for each row of k), and a run is its share.
		q := `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ` + strconv.Itoa(floorRuns) + `)
			SELECT sum((SELECT count(*) FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH '` +
			strings.ReplaceAll(fq.match, "'", "''") + `' AND k.n > 0 ORDER BY rowid DESC LIMIT 60))) FROM k;` + "\n"
		cmd := exec.Command(shell, "-readonly", db)
		cmd.Stdin = strings.NewReader(".timer on\n" + strings.Repeat(q, 3))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("sqlite3 %s: %v: %s", fq.match, err, out)
			continue
		}
		floor := -1.0
		for _, m := range runTime.FindAllStringSubmatch(string(out), -1) {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil && (floor < 0 || v*1000/floorRuns < floor) {
				floor = v * 1000 / floorRuns
			}
		}
		pq, err := store.ParseQuery(fq.query)
		if err != nil {
			t.Fatal(err)
		}
		best := time.Duration(-1)
		for i := 0; i < 3; i++ {
			start := time.Now()
			if _, err := st.Papers(ctx, store.Filter{Query: pq, Sort: store.SortNew}, 0, 60); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); best < 0 || d < best {
				best = d
			}
		}
		if floor >= 0 {
			res.add("search floor: newest 60 of "+fq.query+", sqlite3 shell", "ms", "", floor)
		}
		res.add("search: newest 60 of "+fq.query+", paperboy's store", "ms", "", ms(best))
		if floor > 0 {
			res.add("search: paperboy's store over the floor (of the four)", "×", "", ms(best)/floor)
		}
	}
	return ""
}
