package ui

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// keywordLimit is how many of the most frequent Hugging Face keywords the
// filter pane offers.
const keywordLimit = 50

// filterState is the filter pane: the views, then topic tags with their
// paper counts, narrowed by what the user types.
type filterState struct {
	input    textinput.Model
	loaded   bool
	cats     []store.TagCount
	users    []store.TagCount
	kws      []store.TagCount
	err      error
	selected []store.Tag
	any      bool        // selected tags combine with OR
	views    []SavedView // saved views of the config file
	counts   []int       // their paper counts, once loaded
	cursor   int         // index among the selectable rows
	top      int         // first visible line
}

type tagsMsg struct {
	cats, users, kws []store.TagCount
	counts           []int // of the saved views
	err              error
}

// filterRow is one line of the pane: a section header, a view or a tag.
type filterRow struct {
	header string
	isView bool
	view   store.View
	saved  int // 1 + index of a saved view, 0 for other rows
	tag    store.TagCount
}

func newFilterState() filterState {
	in := textinput.New()
	in.Prompt = "narrow: "
	in.Placeholder = "type to narrow the tags"
	in.CharLimit = 64
	return filterState{input: in}
}

func (m Model) openFilter() (tea.Model, tea.Cmd) {
	m.filterOpen = true
	m.focus = focusFilter
	m.detailOpen = false
	focusCmd := m.filter.input.Focus()
	return m, tea.Batch(focusCmd, m.loadTags(), m.relayout())
}

func (m *Model) closeFilter() tea.Cmd {
	m.filterOpen = false
	m.focus = focusList
	m.filter.input.Blur()
	return m.relayout()
}

// loadTags reads the tag lists with their counts in a command.
func (m *Model) loadTags() tea.Cmd {
	if m.db == nil {
		return nil
	}
	db, ctx, views := m.db, m.ctx, m.filter.views
	return func() tea.Msg {
		var msg tagsMsg
		for _, v := range views {
			n, err := db.Count(ctx, store.Filter{Query: v.Parsed()})
			if err != nil {
				msg.err = err
				return msg
			}
			msg.counts = append(msg.counts, n)
		}
		if msg.cats, msg.err = db.TagCounts(ctx, store.KindCategory, 0); msg.err != nil {
			return msg
		}
		if msg.users, msg.err = db.TagCounts(ctx, store.KindUser, 0); msg.err != nil {
			return msg
		}
		msg.kws, msg.err = db.TagCounts(ctx, store.KindKeyword, keywordLimit)
		return msg
	}
}

func (m Model) onTags(msg tagsMsg) (tea.Model, tea.Cmd) {
	f := &m.filter
	if msg.err != nil {
		f.err = msg.err
		return m, nil
	}
	f.cats, f.users, f.kws, f.loaded, f.err = msg.cats, msg.users, msg.kws, true, nil
	f.counts = msg.counts
	f.clamp(m.bodyHeight())
	return m, nil
}

// rows lists what the pane shows for the narrowing text.
func (f *filterState) rows() []filterRow {
	var rows []filterRow
	if len(f.views) > 0 {
		rows = append(rows, filterRow{header: "Saved views"})
		for i := range f.views {
			rows = append(rows, filterRow{saved: i + 1})
		}
	}
	rows = append(rows, filterRow{header: "Views"})
	for _, v := range store.Views() {
		rows = append(rows, filterRow{isView: true, view: v})
	}
	needle := strings.ToLower(strings.TrimSpace(f.input.Value()))
	section := func(title string, tags []store.TagCount) {
		first := true
		for _, t := range tags {
			if needle != "" && !strings.Contains(strings.ToLower(t.Name), needle) &&
				!strings.Contains(strings.ToLower(t.Label()), needle) {
				continue
			}
			if first {
				rows = append(rows, filterRow{header: title})
				first = false
			}
			rows = append(rows, filterRow{tag: t})
		}
	}
	// Selected tags stay visible whatever is typed.
	section("Categories", f.cats)
	section("Your tags", f.users)
	section("Keywords", f.kws)
	return rows
}

