package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
)

// The list never holds more than a window of rows: a few screens around
// the cursor, read from the store in a command as the cursor moves. While
// a new window (or a new query) is on its way the old rows stay on screen.
//
// Every query gets a generation number; a window or count from an older
// generation, or a window that a newer request replaced, is dropped, and
// starting a query cancels the context of the one before it.

// listPane is the list: the window of rows around the cursor, the count,
// and the queries that fill them.
type listPane struct {
	db     *store.DB
	ctx    context.Context
	keys   KeyMap
	st     styles
	filter store.Filter // what the current generation lists
	page   int          // papers that fit on screen
	rowH   int          // lines per paper: 1, or 2 on tall terminals
	// emptyHint is what an empty ranked listing says (suggest.go).
	emptyHint string

	gen int // query generation: bumped whenever the filter changes
	// baseGen is the generation that last changed what is listed (a new
	// search, tag or sort), as opposed to a refresh of the same listing
	// that keeps the cursor: its old rows are still the user's, so keys
	// act on them until the refreshed ones come.
	baseGen  int
	total    int // papers the filter selects, valid when countGen == gen
	countGen int
	// recount says the generation re-reads the listing last counted (the
	// data changed under it: another writer, a sync, a dismissal): its
	// old total stays in the header until the new one comes, rather than
	// blinking to "…" for as long as a big count takes.
	recount bool
	cursor  int
	top     int // first visible row

	win      []listRow // the loaded window, its cells cleaned once
	winStart int
	winGen   int
	winSeq   int  // the request the loaded window answered
	winEnd   bool // the window reached the end of the listing

	reqSeq               int // the latest window request; others are stale
	reqStart, reqLimit   int
	reqGen               int
	genCancel, winCancel context.CancelFunc
	countCmd             tea.Cmd // the generation's count, until its first window comes
	err                  error
}

func newListPane(ctx context.Context, db *store.DB, keys KeyMap, st styles) listPane {
	return listPane{ctx: ctx, db: db, keys: keys, st: st, countGen: -1, winGen: -1, page: 1, rowH: 1}
}

type windowMsg struct {
	gen, seq, start, limit int
	items                  []store.ListItem
	err                    error
}

type countMsg struct {
	gen int
	n   int
	err error
}

func (l *listPane) cancelAll() {
	if l.genCancel != nil {
		l.genCancel()
	}
	if l.winCancel != nil {
		l.winCancel()
	}
}

// count is how many rows the cursor may move over: the total once counted,
// else what the loaded window shows, else (the new listing's first window
// still on its way) the old listing's, whose rows stay on screen meanwhile
// rather than shrink to the cursor's.
func (l *listPane) count() int {
	if l.countGen == l.gen {
		return l.total
	}
	if l.winGen == l.gen {
		return l.winStart + len(l.win)
	}
	if l.countGen >= 0 {
		return max(l.total, l.cursor+1)
	}
	return max(l.cursor+1, 0)
}

// item is row i if it is loaded (possibly from the previous query, which
// stays on screen until the new one arrives).
func (l *listPane) item(i int) *listRow {
	if i < l.winStart || i >= l.winStart+len(l.win) {
		return nil
	}
	return &l.win[i-l.winStart]
}

// current is the row under the cursor, when loaded for this listing.
func (l *listPane) current() *store.ListItem {
	if l.winGen < l.baseGen {
		return nil
	}
	if r := l.item(l.cursor); r != nil {
		return &r.ListItem
	}
	return nil
}

// counted reports that the listing's count is known (or cannot come: no
// database, a failed query).
func (l *listPane) counted() bool { return l.db == nil || l.err != nil || l.countGen == l.gen }

// pending reports that the row under the cursor is on its way: the listing
// changed, or the cursor went past the loaded rows, and the window that
// will show it has been asked for and not come yet.
func (l *listPane) pending() bool {
	if l.db == nil || l.err != nil || l.empty() || l.current() != nil {
		return false
	}
	return l.winGen != l.gen || l.winSeq != l.reqSeq
}

// findID is the loaded row of a paper.
func (l *listPane) findID(id string) *store.ListItem {
	for i := range l.win {
		if l.win[i].ID == id {
			return &l.win[i].ListItem
		}
	}
	return nil
}

// mark shows a star or read mark at once, before the store has it.
func (l *listPane) mark(id string, star, on bool) {
	if it := l.findID(id); it != nil {
		if star {
			it.Starred = on
		} else {
			it.Read = on
		}
	}
}

