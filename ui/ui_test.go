package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
)

func TestListShowsCachedPapers(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	v := d.m.View()
	checkFits(t, v, 80, 24)
	p := plain(v)
	for _, want := range []string{"paperboy", "Insights into DeepSeek-V3", "DeepSeek", "152▲", "1/24", "sort: newest"} {
		if !strings.Contains(p, want) {
			t.Errorf("list view lacks %q:\n%s", want, p)
		}
	}
	if !strings.Contains(p, "●") {
		t.Errorf("unread mark missing")
	}
}

func TestKeysMoveCursor(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.press("j", "j", "down")
	if d.m.list.cursor != 3 {
		t.Fatalf("cursor = %d, want 3", d.m.list.cursor)
	}
	d.press("k", "up")
	if d.m.list.cursor != 1 {
		t.Fatalf("cursor = %d, want 1", d.m.list.cursor)
	}
	d.press("G")
	if d.m.list.cursor != 23 {
		t.Fatalf("G: cursor = %d, want 23", d.m.list.cursor)
	}
	d.press("g")
	if d.m.list.cursor != 0 {
		t.Fatalf("g: cursor = %d, want 0", d.m.list.cursor)
	}
	d.press("pgdown")
	if d.m.list.cursor != d.m.geo().listRows() {
		t.Fatalf("pgdown: cursor = %d, want %d", d.m.list.cursor, d.m.geo().listRows())
	}
	d.press("ctrl+b")
	if d.m.list.cursor != 0 {
		t.Fatalf("ctrl+b: cursor = %d, want 0", d.m.list.cursor)
	}
	d.press("k")
	if d.m.list.cursor != 0 {
		t.Fatalf("k at the top moved to %d", d.m.list.cursor)
	}
}

func TestWindowsFollowCursor(t *testing.T) {
	db := bigDB(t, 3000)
	d := newDriver(t, testOptions(db), 80, 24)
	l := &d.m.list
	if l.total != 3000 {
		t.Fatalf("total = %d", l.total)
	}
	if len(l.win) >= 3000 || len(l.win) == 0 {
		t.Fatalf("window holds %d rows", len(l.win))
	}
	d.press("G")
	l = &d.m.list
	if l.cursor != 2999 {
		t.Fatalf("cursor = %d", l.cursor)
	}
	if it := l.current(); it == nil || it.ID != "2401.00000" {
		t.Fatalf("row under cursor at the end = %+v", it)
	}
	if len(l.win) > 3*d.m.geo().listRows()+30 {
		t.Fatalf("window of %d rows is more than a few screens", len(l.win))
	}
	// Walking a page at a time always has the cursor's row loaded.
	d.press("g")
	for i := 0; i < 10; i++ {
		d.press("pgdown")
		if d.m.list.current() == nil {
			t.Fatalf("after %d pages the cursor's row is not loaded", i+1)
		}
	}
	if !strings.Contains(plain(d.m.View()), "3,000") {
		t.Errorf("header lacks the total:\n%s", plain(d.m.View()))
	}
}

func TestStaleResultsDropped(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	l := d.m.list
	stale := []store.ListItem{{ID: "9999.99999", Title: "stale"}}
	d.send(windowMsg{gen: l.gen - 1, seq: l.reqSeq, start: 0, limit: 30, items: stale})
	d.send(windowMsg{gen: l.gen, seq: l.reqSeq - 1, start: 0, limit: 30, items: stale})
	d.send(countMsg{gen: l.gen - 1, n: 1})
	if strings.Contains(plain(d.m.View()), "stale") || d.m.list.total != 24 {
		t.Fatalf("stale results were shown")
	}
	// A new query keeps the old rows on screen until its own arrive.
	before := d.m.list.win
	nm, _ := d.m.Update(keyMsg("="))
	m := nm.(Model)
	if len(m.list.win) != len(before) || m.list.gen != l.gen+1 {
		t.Fatalf("new query dropped the shown rows before its own arrived")
	}
}