// selectable is the indexes of rows the cursor can rest on.
func selectable(rows []filterRow) []int {
	var idx []int
	for i, r := range rows {
		if r.header == "" {
			idx = append(idx, i)
		}
	}
	return idx
}

func (f *filterState) clamp(h int) {
	rows := f.rows()
	sel := selectable(rows)
	f.cursor = min(f.cursor, len(sel)-1)
	f.cursor = max(f.cursor, 0)
	if len(sel) == 0 {
		return
	}
	line := sel[f.cursor]
	lh := max(h-2, 1) // the input and the mode line
	if f.cursor == 0 {
		f.top = 0
	}
	if line < f.top {
		f.top = line
		if line > 0 && rows[line-1].header != "" {
			f.top = line - 1
		}
	}
	if line >= f.top+lh {
		f.top = line - lh + 1
	}
}

func (f *filterState) isSelected(t store.Tag) bool {
	for _, s := range f.selected {
		if s == t {
			return true
		}
	}
	return false
}

func (f *filterState) toggle(t store.Tag) {
	for i, s := range f.selected {
		if s == t {
			f.selected = append(f.selected[:i:i], f.selected[i+1:]...)
			return
		}
	}
	f.selected = append(f.selected, t)
}

func (m Model) updateFilter(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	f := &m.filter
	k := m.keys
	rows := f.rows()
	sel := selectable(rows)
	var cur *filterRow
	if f.cursor >= 0 && f.cursor < len(sel) {
		cur = &rows[sel[f.cursor]]
	}
	bh := m.bodyHeight()
	switch s := msg.String(); {
	case keyMatches(msg, k.Back):
		return m, m.closeFilter()
	case keyMatches(msg, k.Focus):
		return m, m.closeFilter()
	case s == "up" || s == "ctrl+p" || s == "ctrl+k":
		f.cursor--
	case s == "down" || s == "ctrl+n" || s == "ctrl+j":
		f.cursor++
	case s == "pgup" || s == "ctrl+b":
		f.cursor -= max(bh-3, 1)
	case s == "pgdown" || s == "ctrl+f":
		f.cursor += max(bh-3, 1)
	case s == "home":
		f.cursor = 0
	case s == "end":
		f.cursor = len(sel) - 1
	case keyMatches(msg, k.AnyAll):
		f.any = !f.any
		f.clamp(bh)
		if len(f.selected) > 1 {
			return m, m.requery(false)
		}
		return m, nil
	case keyMatches(msg, k.Select), keyMatches(msg, k.Open):
		if cur == nil {
			return m, nil
		}
		if cur.saved > 0 {
			if m.savedView == cur.saved {
				m.savedView = 0
			} else {
				m.savedView = cur.saved
			}
			cmd := m.requery(false)
			if keyMatches(msg, k.Open) {
				return m, tea.Batch(cmd, m.closeFilter())
			}
			return m, cmd
		}
		if cur.isView {
			m.view = cur.view
			cmd := m.requery(false)
			if keyMatches(msg, k.Open) {
				return m, tea.Batch(cmd, m.closeFilter())
			}
			return m, cmd
		}
		f.toggle(cur.tag.Tag)
		return m, m.requery(false)
	default:
		before := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			// Jump to the first matching tag.
			f.cursor = 0
			rows = f.rows()
			for i, j := range selectable(rows) {
				if !rows[j].isView && rows[j].saved == 0 {
					f.cursor = i
					break
				}
			}
		}
		f.clamp(bh)
		return m, cmd
	}
	f.clamp(bh)
	return m, nil
}