// resize sets how many papers fit and how many lines each takes.
func (l *listPane) resize(page, rowH int) {
	l.page, l.rowH = max(page, 1), rowH
	l.clampTop(l.page)
}

// empty reports a listing known to hold no papers.
func (l *listPane) empty() bool { return l.countGen == l.gen && l.total == 0 }

func (l *listPane) clampTop(page int) {
	page = max(page, 1)
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+page {
		l.top = l.cursor - page + 1
	}
	if n := l.count(); l.top > 0 && l.top+page > n {
		l.top = max(n-page, 0)
	}
	l.top = max(l.top, 0)
}

// requery starts a new query generation for the current filter: the count
// and the first window, cancelling whatever the previous one had running.
func (l *listPane) requery(f store.Filter, keepCursor bool) tea.Cmd {
	if l.db == nil {
		return nil
	}
	l.cancelAll()
	// The total shown must be this listing's: the generation before was
	// counted, or was itself a recount of it.
	l.recount = keepCursor && (l.countGen == l.gen || l.recount) && reflect.DeepEqual(f, l.filter)
	l.gen++
	l.filter = f
	if !keepCursor {
		l.cursor, l.top = 0, 0
		l.baseGen = l.gen
	}
	ctx, cancel := context.WithCancel(l.ctx)
	l.genCancel = cancel
	db, gen := l.db, l.gen
	// The count starts with the first window, not beside it: on two
	// cores a common word's count would take the CPU the window needs,
	// and a window that ends within itself is its own count.
	l.countCmd = func() tea.Msg {
		n, err := db.Count(ctx, f)
		return countMsg{gen: gen, n: n, err: err}
	}
	return l.requestWindow(true)
}

// startCount is the count's command once the generation's first window
// came (nil after that); a first window that is the whole listing counts
// it.
func (l *listPane) startCount() tea.Cmd {
	cmd := l.countCmd
	l.countCmd = nil
	if cmd != nil && l.winGen == l.gen && l.winStart == 0 && l.winEnd {
		l.total, l.countGen = len(l.win), l.gen
		return nil
	}
	return cmd
}

// requestWindow asks for the window around the visible rows unless the
// loaded or the requested one already covers them.
func (l *listPane) requestWindow(force bool) tea.Cmd {
	if l.db == nil {
		return nil
	}
	page := max(l.page, 10)
	lo := max(l.top-page/2, 0)
	hi := l.top + page + page/2
	if l.countGen == l.gen {
		hi = min(hi, l.total)
	}
	if !force {
		if l.winGen == l.gen && l.winStart <= lo && (l.winEnd || l.winStart+len(l.win) >= hi) {
			return nil
		}
		if l.reqGen == l.gen && l.reqStart <= lo && l.reqStart+l.reqLimit >= hi {
			return nil
		}
	}
	start := max(l.top-page, 0)
	limit := max(3*page, 30)
	if l.winCancel != nil {
		l.winCancel()
	}
	ctx, cancel := context.WithCancel(l.ctx)
	l.winCancel = cancel
	l.reqSeq++
	l.reqStart, l.reqLimit, l.reqGen = start, limit, l.gen
	db, f, gen, seq := l.db, l.filter, l.gen, l.reqSeq
	return func() tea.Msg {
		items, err := db.Papers(ctx, f, start, limit)
		return windowMsg{gen: gen, seq: seq, start: start, limit: limit, items: items, err: err}
	}
}

// onWindow takes a window of rows; err is a failure to show the user.
func (l *listPane) onWindow(msg windowMsg) (cmd tea.Cmd, err error) {
	if msg.gen != l.gen || msg.seq != l.reqSeq {
		return nil, nil // stale
	}
	if msg.err != nil {
		if isCanceled(msg.err) {
			return nil, nil
		}
		l.err = msg.err
		return l.startCount(), msg.err
	}
	l.err = nil
	rows := make([]listRow, len(msg.items))
	for i, it := range msg.items {
		rows[i] = newListRow(it)
	}
	l.win, l.winStart, l.winGen, l.winSeq = rows, msg.start, msg.gen, msg.seq
	l.winEnd = len(msg.items) < msg.limit
	if l.winEnd && l.countGen != l.gen {
		// The end of the listing is known before the count arrives.
		if n := l.winStart + len(l.win); l.cursor >= n {
			l.cursor = max(n-1, 0)
		}
	}
	l.clampTop(l.page)
	return tea.Batch(l.startCount(), l.requestWindow(false)), nil
}