func TestRequeryCancelsPrevious(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	m := d.m
	var cancelled bool
	m.list.genCancel = func() { cancelled = true }
	m.requery(false)
	if !cancelled {
		t.Fatal("a new query did not cancel the previous one")
	}
}

func TestSearchTyping(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.press("/")
	gen := d.m.list.gen
	d.typeText("quantum")
	if d.m.list.gen <= gen {
		t.Fatal("typing did not start queries")
	}
	if d.m.list.total != 1 || d.m.list.current().ID != "2505.07002" {
		t.Fatalf("search results: total %d", d.m.list.total)
	}
	if d.m.show.sort != store.SortRelevance {
		t.Errorf("sort while searching = %v", d.m.show.sort)
	}
	gen = d.m.list.gen
	d.typeText(` "unclosed`)
	if d.m.search.hint == "" || !strings.Contains(plain(d.m.View()), "unclosed quote") {
		t.Fatalf("malformed query shows no hint:\n%s", plain(d.m.View()))
	}
	if d.m.list.gen != gen || d.m.list.total != 1 {
		t.Fatal("a malformed query replaced the results")
	}
	checkFits(t, d.m.View(), 80, 24)
	d.press("enter")
	if d.m.focus() != focusList || d.m.show.query.Empty() || d.m.list.total != 1 {
		t.Fatal("enter did not keep the results")
	}
	d.press("/", "esc")
	if !d.m.show.query.Empty() || d.m.list.total != 24 || d.m.show.sort != store.SortNew {
		t.Fatalf("esc did not clear the search: total %d sort %v", d.m.list.total, d.m.show.sort)
	}
}

func TestSearchCombinesWithTags(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.m.show.tags = []store.Tag{{Kind: store.KindCategory, Name: "cs.LG"}}
	d.press("/")
	d.typeText("filler")
	want, _ := d.m.db.Count(context.Background(), d.m.filterNow())
	if d.m.list.total != want || want == 0 || want == 21 {
		t.Fatalf("total %d, want %d (tags and search combined)", d.m.list.total, want)
	}
}

func TestStarPersists(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("s")
	p, err := db.Paper(context.Background(), "2505.09343")
	if err != nil || !p.Starred {
		t.Fatalf("star not saved: %v %v", p.Starred, err)
	}
	if d.m.starCount != 1 || !strings.Contains(plain(d.m.View()), "★ 1") {
		t.Fatalf("star count not shown:\n%s", plain(d.m.View()))
	}
	d.press("S")
	if d.m.show.view != store.ViewStarred || d.m.list.total != 1 {
		t.Fatalf("S: view %v total %d", d.m.show.view, d.m.list.total)
	}
	d.press("S")
	if d.m.show.view != store.ViewAll {
		t.Fatalf("S again: view %v", d.m.show.view)
	}
	d.press("s")
	p, _ = db.Paper(context.Background(), "2505.09343")
	if p.Starred || d.m.starCount != 0 {
		t.Fatal("unstar not saved")
	}
}

func TestOpenMarksRead(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("j", "enter")
	if !(d.m.layout == layoutDetail) || d.m.focus() != focusDetail {
		t.Fatal("enter did not open the detail")
	}
	p, _ := db.Paper(context.Background(), "2505.08001")
	if !p.Read {
		t.Fatal("opening did not mark read")
	}
	v := plain(d.m.View())
	checkFits(t, d.m.View(), 80, 24)
	for _, want := range []string{"李明, 王芳", "https://arxiv.org/pdf/2505.08001", "Computer Vision"} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, v)
		}
	}
	d.press("u")
	p, _ = db.Paper(context.Background(), "2505.08001")
	if p.Read {
		t.Fatal("u did not mark unread")
	}
	d.press("esc")
	if (d.m.layout == layoutDetail) || d.m.focus() != focusList {
		t.Fatal("esc did not close the detail")
	}
}

