package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/paperboy-reader/paperboy/store"
)

// readingDB is the fixture corpus with LoRA's text downloaded, and the
// paper its second reference names (Attention Is All You Need) stored.
func readingDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	db := fixtureDB(t)
	md, err := os.ReadFile(filepath.Join("..", "fetch", "fulltext", "testdata", "hf_2106.09685.md"))
	if err != nil {
		t.Fatal(err)
	}
	upsert(t, db, store.Paper{ID: "2106.09685", Title: "LoRA: Low-Rank Adaptation of Large Language Models",
		Authors: []string{"Edward J. Hu", "Yelong Shen"}, Published: "2021-06-17", Categories: []string{"cs.CL"},
		Abstract: "We propose LoRA.", Source: store.SourceArxiv},
		store.Paper{ID: "1706.03762", Title: "Attention Is All You Need", Authors: []string{"Ashish Vaswani"},
			Published: "2017-06-12", Categories: []string{"cs.CL"}, Abstract: "The dominant models.", Source: store.SourceArxiv})
	if err := db.SaveText(context.Background(), store.Text{ID: "2106.09685", Source: "hf", Markdown: string(md), Fetched: fixedNow}); err != nil {
		t.Fatal(err)
	}
	return db, string(md)
}

// readLoRA opens the reader on LoRA's row and reads it.
func readLoRA(t *testing.T, db *store.DB, w, h int) *driver {
	t.Helper()
	d := newDriver(t, testOptions(db), w, h)
	d.press("/")
	d.typeText("lora")
	d.press("enter", "R")
	if d.m.layout != layoutReading || !d.m.reading.rendered {
		t.Fatalf("R did not open the text: layout %v rendered %v err %v", d.m.layout, d.m.reading.rendered, d.m.reading.err)
	}
	return d
}

func TestReadingView(t *testing.T) {
	db, _ := readingDB(t)
	// The list marks the papers whose text is downloaded.
	d0 := newDriver(t, testOptions(db), 100, 30)
	d0.press("/")
	d0.typeText("lora")
	if row := plain(d0.m.View()); !strings.Contains(row, "¶ LoRA") {
		t.Errorf("the list does not mark LoRA's text:\n%s", row)
	}
	d := readLoRA(t, db, 100, 30)
	screen := plain(d.m.View())
	checkFits(t, d.m.View(), 100, 30)
	for _, want := range []string{"LoRA: Low-Rank Adaptation", "$P_{\\Phi}(y|x)$", "Edward J. Hu, Yelong Shen"} {
		if !strings.Contains(screen, want) {
			t.Errorf("reading view lacks %q:\n%s", want, screen)
		}
	}

	// ] goes from section to section; the status line follows.
	d.press("]", "]")
	if top := plain(d.m.reading.lines[d.m.reading.top]); !strings.Contains(top, "1 Introduction") {
		t.Errorf("]] top line %q, want the introduction", top)
	}
	if s := plain(statusLine(d.m, 100)); !strings.Contains(s, "§ 1 Introduction") {
		t.Errorf("status line: %q", s)
	}
	d.press("[")
	if top := plain(d.m.reading.lines[d.m.reading.top]); !strings.Contains(top, "Abstract") {
		t.Errorf("[ top line %q, want the abstract", top)
	}

	// The outline jumps.
	d.press("c")
	if !strings.Contains(plain(d.m.View()), "Outline") {
		t.Fatalf("no outline:\n%s", plain(d.m.View()))
	}
	d.press("g", "G", "k", "enter") // 2 Our Method, before References
	if d.m.reading.top == 0 || !strings.Contains(plain(d.m.View()), "2 Our Method") {
		t.Errorf("outline's entry: top %d\n%s", d.m.reading.top, plain(d.m.View()))
	}
	d.press("c", "G", "enter") // References: the last screen, with the heading on it
	if !strings.Contains(plain(d.m.View()), "References") || d.m.reading.overlay != overlayNone {
		t.Errorf("outline's last entry:\n%s", plain(d.m.View()))
	}

	// Search in the text: n and N move between matches.
	d.press("g", "/")
	d.typeText("pre-trained")
	d.press("enter")
	r := &d.m.reading
	if len(r.matches) < 2 {
		t.Fatalf("matches of pre-trained: %v", r.matches)
	}
	first := r.top
	d.press("n")
	if r := &d.m.reading; r.top == first && r.matches[0] != r.matches[1] {
		t.Errorf("n did not move: top %d matches %v", r.top, r.matches)
	}
	d.press("N")
	if d.m.reading.top != first {
		t.Errorf("N did not come back: %d, want %d", d.m.reading.top, first)
	}
	if s := plain(statusLine(d.m, 100)); !strings.Contains(s, "find: 1/") {
		t.Errorf("status line lacks the match count: %q", s)
	}
	d.press("esc") // clears the search
	if d.m.reading.find != "" || d.m.layout != layoutReading {
		t.Fatalf("esc: find %q layout %v", d.m.reading.find, d.m.layout)
	}
}