// onCount takes the count of the listing; err is a failure to show the user.
func (l *listPane) onCount(msg countMsg) (cmd tea.Cmd, err error) {
	if msg.gen != l.gen || msg.err != nil {
		if msg.err != nil && msg.gen == l.gen && !isCanceled(msg.err) {
			return nil, msg.err
		}
		return nil, nil
	}
	l.total, l.countGen = msg.n, msg.gen
	if l.cursor >= l.total {
		l.cursor = max(l.total-1, 0)
	}
	l.clampTop(l.page)
	return l.requestWindow(false), nil
}

func isCanceled(err error) bool {
	// SQLite reports a cancelled statement as "interrupted".
	return errors.Is(err, context.Canceled) || (err != nil && strings.Contains(err.Error(), "interrupted"))
}

// move moves by delta rows and asks for the window the new position
// needs; moved is false when the cursor stayed where it was.
func (l *listPane) move(delta int) (cmd tea.Cmd, moved bool) {
	return l.setCursor(l.cursor + delta)
}

func (l *listPane) setCursor(i int) (cmd tea.Cmd, moved bool) {
	n := l.count()
	i = min(i, n-1)
	i = max(i, 0)
	if i == l.cursor {
		// A page key may have moved the view without the cursor (on the
		// last row): bring the view back around it.
		l.clampTop(l.page)
		return nil, false
	}
	l.cursor = i
	l.clampTop(l.page)
	return l.requestWindow(false), true
}

// update handles the list's own keys; what concerns other panes comes
// back as an intent.
func (l *listPane) update(msg tea.KeyMsg) (intent, tea.Cmd) {
	k := l.keys
	var cmd tea.Cmd
	var moved bool
	switch {
	case keyMatches(msg, k.Up):
		cmd, moved = l.move(-1)
	case keyMatches(msg, k.Down):
		cmd, moved = l.move(1)
	case keyMatches(msg, k.PageUp):
		l.top = max(l.top-l.page, 0)
		cmd, moved = l.move(-l.page)
	case keyMatches(msg, k.PageDown):
		l.top += l.page
		cmd, moved = l.move(l.page)
	case keyMatches(msg, k.Top):
		cmd, moved = l.setCursor(0)
	case keyMatches(msg, k.Bottom):
		if l.countGen != l.gen {
			return intent{}, nil
		}
		cmd, moved = l.setCursor(l.total - 1)
	case keyMatches(msg, k.Open):
		return intent{kind: intentOpen}, nil
	case keyMatches(msg, k.Focus):
		return intent{kind: intentNextPane}, nil
	case keyMatches(msg, k.Back):
		return intent{kind: intentClearSearch}, nil
	}
	if moved {
		return intent{kind: intentMoved}, cmd
	}
	return intent{}, cmd
}

// view draws the list pane; filtered says whether anything narrows the
// listing, for the message of an empty one.
func (l *listPane) view(w, h int, focused, filtered bool) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	rh := l.rowH
	var lines []string
	n := l.count()
	if l.db != nil && n == 0 && l.countGen == l.gen {
		msg := "No papers match."
		switch {
		case l.filter.View.Ranked() && l.emptyHint != "":
			msg = l.emptyHint
		case !filtered:
			msg = "No papers yet. Press r to sync."
		}
		lines = append(lines, "", "  "+l.st.Dim.Render(msg))
		return block(strings.Join(lines, "\n"), w, h)
	}
	for i := l.top; len(lines) < h && i < l.top+l.page; i++ {
		if i >= n {
			break
		}
		sel := i == l.cursor
		it := l.item(i)
		if it == nil {
			row := fit("     …", w)
			if sel {
				row = l.st.Selected.Render(row)
			}
			lines = append(lines, row)
			if rh == 2 {
				lines = append(lines, strings.Repeat(" ", w))
			}
			continue
		}
		lines = append(lines, l.rowLines(it, w, sel, focused, rh == 2)...)
	}
	return block(strings.Join(lines, "\n"), w, h)
}

// position is "12/345" for the status line.
func (l *listPane) position() string {
	if l.countGen != l.gen && !l.recount {
		return "…"
	}
	if l.total == 0 {
		return "0 papers"
	}
	return fmt.Sprintf("%s/%s", export.HumanInt(l.cursor+1), export.HumanInt(l.total))
}