// filterView draws the pane.
func (m *Model) filterView(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	f := &m.filter
	st := m.st
	var lines []string
	in := f.input
	in.Width = max(w-len(in.Prompt)-2, 1)
	lines = append(lines, fit(in.View(), w))
	mode := "all selected tags (AND)"
	if f.any {
		mode = "any selected tag (OR)"
	}
	lines = append(lines, st.Dim.Render(fit(fmt.Sprintf("match %s · ctrl+a switches", mode), w)))
	rows := f.rows()
	sel := selectable(rows)
	curLine := -1
	if f.cursor >= 0 && f.cursor < len(sel) {
		curLine = sel[f.cursor]
	}
	countW := 7
	for i := f.top; i < len(rows) && len(lines) < h; i++ {
		r := rows[i]
		var s string
		switch {
		case r.header != "":
			s = st.Section.Render(fit(r.header, w))
		case r.saved > 0:
			mark := "( )"
			if r.saved == m.savedView {
				mark = "(•)"
			}
			count := ""
			if r.saved-1 < len(f.counts) {
				count = HumanInt(f.counts[r.saved-1])
			}
			nameW := max(w-5-countW-1, 1)
			s = fit(" "+mark+" "+fit(safetext.ScreenLine(f.views[r.saved-1].Name), nameW)+padLeft(count, countW), w)
		case r.isView:
			mark := "( )"
			if r.view == m.view {
				mark = "(•)"
			}
			s = fit(" "+mark+" "+r.view.String(), w)
		default:
			mark := "[ ]"
			if f.isSelected(r.tag.Tag) {
				mark = "[x]"
			}
			name := safetext.ScreenLine(r.tag.Name)
			if l := r.tag.Label(); l != "" {
				name += " · " + l
			}
			nameW := max(w-5-countW-1, 1)
			s = " " + mark + " " + fit(name, nameW) + padLeft(HumanInt(r.tag.Papers), countW)
			s = fit(s, w)
		}
		if i == curLine {
			style := st.Selected
			if m.focus != focusFilter {
				style = st.SelectedDim
			}
			s = style.Render(fitPlain("›"+strings.TrimPrefix(ansiStrip(s), " "), w))
		}
		lines = append(lines, s)
	}
	if !f.loaded && len(lines) < h {
		lines = append(lines, st.Dim.Render(fit(" loading tags…", w)))
	}
	if f.err != nil && len(lines) < h {
		lines = append(lines, st.Hint.Render(fit(" "+f.err.Error(), w)))
	}
	return block(strings.Join(lines, "\n"), w, h)
}

// filterDescription is the active filter in words for the header, or ""
// when everything is shown.
func (m *Model) filterDescription() string {
	var parts []string
	if v := m.currentSavedView(); v != nil {
		parts = append(parts, safetext.ScreenLine(v.Name))
	}
	if m.view != store.ViewAll {
		parts = append(parts, m.view.String())
	}
	if len(m.filter.selected) > 0 {
		names := make([]string, len(m.filter.selected))
		for i, t := range m.filter.selected {
			names[i] = safetext.ScreenLine(t.Name)
		}
		sep := " & "
		if m.filter.any {
			sep = " | "
		}
		parts = append(parts, strings.Join(names, sep))
	}
	if !m.query.Empty() {
		parts = append(parts, "/"+safetext.ScreenLine(m.search.applied))
	}
	return strings.Join(parts, " · ")
}

// currentSavedView is the saved view the list is narrowed to, or nil.
func (m *Model) currentSavedView() *SavedView {
	if m.savedView <= 0 || m.savedView > len(m.filter.views) {
		return nil
	}
	return &m.filter.views[m.savedView-1]
}

// andQueries is a query that holds when both do.
func andQueries(a, b *store.Query) *store.Query {
	if a.Empty() {
		return b
	}
	if b.Empty() {
		return a
	}
	q := &store.Query{Clauses: make([][]store.Term, 0, len(a.Clauses)+len(b.Clauses))}
	q.Clauses = append(append(q.Clauses, a.Clauses...), b.Clauses...)
	return q
}