func TestReadingReferencesLeadIntoTheLibrary(t *testing.T) {
	db, _ := readingDB(t)
	d := readLoRA(t, db, 100, 30)
	d.press("b")
	if !strings.Contains(plain(d.m.View()), "References") {
		t.Fatalf("no references:\n%s", plain(d.m.View()))
	}
	d.press("j", "enter") // [2]: Vaswani et al., arXiv 1706.03762, stored
	if d.m.layout != layoutDetail || d.m.detail.paper == nil || d.m.detail.paper.ID != "1706.03762" {
		t.Fatalf("enter on [2]: layout %v detail %+v", d.m.layout, d.m.detail.paper)
	}
	d.press("esc")
	if d.m.layout != layoutReading {
		t.Fatalf("esc from the reference's detail: layout %v, want the text", d.m.layout)
	}
	d.press("s") // stars the paper read
	if n, _ := db.StarCount(context.Background()); n != 1 {
		t.Fatalf("s in the reading view: %d stars", n)
	}
}

// The position is the block at the top: reopened at another width, the
// same paragraph is at the top.
func TestReadingPositionAcrossWidths(t *testing.T) {
	db, _ := readingDB(t)
	d := readLoRA(t, db, 100, 30)
	d.press("]", "]", "]", "j")
	block := d.m.reading.block()
	want := plain(d.m.reading.lines[d.m.reading.starts[block]])
	d.press("esc")
	pos, ok, err := db.ReadingPosition(context.Background(), "2106.09685")
	if err != nil || !ok || pos.Block != block || block == 0 {
		t.Fatalf("position %+v %v %v, want block %d", pos, ok, err, block)
	}
	d2 := readLoRA(t, db, 160, 14)
	r := &d2.m.reading
	if r.block() != block || !strings.Contains(plain(r.lines[r.top]), strings.TrimSpace(want)[:10]) {
		t.Fatalf("reopened at 160: block %d top %q, want block %d %q", r.block(), plain(r.lines[r.top]), block, want)
	}
}