func TestWideDetailFollowsCursor(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 160, 48)
	if d.m.detail.paper == nil || d.m.detail.paper.ID != "2505.09343" {
		t.Fatal("wide detail did not load the first paper")
	}
	d.press("j")
	if d.m.detail.paper.ID != "2505.08001" {
		t.Fatalf("detail shows %s", d.m.detail.paper.ID)
	}
	p, _ := db.Paper(context.Background(), "2505.08001")
	if p.Read {
		t.Fatal("resting the cursor marked the paper read")
	}
	checkFits(t, d.m.View(), 160, 48)
	if !strings.Contains(plain(d.m.View()), "We study efficient inference") {
		t.Errorf("abstract not rendered:\n%s", plain(d.m.View()))
	}
}

func TestFilterTagsAndOr(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("f")
	if !(d.m.layout == layoutFilter) || !d.m.filter.loaded {
		t.Fatal("filter pane did not open with tags")
	}
	d.typeText("cs.CV")
	d.press(" ")
	if len(d.m.show.tags) != 1 || d.m.show.tags[0].Name != "cs.CV" {
		t.Fatalf("selected %v", d.m.show.tags)
	}
	if d.m.list.total != 1 {
		t.Fatalf("cs.CV: total %d", d.m.list.total)
	}
	for range "cs.CV" {
		d.press("backspace")
	}
	d.typeText("quant")
	d.press(" ")
	if len(d.m.show.tags) != 2 || d.m.list.total != 0 {
		t.Fatalf("AND: selected %v total %d", d.m.show.tags, d.m.list.total)
	}
	d.press("ctrl+a")
	if !d.m.show.any || d.m.list.total != 2 {
		t.Fatalf("OR: total %d", d.m.list.total)
	}
	if !strings.Contains(plain(header(d.m, 80)), "cs.CV | quant-ph") {
		t.Errorf("header lacks the filter: %q", plain(header(d.m, 80)))
	}
	d.press("esc")
	if (d.m.layout == layoutFilter) || len(d.m.show.tags) != 2 || d.m.list.total != 2 {
		t.Fatal("esc lost the selection")
	}
}

func TestFilterPicksView(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("f", "down", "down", "down", "down") // For you, All, Starred, Unread, Today
	d.press("enter")
	if d.m.show.view != store.ViewToday || (d.m.layout == layoutFilter) {
		t.Fatalf("view %v open %v", d.m.show.view, (d.m.layout == layoutFilter))
	}
	want, _ := db.Count(context.Background(), store.Filter{View: store.ViewToday, Now: fixedNow})
	if d.m.list.total != want {
		t.Fatalf("today: %d, want %d", d.m.list.total, want)
	}
}

func TestSortCycles(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	want := []store.Sort{store.SortTop, store.SortTrending, store.SortRising, store.SortNew}
	for _, w := range want {
		d.press("=")
		if d.m.show.sort != w {
			t.Fatalf("sort = %v, want %v", d.m.show.sort, w)
		}
		if !strings.Contains(plain(d.m.View()), "sort: "+w.String()) {
			t.Fatalf("status lacks sort %v", w)
		}
	}
	d.press("=")
	if d.m.list.current().ID != "2505.09343" {
		t.Fatalf("top sort: first is %s", d.m.list.current().ID)
	}
}

