package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store/safetext"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// The list never holds more than a window of rows: a few screens around
// the cursor, read from the store in a command as the cursor moves. While
// a new window (or a new query) is on its way the old rows stay on screen.
//
// Every query gets a generation number; a window or count from an older
// generation, or a window that a newer request replaced, is dropped, and
// starting a query cancels the context of the one before it.

// listState is the list pane.
type listState struct {
	gen      int // query generation: bumped whenever the filter changes
	total    int // papers the filter selects, valid when countGen == gen
	countGen int
	cursor   int
	top      int // first visible row

	win      []store.ListItem // the loaded window
	winStart int
	winGen   int
	winEnd   bool // the window reached the end of the listing

	reqSeq               int // the latest window request; others are stale
	reqStart, reqLimit   int
	reqGen               int
	genCancel, winCancel context.CancelFunc
	err                  error
}

func newListState() listState { return listState{countGen: -1, winGen: -1} }

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

func (l *listState) cancelAll() {
	if l.genCancel != nil {
		l.genCancel()
	}
	if l.winCancel != nil {
		l.winCancel()
	}
}

// count is how many rows the cursor may move over: the total once counted,
// else what the loaded window shows.
func (l *listState) count() int {
	if l.countGen == l.gen {
		return l.total
	}
	if l.winGen == l.gen {
		return l.winStart + len(l.win)
	}
	return max(l.cursor+1, 0)
}

// item is row i if it is loaded (possibly from the previous query, which
// stays on screen until the new one arrives).
func (l *listState) item(i int) *store.ListItem {
	if i < l.winStart || i >= l.winStart+len(l.win) {
		return nil
	}
	return &l.win[i-l.winStart]
}

// current is the row under the cursor, when loaded for this query.
func (l *listState) current() *store.ListItem {
	if l.winGen != l.gen {
		return nil
	}
	return l.item(l.cursor)
}

// findID is the loaded row of a paper.
func (l *listState) findID(id string) *store.ListItem {
	for i := range l.win {
		if l.win[i].ID == id {
			return &l.win[i]
		}
	}
	return nil
}