func TestReadingHostileAndHugeTexts(t *testing.T) {
	db := fixtureDB(t)
	upsert(t, db, store.Paper{ID: "2505.00009", Title: "Hostile text", Published: "2025-05-01", Source: store.SourceArxiv})
	md := "# T\x1b]0;owned\x07\n\n" + strings.Repeat(">", 10000) + " deep\n\n" +
		"| " + strings.Repeat("wide column | ", 60) + "\n|" + strings.Repeat(" --- |", 60) + "\n\n" +
		strings.Repeat("A long paragraph of words that goes on. ", 4000)
	if err := db.SaveText(context.Background(), store.Text{ID: "2505.00009", Source: "hf", Markdown: md, Fetched: time.Now()}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("/")
	d.typeText("hostile")
	d.press("enter", "R")
	if !d.m.reading.rendered {
		t.Fatalf("not rendered: %v", d.m.reading.err)
	}
	v := d.m.View()
	checkFits(t, v, 80, 24)
	if strings.Contains(v, "\x1b]") || strings.Contains(v, "\a") {
		t.Fatalf("a control sequence reached the screen: %q", v)
	}
	found := false
	for _, l := range d.m.reading.plain {
		found = found || strings.Contains(l, "deep")
	}
	if !found {
		t.Error("the deeply quoted word was lost")
	}
	d.press("G", "l", "l")
	checkFits(t, d.m.View(), 80, 24)
}

// A text not stored is downloaded first, with a spinner, keys still
// answered; then it opens.
func TestReadingDownloadsFirst(t *testing.T) {
	db := fixtureDB(t)
	release := make(chan struct{})
	opts := testOptions(db)
	opts.FetchText = func(ctx context.Context, id string) error {
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		return db.SaveText(ctx, store.Text{ID: id, Source: "hf", Markdown: "# A text\n\n## 1 Start\n\nIt came down.\n"})
	}
	d := newDriver(t, opts, 100, 30)
	d.send(keyMsg("R"))
	waitUntil(t, d, func() bool { return strings.Contains(plain(d.m.View()), "downloading the text of 2505.09343") })
	d.send(keyMsg("?")) // keys work meanwhile
	if d.m.layout != layoutHelp {
		t.Fatalf("a key while downloading: layout %v", d.m.layout)
	}
	d.send(keyMsg("?"))
	close(release)
	waitUntil(t, d, func() bool { return d.m.reading.rendered && strings.Contains(plain(d.m.View()), "It came down.") })
}

// waitUntil feeds the driver's messages until cond holds.
func waitUntil(t *testing.T, d *driver, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-d.ch:
			d.send(msg)
		case <-deadline:
			t.Fatalf("condition never held; screen:\n%s", plain(d.m.View()))
		}
	}
}

// Regressions: a search in a text whose case folding changes byte lengths,
// a download finishing under the help screen, and keys typed right after
// R acting on the paper R opened.
func TestReadingEdgeCases(t *testing.T) {
	db := fixtureDB(t)
	ctx := context.Background()
	if err := db.SaveText(ctx, store.Text{ID: "2505.09343", Source: "hf",
		Markdown: "# T\n\nȺȺȺ İstanbul needle and NEEDLE.\n\n## 2 More\n\nneedle again.\n"}); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, testOptions(db), 100, 30)
	d.press("R", "/")
	d.typeText("needle")
	d.press("enter")
	v := plain(d.m.View())
	if !strings.Contains(v, "ȺȺȺ İstanbul needle and NEEDLE.") || len(d.m.reading.matches) != 2 {
		t.Fatalf("search over folded letters: matches %v\n%s", d.m.reading.matches, v)
	}
	d.press("esc", "esc")

	// A download that ends while the help is up shows when it closes.
	release := make(chan struct{})
	opts := testOptions(db)
	opts.FetchText = func(ctx context.Context, id string) error {
		<-release
		return db.SaveText(ctx, store.Text{ID: id, Source: "hf", Markdown: "# Later\n\nIt came.\n"})
	}
	d2 := newDriver(t, opts, 100, 30)
	d2.press("j") // a paper without a text
	id := d2.m.list.current().ID
	d2.send(keyMsg("R"))
	d2.send(keyMsg("?"))
	close(release)
	waitUntil(t, d2, func() bool { return !d2.m.reading.loading })
	d2.press("?")
	if d2.m.layout != layoutReading || !strings.Contains(plain(d2.m.View()), "It came.") {
		t.Fatalf("after the help: layout %v\n%s", d2.m.layout, plain(d2.m.View()))
	}

	// R and s typed at once: the star is on the paper R opened.
	d2.press("esc", "j")
	other := d2.m.list.current().ID
	if other == id {
		t.Fatal("the cursor did not move")
	}
	d2.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Rs")})
	d2.settle()
	if st, _ := db.UserState(ctx, other); !st.Starred {
		t.Errorf("Rs starred another paper than %s", other)
	}
	if st, _ := db.UserState(ctx, id); st.Starred {
		t.Errorf("Rs starred %s, the paper read before", id)
	}
}

