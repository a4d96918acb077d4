package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// keywordLimit is how many of the most frequent Hugging Face keywords the
// filter pane offers.
const keywordLimit = 50

// filterPane is the filter pane: the views, then topic tags with their
// paper counts, narrowed by what the user types. What the list shows (the
// view, the selected tags) belongs to the root; the pane gets a copy to
// draw its marks and asks for changes with intents.
type filterPane struct {
	keys   KeyMap
	st     styles
	input  textinput.Model
	loaded bool
	cats   []store.TagCount
	users  []store.TagCount
	kws    []store.TagCount
	err    error
	views  []config.SavedView // saved views of the config file
	counts []int              // their paper counts, once loaded
	// viewCounts are the counts of the views that show one (View.Counted).
	viewCounts map[store.View]int
	shown      listing // what the list shows, for the marks

	rows   []filterRow // what the pane lists, built when its input changes
	sel    []int       // indexes of the rows the cursor can rest on
	cursor int         // index into sel
	top    int         // first visible row
	height int

	// Keys typed while the tags load (a fast typist, a paste): the
	// narrowing text applies at once, a selection once the tags are
	// there, so that "f cs.CV space" selects cs.CV however fast it came.
	jump    bool // the narrowing text changed: put the cursor on the first tag
	pending []tea.KeyMsg
}

type tagsMsg struct {
	cats, users, kws []store.TagCount
	counts           []int // of the saved views
	viewCounts       map[store.View]int
	err              error
}

// filterRow is one line of the pane: a section header, a view or a tag,
// with its name ready to draw.
type filterRow struct {
	header string
	isView bool
	view   store.View
	saved  int // 1 + index of a saved view, 0 for other rows
	tag    store.TagCount
	name   string
}

func newFilterPane(keys KeyMap, st styles, views []config.SavedView) filterPane {
	in := textinput.New()
	in.Prompt = "narrow: "
	in.Placeholder = "type to narrow the tags"
	in.CharLimit = 64
	f := filterPane{keys: keys, st: st, input: in, views: views}
	f.rebuild()
	return f
}

func (f *filterPane) open() tea.Cmd {
	f.pending, f.jump = nil, false
	return f.input.Focus()
}

func (f *filterPane) blur() { f.input.Blur() }

func (f *filterPane) resize(h int) {
	f.height = h
	f.clamp()
}

// setViewCount sets one view's count (For you's, once ranked).
func (f *filterPane) setViewCount(v store.View, n int) {
	if f.viewCounts == nil {
		f.viewCounts = map[store.View]int{}
	}
	f.viewCounts[v] = n
	f.rebuild()
}

// setShown is what the list shows now.
func (f *filterPane) setShown(l listing) { f.shown = l }

// setTags takes the loaded tags and returns the keys that waited for them.
func (f *filterPane) setTags(msg tagsMsg) []tea.KeyMsg {
	if msg.err != nil {
		f.err = msg.err
		f.pending, f.jump = nil, false
		return nil
	}
	f.cats, f.users, f.kws, f.loaded, f.err = msg.cats, msg.users, msg.kws, true, nil
	// For you's count comes from its ranking (onRanked), which may have
	// come first: the store's count of the last ranking does not undo it.
	if n, ok := f.viewCounts[store.ViewForYou]; ok {
		if msg.viewCounts == nil {
			msg.viewCounts = map[store.View]int{}
		}
		msg.viewCounts[store.ViewForYou] = n
	}
	f.counts, f.viewCounts = msg.counts, msg.viewCounts
	f.rebuild()
	if f.jump {
		f.jumpToTag()
	}
	f.clamp()
	pending := f.pending
	f.pending = nil
	return pending
}

// rebuild lists what the pane shows for the narrowing text.
func (f *filterPane) rebuild() {
	var rows []filterRow
	if len(f.views) > 0 {
		rows = append(rows, filterRow{header: "Saved views"})
		for i, v := range f.views {
			rows = append(rows, filterRow{saved: i + 1, name: safetext.ScreenLine(v.Name)})
		}
	}
	rows = append(rows, filterRow{header: "Views"})
	for _, v := range store.Views() {
		rows = append(rows, filterRow{isView: true, view: v, name: v.String()})
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
			name := safetext.ScreenLine(t.Name)
			if l := t.Label(); l != "" {
				name += " · " + l
			}
			rows = append(rows, filterRow{tag: t, name: name})
		}
	}
	// The user's own tags first: they are what For you can start from.
	section("Your tags", f.users)
	section("Categories", f.cats)
	section("Keywords", f.kws)
	f.rows = rows
	f.sel = f.sel[:0]
	for i, r := range rows {
		if r.header == "" {
			f.sel = append(f.sel, i)
		}
	}
}

// jumpToTag puts the cursor on the first tag the narrowing text leaves.
func (f *filterPane) jumpToTag() {
	f.cursor = 0
	for i, j := range f.sel {
		if !f.rows[j].isView && f.rows[j].saved == 0 {
			f.cursor = i
			f.jump = false
			break
		}
	}
}