func (l *listState) clampTop(page int) {
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

// filterNow is the store filter for what the list should show.
func (m *Model) filterNow() store.Filter {
	q := m.query
	if v := m.currentSavedView(); v != nil {
		q = andQueries(v.Parsed(), m.query)
	}
	f := store.Filter{
		Query:  q,
		Tags:   append([]store.Tag(nil), m.filter.selected...),
		AnyTag: m.filter.any,
		View:   m.view,
		Sort:   m.sort,
		Now:    m.now(),
	}
	return f
}

// rowHeight is 2 when rows get their second line.
func (m *Model) rowHeight() int {
	if m.height >= twoLineHeight {
		return 2
	}
	return 1
}

// listRows is how many papers fit in the list pane.
func (m *Model) listRows() int {
	return max(m.bodyHeight()/m.rowHeight(), 1)
}

// requery starts a new query generation for the current filter: the count
// and the first window, cancelling whatever the previous one had running.
func (m *Model) requery(keepCursor bool) tea.Cmd {
	if m.db == nil {
		return nil
	}
	l := &m.list
	l.cancelAll()
	l.gen++
	if !keepCursor {
		l.cursor, l.top = 0, 0
	}
	ctx, cancel := context.WithCancel(m.ctx)
	l.genCancel = cancel
	db, f, gen := m.db, m.filterNow(), l.gen
	countCmd := func() tea.Msg {
		n, err := db.Count(ctx, f)
		return countMsg{gen: gen, n: n, err: err}
	}
	return tea.Batch(countCmd, m.requestWindow(true))
}

// requestWindow asks for the window around the visible rows unless the
// loaded or the requested one already covers them.
func (m *Model) requestWindow(force bool) tea.Cmd {
	if m.db == nil {
		return nil
	}
	l := &m.list
	page := max(m.listRows(), 10)
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
	ctx, cancel := context.WithCancel(m.ctx)
	l.winCancel = cancel
	l.reqSeq++
	l.reqStart, l.reqLimit, l.reqGen = start, limit, l.gen
	db, f, gen, seq := m.db, m.filterNow(), l.gen, l.reqSeq
	return func() tea.Msg {
		items, err := db.Papers(ctx, f, start, limit)
		return windowMsg{gen: gen, seq: seq, start: start, limit: limit, items: items, err: err}
	}
}

func (m Model) onWindow(msg windowMsg) (tea.Model, tea.Cmd) {
	l := &m.list
	if msg.gen != l.gen || msg.seq != l.reqSeq {
		return m, nil // stale
	}
	if msg.err != nil {
		if isCanceled(msg.err) {
			return m, nil
		}
		l.err = msg.err
		return m, m.setFlash(msg.err.Error(), statusError)
	}
	l.err = nil
	l.win, l.winStart, l.winGen = msg.items, msg.start, msg.gen
	l.winEnd = len(msg.items) < msg.limit
	if l.winEnd && l.countGen != l.gen {
		// The end of the listing is known before the count arrives.
		if n := l.winStart + len(l.win); l.cursor >= n {
			l.cursor = max(n-1, 0)
		}
	}
	l.clampTop(m.listRows())
	return m, tea.Batch(m.requestWindow(false), m.followDetail())
}

func (m Model) onCount(msg countMsg) (tea.Model, tea.Cmd) {
	l := &m.list
	if msg.gen != l.gen || msg.err != nil {
		if msg.err != nil && msg.gen == l.gen && !isCanceled(msg.err) {
			return m, m.setFlash(msg.err.Error(), statusError)
		}
		return m, nil
	}
	l.total, l.countGen = msg.n, msg.gen
	if l.cursor >= l.total {
		l.cursor = max(l.total-1, 0)
	}
	l.clampTop(m.listRows())
	return m, m.requestWindow(false)
}

func isCanceled(err error) bool {
	// SQLite reports a cancelled statement as "interrupted".
	return errors.Is(err, context.Canceled) || (err != nil && strings.Contains(err.Error(), "interrupted"))
}

// moveCursor moves by delta rows and asks for the window the new position needs.
func (m *Model) moveCursor(delta int) tea.Cmd {
	return m.setCursor(m.list.cursor + delta)
}

func (m *Model) setCursor(i int) tea.Cmd {
	l := &m.list
	n := l.count()
	i = min(i, n-1)
	i = max(i, 0)
	if i == l.cursor {
		// A page key may have moved the view without the cursor (on the
		// last row): bring the view back around it.
		l.clampTop(m.listRows())
		return nil
	}
	l.cursor = i
	l.clampTop(m.listRows())
	return tea.Batch(m.requestWindow(false), m.followDetail())
}

func (m Model) updateListKeys(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	page := m.listRows()
	switch {
	case keyMatches(msg, k.Up):
		return m, m.moveCursor(-1)
	case keyMatches(msg, k.Down):
		return m, m.moveCursor(1)
	case keyMatches(msg, k.PageUp):
		m.list.top = max(m.list.top-page, 0)
		return m, m.moveCursor(-page)
	case keyMatches(msg, k.PageDown):
		m.list.top += page
		return m, m.moveCursor(page)
	case keyMatches(msg, k.Top):
		return m, m.setCursor(0)
	case keyMatches(msg, k.Bottom):
		if m.list.countGen != m.list.gen {
			return m, nil
		}
		return m, m.setCursor(m.list.total - 1)
	case keyMatches(msg, k.Open):
		return m.openDetail()
	case keyMatches(msg, k.Focus):
		if m.wide() {
			m.focus = focusDetail
			return m, nil
		}
		return m.openFilter()
	case keyMatches(msg, k.Back):
		if m.query != nil || m.search.input.Value() != "" {
			return m.clearSearch()
		}
	}
	return m, nil
}

// listView draws the list pane.
func (m *Model) listView(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	l := &m.list
	rh := m.rowHeight()
	var lines []string
	n := l.count()
	if m.db != nil && n == 0 && l.countGen == l.gen {
		msg := "No papers match."
		if m.filterDescription() == "" {
			msg = "No papers yet. Press r to sync."
		}
		lines = append(lines, "", "  "+m.st.Dim.Render(msg))
		return block(strings.Join(lines, "\n"), w, h)
	}
	focused := m.focus == focusList || m.focus == focusSearch
	for i := l.top; len(lines) < h && i < l.top+m.listRows(); i++ {
		if i >= n {
			break
		}
		sel := i == l.cursor
		it := l.item(i)
		if it == nil {
			row := fit("    …", w)
			if sel {
				row = m.st.Selected.Render(row)
			}
			lines = append(lines, row)
			if rh == 2 {
				lines = append(lines, strings.Repeat(" ", w))
			}
			continue
		}
		lines = append(lines, m.rowLines(it, w, sel, focused, rh == 2)...)
	}
	return block(strings.Join(lines, "\n"), w, h)
}

// columns decides which columns fit a width.
type columns struct {
	date, author, votes, cat int
}

func listColumns(w int) columns {
	var c columns
	if w >= 44 {
		c.votes = 4
	}
	switch {
	case w >= 70:
		c.date = 10
	case w >= 52:
		c.date = 5
	}
	switch {
	case w >= 100:
		c.author = 20
	case w >= 64:
		c.author = 14
	}
	// The primary category matters more than a long byline: it comes
	// in as soon as the title keeps a readable width.
	if w >= 72 {
		c.cat = 8
	}
	return c
}

// byline is the organisation's display name, or the first author (with
// "et al." when there are more).
func byline(it *store.ListItem) string {
	if it.OrgDisplay != "" {
		return safetext.ScreenLine(it.OrgDisplay)
	}
	if it.OrgName != "" && it.FirstAuthor == "" {
		return safetext.ScreenLine(it.OrgName)
	}
	a := safetext.ScreenLine(it.FirstAuthor)
	if it.AuthorCount > 1 {
		a += " et al."
	}
	return a
}

// rowLines draws one paper: marks, title, date, upvotes, byline, category,
// and on tall terminals a dim second line.
func (m *Model) rowLines(it *store.ListItem, w int, sel, focused, two bool) []string {
	c := listColumns(w)
	star, unread := " ", " "
	if it.Starred {
		star = "★"
	}
	if !it.Read {
		unread = "●"
	}
	date := it.Date()
	if c.date == 5 && len(date) == 10 {
		date = date[5:]
	}
	votes := ""
	if c.votes > 0 {
		votes = padLeft(strconv.Itoa(it.Upvotes)+"▲", c.votes)
		if it.Upvotes == 0 {
			votes = strings.Repeat(" ", c.votes)
		}
	}
	fixed := 4 // cursor, marks and a space
	for _, cw := range []int{c.date, c.author, c.votes, c.cat} {
		if cw > 0 {
			fixed += cw + 1
		}
	}
	titleW := max(w-fixed, 1)
	title := fit(safetext.ScreenLine(it.Title), titleW)
	cells := []string{title}
	if c.votes > 0 {
		cells = append(cells, votes)
	}
	if c.date > 0 {
		cells = append(cells, fit(date, c.date))
	}
	if c.author > 0 {
		cells = append(cells, fit(byline(it), c.author))
	}
	if c.cat > 0 {
		cells = append(cells, fit(safetext.ScreenLine(it.PrimaryCategory), c.cat))
	}
	var second string
	if two {
		sub := byline(it)
		if name := store.CategoryName(it.PrimaryCategory); name != "" {
			sub += " · " + name
		} else if it.PrimaryCategory != "" {
			sub += " · " + safetext.ScreenLine(it.PrimaryCategory)
		}
		second = fit("    "+sub, w)
	}
	if sel {
		style := m.st.Selected
		if !focused {
			style = m.st.SelectedDim
		}
		row := fit("›"+star+unread+" "+strings.Join(cells, " "), w)
		out := []string{style.Render(row)}
		if two {
			out = append(out, style.Render(second))
		}
		return out
	}
	marks := " " + m.st.Star.Render(star) + m.st.Unread.Render(unread) + " "
	rest := cells[0]
	if len(cells) > 1 {
		rest += " " + m.st.Dim.Render(strings.Join(cells[1:], " "))
	}
	out := []string{fitPlain(marks+rest, w)}
	if two {
		out = append(out, m.st.Dim.Render(second))
	}
	return out
}

// position is "12/345" for the status line.
func (m *Model) position() string {
	l := &m.list
	if l.countGen != l.gen {
		return "…"
	}
	if l.total == 0 {
		return "0 papers"
	}
	return fmt.Sprintf("%s/%s", HumanInt(l.cursor+1), HumanInt(l.total))
}

// HumanInt writes 1234567 as 1,234,567, as the reader shows counts.
func HumanInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