// A citation marker leads to its entry: tab steps through the markers
// from the screen on, scrolling to them and marking the one chosen, and
// enter or b opens the references at the entry it cites.
func TestReadingCitationMarkers(t *testing.T) {
	db, _ := readingDB(t)
	d := readLoRA(t, db, 100, 14)
	r := &d.m.reading
	d.press("tab")
	if !r.citing || r.citeLabel(r.cite) != "[1, 2]" {
		t.Fatalf("tab chose %v %q, want [1, 2]", r.citing, r.citeLabel(r.cite))
	}
	if r.citeLine < r.top || r.citeLine >= r.top+r.textRows() {
		t.Fatalf("the marker's line %d is off screen (top %d)", r.citeLine, r.top)
	}
	if got := plain(r.plain[r.citeLine])[r.citeFrom:r.citeTo]; got != "[1, 2]" {
		t.Errorf("the marked text is %q", got)
	}
	if s := plain(statusLine(d.m, 100)); !strings.Contains(s, "cites [1, 2]") {
		t.Errorf("status line: %q", s)
	}
	d.press("enter")
	if r.overlay != overlayRefs || r.refs[r.overlayCursor].N != 1 {
		t.Fatalf("enter on [1, 2]: overlay %v at entry %d", r.overlay, r.refs[r.overlayCursor].N)
	}
	d.press("esc")

	// On to the last marker, [2], in the method section below: tab
	// scrolls to it, and b opens its entry, which leads to the paper.
	top := r.top
	for i := 0; i < 5 && r.citeLabel(r.cite) != "[2]"; i++ {
		d.press("tab")
	}
	if r.citeLabel(r.cite) != "[2]" || r.top == top {
		t.Fatalf("tabs: marker %q, top %d (was %d)", r.citeLabel(r.cite), r.top, top)
	}
	if !strings.Contains(plain(r.lines[r.citeLine]), "multiplication [2]") {
		t.Errorf("[2] located on %q", plain(r.lines[r.citeLine]))
	}
	if screen := plain(d.m.View()); !strings.Contains(screen, "multiplication [2]") {
		t.Errorf("the chosen marker is not on screen:\n%s", screen)
	}
	d.press("tab") // the last one: the choice stays
	if r.citeLabel(r.cite) != "[2]" {
		t.Errorf("tab past the last marker chose %q", r.citeLabel(r.cite))
	}
	d.press("b")
	if r.overlay != overlayRefs || r.refs[r.overlayCursor].N != 2 {
		t.Fatalf("b on [2]: overlay %v at entry %d", r.overlay, r.refs[r.overlayCursor].N)
	}
	d.press("enter")
	if d.m.layout != layoutDetail || d.m.detail.paper == nil || d.m.detail.paper.ID != "1706.03762" {
		t.Fatalf("enter on [2]'s entry: layout %v", d.m.layout)
	}
	d.press("esc") // back to the references, then to the text
	if d.m.layout != layoutReading || r.overlay != overlayRefs {
		t.Fatalf("esc from the detail: layout %v overlay %v", d.m.layout, r.overlay)
	}
	d.press("esc")

	// shift+tab goes back; esc lets go of the marker before it leaves.
	d.press("shift+tab")
	if !r.citing || r.citeLabel(r.cite) == "[2]" {
		t.Errorf("shift+tab: %v %q", r.citing, r.citeLabel(r.cite))
	}
	d.press("esc")
	if r.citing || d.m.layout != layoutReading {
		t.Fatalf("esc: citing %v layout %v", r.citing, d.m.layout)
	}
	d.press("esc")
	if d.m.layout == layoutReading {
		t.Fatal("the second esc did not leave the text")
	}
}