func (f *filterPane) clamp() {
	rows, sel := f.rows, f.sel
	f.cursor = min(f.cursor, len(sel)-1)
	f.cursor = max(f.cursor, 0)
	if len(sel) == 0 {
		return
	}
	line := sel[f.cursor]
	lh := max(f.height-2, 1) // the input and the mode line
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

// scroll moves the cursor by delta rows (the mouse wheel).
func (f *filterPane) scroll(delta int) {
	f.jump = false
	f.cursor += delta
	f.clamp()
}

// clickLine puts the cursor on the row at a line of the pane; ok is false
// when no row can be chosen there.
func (f *filterPane) clickLine(y int) bool {
	line := f.top + y - 2 // below the input and mode lines
	for i, j := range f.sel {
		if j == line {
			f.jump = false
			f.cursor = i
			f.clamp()
			return true
		}
	}
	return false
}

func (f *filterPane) current() *filterRow {
	if f.cursor >= 0 && f.cursor < len(f.sel) {
		return &f.rows[f.sel[f.cursor]]
	}
	return nil
}

// update handles a key in the pane.
func (f *filterPane) update(msg tea.KeyMsg) (intent, tea.Cmd) {
	k := f.keys
	page := max(f.height-3, 1)
	switch {
	case keyMatches(msg, k.Back), keyMatches(msg, k.Focus):
		return intent{kind: intentClose}, nil
	case keyMatches(msg, k.NarrowUp):
		f.jump = false
		f.cursor--
	case keyMatches(msg, k.NarrowDown):
		f.jump = false
		f.cursor++
	case keyMatches(msg, k.PageUp):
		f.cursor -= page
	case keyMatches(msg, k.PageDown):
		f.cursor += page
	case keyMatches(msg, k.NarrowTop):
		f.cursor = 0
	case keyMatches(msg, k.NarrowEnd):
		f.cursor = len(f.sel) - 1
	case keyMatches(msg, k.AnyAll):
		return intent{kind: intentAnyAll}, nil
	case keyMatches(msg, k.Select), keyMatches(msg, k.Open):
		if !f.loaded && f.jump {
			// The tag being narrowed to is not there yet.
			f.pending = append(f.pending, msg)
			return intent{}, nil
		}
		cur := f.current()
		if cur == nil {
			return intent{}, nil
		}
		closing := keyMatches(msg, k.Open)
		switch {
		case cur.saved > 0:
			return intent{kind: intentSavedView, saved: cur.saved, close: closing}, nil
		case cur.isView:
			return intent{kind: intentView, view: cur.view, close: closing}, nil
		}
		return intent{kind: intentToggleTag, tag: cur.tag.Tag}, nil
	default:
		before := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != before {
			f.rebuild()
			f.jump = true
			f.jumpToTag()
		}
		f.clamp()
		return intent{}, cmd
	}
	f.clamp()
	return intent{}, nil
}

// view draws the pane.
func (f *filterPane) view(w, h int, focused bool) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	st := f.st
	var lines []string
	in := f.input
	in.Width = max(w-len(in.Prompt)-2, 1)
	lines = append(lines, fit(in.View(), w))
	mode := "all selected tags (AND)"
	if f.shown.any {
		mode = "any selected tag (OR)"
	}
	lines = append(lines, st.Dim.Render(fit(fmt.Sprintf("match %s · ctrl+a switches", mode), w)))
	curLine := -1
	if f.cursor >= 0 && f.cursor < len(f.sel) {
		curLine = f.sel[f.cursor]
	}
	countW := 7
	nameW := max(w-5-countW-1, 1)
	for i := f.top; i < len(f.rows) && len(lines) < h; i++ {
		r := f.rows[i]
		var s string
		switch {
		case r.header != "":
			s = st.Section.Render(fit(r.header, w))
		case r.saved > 0:
			mark := "( )"
			if r.saved == f.shown.saved {
				mark = "(•)"
			}
			count := ""
			if r.saved-1 < len(f.counts) {
				count = export.HumanInt(f.counts[r.saved-1])
			}
			s = fit(" "+mark+" "+fit(r.name, nameW)+padLeft(count, countW), w)
		case r.isView:
			mark := "( )"
			if r.view == f.shown.view {
				mark = "(•)"
			}
			if n, ok := f.viewCounts[r.view]; ok {
				s = fit(" "+mark+" "+fit(r.name, nameW)+padLeft(export.HumanInt(n), countW), w)
			} else {
				s = fit(" "+mark+" "+r.name, w)
			}
		default:
			mark := "[ ]"
			if f.shown.hasTag(r.tag.Tag) {
				mark = "[x]"
			}
			s = fit(" "+mark+" "+fit(r.name, nameW)+padLeft(export.HumanInt(r.tag.Papers), countW), w)
		}
		if i == curLine {
			style := st.Selected
			if !focused {
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
