package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/paperboy-reader/paperboy/store"
)

// fixedNow is the clock of every test.
var fixedNow = time.Date(2025, 5, 16, 9, 0, 0, 0, time.UTC)

func init() {
	// Deterministic screens: no colours, whatever the terminal running
	// the tests.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func upsert(t testing.TB, db *store.DB, ps ...store.Paper) {
	t.Helper()
	if _, err := db.UpsertPapers(context.Background(), ps); err != nil {
		t.Fatalf("upsert: %v", err)
	}
}

// fixturePapers is a small corpus covering what the screens show: an
// organisation, CJK and emoji text, inline maths, categories and keywords.
func fixturePapers() []store.Paper {
	hf := []store.Paper{
		{
			ID: "2505.09343", Title: "Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware for AI Architectures",
			Abstract: "The rapid scaling of large language models (LLMs) has unveiled critical limitations in current hardware architectures.\n\nWe show that $O(n^2)$ attention and $\\alpha$-entmax with *no* emphasis and snake_case_names survive.",
			Authors:  []string{"Chenggang Zhao", "Chengqi Deng", "Chong Ruan"}, Published: "2025-05-14", Daily: "2025-05-16",
			Upvotes: 152, Comments: 4, OrgName: "deepseek-ai", OrgDisplay: "DeepSeek", Submitter: "akhaliq",
			AISummary: "DeepSeek-V3 shows how hardware-aware co-design enables cost-efficient training.", AIKeywords: []string{"hardware co-design", "mixture of experts"},
			GitHubRepo: "https://github.com/deepseek-ai/DeepSeek-V3", GitHubStars: 98000, Source: store.SourceHF,
		},
		{
			ID: "2505.08001", Title: "视觉语言模型的高效推理 🚀 Efficient Inference for Vision-Language Models",
			Abstract: "We study efficient inference. Results: 2x faster.", Authors: []string{"李明", "王芳"},
			Published: "2025-05-13", Daily: "2025-05-15", Upvotes: 87, Comments: 2, Source: store.SourceHF,
			AIKeywords: []string{"vision-language models", "mixture of experts"},
		},
		{
			ID: "2505.07002", Title: "A Survey of Quantum Error Correction for Practitioners",
			Abstract: "Quantum error correction surveyed.", Authors: []string{"Ada Lovelace"},
			Published: "2025-05-12", Daily: "2025-05-14", Upvotes: 12, Source: store.SourceHF,
		},
	}
	arxiv := []store.Paper{
		{ID: "2505.09343", Title: hf[0].Title, Abstract: hf[0].Abstract, Authors: hf[0].Authors, Published: hf[0].Published,
			Categories: []string{"cs.DC", "cs.AI", "cs.AR"}, Source: store.SourceArxiv},
		{ID: "2505.08001", Title: hf[1].Title, Abstract: hf[1].Abstract, Authors: hf[1].Authors, Published: hf[1].Published,
			Categories: []string{"cs.CV", "cs.LG"}, Source: store.SourceArxiv},
		{ID: "2505.07002", Title: hf[2].Title, Abstract: hf[2].Abstract, Authors: hf[2].Authors, Published: hf[2].Published,
			Categories: []string{"quant-ph"}, Source: store.SourceArxiv},
	}
	var out []store.Paper
	out = append(out, hf...)
	out = append(out, arxiv...)
	// Filler papers with a predictable order (newest first: 2505.06020 …).
	for i := 0; i < 21; i++ {
		day := 1 + i%11
		cat := []string{"cs.LG", "cs.CL", "cs.LG"}[i%3]
		out = append(out, store.Paper{
			ID:         fmt.Sprintf("2505.060%02d", i),
			Title:      fmt.Sprintf("Filler paper number %d on language models", i),
			Abstract:   fmt.Sprintf("Abstract of filler %d.", i),
			Authors:    []string{"Grace Hopper", "Alan Turing"},
			Published:  fmt.Sprintf("2025-05-%02d", day),
			Categories: []string{cat},
			Source:     store.SourceArxiv,
		})
	}
	return out
}

func fixtureDB(t testing.TB) *store.DB {
	t.Helper()
	db := openDB(t)
	upsert(t, db, fixturePapers()...)
	return db
}