func TestEditTagsAndNote(t *testing.T) {
	db := fixtureDB(t)
	if err := db.SetTags(context.Background(), "2505.07002", "reading-list"); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, testOptions(db), 80, 24)
	d.press("t")
	if d.m.focus() != focusEdit {
		t.Fatal("t did not open the tag editor")
	}
	d.typeText("read")
	d.press("tab") // accept the completion
	d.typeText(" moe")
	d.press("enter")
	p, _ := db.Paper(context.Background(), "2505.09343")
	if strings.Join(p.Tags, ",") != "moe,reading-list" {
		t.Fatalf("tags = %v", p.Tags)
	}
	d.press("t")
	d.typeText("bad!tag")
	d.press("enter")
	if d.m.focus() != focusEdit || d.m.edit.hint == "" {
		t.Fatal("an invalid tag was not refused")
	}
	d.press("esc", "n")
	d.typeText("read section 3")
	d.press("enter")
	p, _ = db.Paper(context.Background(), "2505.09343")
	if p.Note != "read section 3" {
		t.Fatalf("note = %q", p.Note)
	}
	// q types in an input.
	d.press("n", "q")
	if !strings.HasSuffix(d.m.edit.input.Value(), "q") {
		t.Fatal("q did not type in the editor")
	}
}

func TestResizeNeverBreaks(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	sizes := [][2]int{{40, 10}, {1, 1}, {0, 0}, {2, 3}, {10, 3}, {119, 30}, {120, 29}, {200, 60}, {40, 10}}
	setups := []func(){
		func() {},
		func() { d.press("f") },
		func() { d.press("esc", "enter") },
		func() { d.press("esc", "?") },
		func() { d.press("esc", "/"); d.typeText(`"x`) },
		func() { d.press("esc", "t") },
	}
	for _, setup := range setups {
		setup()
		for _, s := range sizes {
			d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			d.settle()
			checkFits(t, d.m.View(), s[0], s[1])
			for _, k := range []string{"j", "down", "pgdown", "G", "k"} {
				d.send(keyMsg(k))
			}
			checkFits(t, d.m.View(), s[0], s[1])
		}
		d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.settle()
	}
}

func TestMouse(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.send(tea.MouseMsg{X: 10, Y: 3, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	d.settle()
	if d.m.list.cursor != 2 {
		t.Fatalf("click: cursor %d", d.m.list.cursor)
	}
	d.send(tea.MouseMsg{X: 10, Y: 3, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	d.settle()
	if d.m.list.cursor != 3 {
		t.Fatalf("wheel: cursor %d", d.m.list.cursor)
	}
	d.send(tea.MouseMsg{X: 10, Y: 4, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	d.settle()
	if !(d.m.layout == layoutDetail) {
		t.Fatal("click on the selected row did not open it")
	}
}

func TestSyncOnStartProgressAndDone(t *testing.T) {
	db := fixtureDB(t)
	release := make(chan struct{})
	opts := testOptions(db)
	opts.SyncOnStart = true
	opts.Sync = func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error) {
		progress(SyncProgress{New: 37})
		<-release
		return SyncResult{Fetched: 50, New: 37, Updated: 3}, nil
	}
	d := newDriver(t, opts, 80, 24)
	if !d.m.status.syncing || !strings.Contains(plain(d.m.View()), "syncing… 37 new") {
		t.Fatalf("status while syncing:\n%s", plain(d.m.View()))
	}
	if d.m.list.total != 24 {
		t.Fatal("cached papers were not shown during the sync")
	}
	close(release)
	d.settle()
	if d.m.status.syncing || !strings.Contains(plain(d.m.View()), "synced: 37 new, 3 updated") {
		t.Fatalf("status after the sync:\n%s", plain(d.m.View()))
	}
}

var errOffline = errors.New("dial tcp: no route to host")

func TestOfflineFirstRunLoadsSample(t *testing.T) {
	db := openDB(t)
	opts := testOptions(db)
	opts.SyncOnStart = true
	opts.Sync = func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error) {
		return SyncResult{}, errOffline
	}
	opts.IsOffline = func(err error) bool { return errors.Is(err, errOffline) }
	opts.LoadSample = func(ctx context.Context) (int, error) {
		ps := fixturePapers()
		_, err := db.UpsertPapers(ctx, ps)
		return 24, err
	}
	d := newDriver(t, opts, 80, 24)
	v := plain(d.m.View())
	if !strings.Contains(v, "offline: showing the bundled sample (24 papers), r to retry") {
		t.Fatalf("status:\n%s", v)
	}
	if d.m.list.total != 24 {
		t.Fatalf("sample not listed: %d", d.m.list.total)
	}
}

func TestOfflineWithCache(t *testing.T) {
	db := fixtureDB(t)
	opts := testOptions(db)
	opts.SyncOnStart = true
	loaded := false
	opts.Sync = func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error) {
		return SyncResult{}, errOffline
	}
	opts.IsOffline = func(err error) bool { return true }
	opts.LoadSample = func(ctx context.Context) (int, error) { loaded = true; return 0, nil }
	d := newDriver(t, opts, 80, 24)
	if !strings.Contains(plain(d.m.View()), "offline: showing cached papers, r to retry") || loaded {
		t.Fatalf("status:\n%s", plain(d.m.View()))
	}
}

func TestQuitCancelsSync(t *testing.T) {
	opts := testOptions(fixtureDB(t))
	done := make(chan error, 1)
	opts.Sync = func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error) {
		<-ctx.Done()
		done <- ctx.Err()
		return SyncResult{}, ctx.Err()
	}
	opts.SyncOnStart = true
	d := newDriver(t, opts, 80, 24)
	_, cmd := d.m.Update(keyMsg("q"))
	if cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q did not quit")
	}
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("sync ctx: %v", err)
	}
}