// bigDB has n filler papers, for paging tests.
func bigDB(t testing.TB, n int) *store.DB {
	t.Helper()
	db := openDB(t)
	ps := make([]store.Paper, n)
	for i := range ps {
		ps[i] = store.Paper{
			ID:        fmt.Sprintf("2401.%05d", i),
			Title:     fmt.Sprintf("Paper %05d", i),
			Authors:   []string{"A. Author"},
			Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/10).Format("2006-01-02"),
			Source:    store.SourceHF,
			Upvotes:   i % 97,
		}
	}
	upsert(t, db, ps...)
	return db
}

func testOptions(db *store.DB) Options {
	return Options{DB: db, Now: func() time.Time { return fixedNow }}
}

// driver runs a model the way a program would, but synchronously enough
// for tests: commands run in goroutines, and settle feeds their messages
// back until nothing arrives for a moment (timers longer than that, such
// as the status line's, simply never fire).
type driver struct {
	t  testing.TB
	m  Model
	ch chan tea.Msg
}

func newDriver(t testing.TB, opts Options, w, h int) *driver {
	t.Helper()
	d := &driver{t: t, m: New(opts), ch: make(chan tea.Msg, 4096)}
	d.exec(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.settle()
	return d
}

func (d *driver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { d.ch <- cmd() }()
}

// send updates the model with a message and runs the command it returns.
func (d *driver) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, tea.QuitMsg, spinner.TickMsg:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.exec(c)
		}
		return
	}
	nm, cmd := d.m.Update(msg)
	d.m = nm.(Model)
	d.exec(cmd)
}

// settle feeds messages back until the model has what it asked for (see
// settled) and nothing has arrived for a moment. On a loaded machine a
// query can take longer than the moment: the model's own state says it
// is still waiting.
func (d *driver) settle() {
	d.t.Helper()
	const quiet = 100 * time.Millisecond
	deadline := time.Now().Add(10 * time.Second)
	idle := time.NewTimer(quiet)
	defer idle.Stop()
	for {
		select {
		case msg := <-d.ch:
			d.send(msg)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(quiet)
		case <-idle.C:
			if settled(d.m) || time.Now().After(deadline) {
				return
			}
			idle.Reset(quiet)
		}
	}
}

// settled reports whether the model has every answer it asked for: the
// count and the latest window of the list, the paper the detail wants
// with its rendered abstract, the filter pane's tags; and no key is
// waiting for its row, and no ranking is being made.
func settled(m Model) bool {
	if len(m.held) > 0 || len(m.ranking) > 0 || len(m.bg.held) > 0 {
		return false
	}
	l := &m.list
	if m.db != nil && (l.countGen != l.gen || l.winGen != l.gen || l.winSeq != l.reqSeq) {
		return false
	}
	d := &m.detail
	if d.wantID != "" && d.err == nil {
		if d.paper == nil || d.paper.ID != d.wantID {
			return false
		}
		if !d.absDone && strings.TrimSpace(d.paper.Abstract) != "" {
			return false
		}
		if d.similarID == d.paper.ID && !d.similarDone && d.similarErr == nil {
			return false
		}
	}
	if m.layout == layoutFilter && !m.filter.loaded && m.filter.err == nil {
		return false
	}
	if r := &m.reading; m.layout == layoutReading && r.err == nil && (r.loading || !r.rendered) {
		return false
	}
	return true
}

// press sends keys, settling after each.
func (d *driver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyMsg(k))
		d.settle()
	}
}

// typeText types runes one by one.
func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		d.settle()
	}
}

func keyMsg(k string) tea.KeyMsg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "ctrl+a": tea.KeyCtrlA, "ctrl+c": tea.KeyCtrlC, " ": tea.KeySpace,
		"backspace": tea.KeyBackspace, "ctrl+f": tea.KeyCtrlF, "ctrl+b": tea.KeyCtrlB, "ctrl+r": tea.KeyCtrlR,
	}
	if t, ok := special[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// checkFits fails unless the view is exactly h lines of at most w columns.
func checkFits(t testing.TB, view string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if view != "" {
			t.Fatalf("%dx%d: want an empty view, got %q", w, h, view)
		}
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: view has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d columns: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

// header is the reader's top line at a width.
func header(m Model, w int) string {
	return headerView(m.st, w, m.desc, m.list.position())
}

// statusLine is the reader's bottom line at a width.
func statusLine(m Model, w int) string {
	context := ""
	if m.layout == layoutReading {
		context = m.reading.statusLine()
	}
	return m.status.view(w, m.show.sort.String(), m.starCount, context)
}

// plain is the view without styling.
func plain(s string) string { return ansi.Strip(s) }