func TestKeyHelpExported(t *testing.T) {
	groups := KeyHelp()
	seen := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			for _, k := range b.Keys() {
				if seen[k] {
					t.Errorf("key %q bound twice", k)
				}
				seen[k] = true
			}
		}
	}
	for _, k := range []string{"s", "S", "o", "O", "p", "y", "Y", "/", "f", "=", "r", "?", "q", "t", "n", "u"} {
		if !seen[k] {
			t.Errorf("key %q missing from the help", k)
		}
	}
}

// The help scrolls when it is taller than the screen, so every key can
// be read at 80x24.
func TestHelpScrolls(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.press("?")
	if strings.Contains(plain(d.m.View()), "reading: next section") {
		t.Fatal("the whole help fits: nothing to scroll")
	}
	d.press("G")
	if v := plain(d.m.View()); !strings.Contains(v, "reading: next section") || !strings.Contains(v, "Keys") {
		t.Fatalf("G in the help:\n%s", v)
	}
	d.press("g")
	if !strings.Contains(plain(d.m.View()), "next pane") {
		t.Fatalf("g in the help:\n%s", plain(d.m.View()))
	}
}

// TestRefreshKeepsTheCount: when the data changes under the listing (a
// write elsewhere), its total stays in the header while the new count
// runs, then moves to the new one; a new listing's count shows "…" until
// it is known.
func TestRefreshKeepsTheCount(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	total := export.HumanInt(d.m.list.total)
	nm, _ := d.m.Update(refreshCheckMsg{changed: true})
	m := nm.(Model)
	if got := m.list.position(); got != "1/"+total {
		t.Errorf("while a refresh counts, the header says %q, want 1/%s", got, total)
	}
	nm, _ = m.Update(keyMsg("="))
	other := nm.(Model)
	if got := other.list.position(); got != "…" {
		t.Errorf("while another listing counts, the header says %q, want …", got)
	}
	// A refresh before that listing's own count came has no total of its
	// own to keep: the old listing's is not it.
	nm, _ = other.Update(refreshCheckMsg{changed: true})
	other = nm.(Model)
	if got := other.list.position(); got != "…" {
		t.Errorf("a refresh of a listing not yet counted shows %q, want …", got)
	}
	d.send(refreshCheckMsg{changed: true})
	d.settle()
	if got := d.m.list.position(); got != "1/"+total || d.m.list.countGen != d.m.list.gen {
		t.Errorf("after the refresh's count: %q (counted %v)", got, d.m.list.countGen == d.m.list.gen)
	}
}
