package ui

import (
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// geometry is where the panes are for a terminal size and a layout.
type geometry struct {
	width, height int
	layout        layout
	promptLine    bool // a prompt (or the search hint) takes a line
	reasons       bool // the listing is a ranking whose rows say why
}

func (m *Model) geo() geometry {
	return geometry{width: m.width, height: m.height, layout: m.layout,
		promptLine: m.search.open || m.edit.open || m.search.hint != "", reasons: m.show.view.Ranked()}
}

// wide reports whether list and detail are side by side.
func (g geometry) wide() bool { return g.width >= wideWidth }

// bodyHeight is the height between the header and the status line.
func (g geometry) bodyHeight() int {
	h := g.height - 2
	if g.promptLine {
		h--
	}
	return max(h, 0)
}

// listWidth is the width of the list pane.
func (g geometry) listWidth() int {
	if g.layout == layoutFilter {
		if g.wide() {
			return max(g.width-g.filterWidth()-1, 0)
		}
		return 0
	}
	if g.wide() {
		// Titles need the room more than the detail does: the detail
		// takes two fifths, between 50 and 90 columns.
		return g.width - min(max(g.width*2/5, 50), 90)
	}
	return g.width
}

func (g geometry) filterWidth() int {
	if g.wide() {
		return min(48, g.width/3)
	}
	return g.width
}

// detailWidth is the width of the detail pane.
func (g geometry) detailWidth() int {
	if g.wide() {
		return max(g.width-g.listWidth()-1, 0)
	}
	return g.width
}

// rowHeight is 2 when list rows get their second line: on tall
// terminals, and for a ranking's reasons on any but the smallest.
func (g geometry) rowHeight() int {
	if g.height >= twoLineHeight || g.reasons && g.height >= 12 {
		return 2
	}
	return 1
}

// listRows is how many papers fit in the list pane.
func (g geometry) listRows() int { return max(g.bodyHeight()/g.rowHeight(), 1) }

type area int

const (
	areaList area = iota
	areaDetail
	areaFilter
	areaReading
)

// areaAt tells which pane a column belongs to.
func (g geometry) areaAt(x int) area {
	switch {
	case g.layout == layoutReading:
		return areaReading
	case g.layout == layoutFilter && g.wide():
		if x < g.filterWidth() {
			return areaFilter
		}
		return areaList
	case g.layout == layoutFilter:
		return areaFilter
	case g.wide():
		if x < g.listWidth() {
			return areaList
		}
		return areaDetail
	case g.layout == layoutDetail:
		return areaDetail
	}
	return areaList
}

// View draws the whole screen: exactly height lines of at most width
// columns each. It only lays out what the panes prepared.
func (m Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	g := m.geo()
	bh := g.bodyHeight()
	f := m.focus()
	listFocused := f == focusList || f == focusSearch
	filtered := m.desc != ""
	var body string
	switch {
	case m.layout == layoutHelp:
		body = block(helpView(m.st, m.help, m.keys, w, bh, m.helpTop), w, bh)
	case m.layout == layoutReading:
		body = m.reading.view(w, bh)
	case m.layout == layoutFilter && g.wide():
		fw := g.filterWidth()
		body = joinColumns(m.filter.view(fw-1, bh, f == focusFilter), gap(bh), separator(m.st, bh),
			m.list.view(g.listWidth(), bh, listFocused, filtered))
	case m.layout == layoutFilter:
		body = m.filter.view(w, bh, f == focusFilter)
	case g.wide():
		lw := g.listWidth()
		body = joinColumns(m.list.view(lw-1, bh, listFocused, filtered), gap(bh), separator(m.st, bh),
			m.detail.view(g.detailWidth(), bh, m.list.empty(), m.list.count()))
	case m.layout == layoutDetail:
		body = m.detail.view(w, bh, m.list.empty(), m.list.count())
	default:
		body = m.list.view(w, bh, listFocused, filtered)
	}
	parts := []string{headerView(m.st, w, m.desc, m.list.position())}
	if bh > 0 {
		parts = append(parts, body)
	}
	if m.search.open || m.search.hint != "" {
		parts = append(parts, m.search.view(w))
	} else if m.edit.open {
		parts = append(parts, m.edit.view(w))
	}
	context := ""
	if m.layout == layoutReading {
		context = m.reading.statusLine()
	}
	sortName := m.show.sort.String()
	if m.show.view.Ranked() && (m.show.sort == store.SortNew || m.show.sort == store.SortRelevance) {
		sortName = "ranked" // the ranking's own order
	}
	parts = append(parts, m.status.view(w, sortName, m.starCount, context))
	return block(strings.Join(parts, "\n"), w, h)
}

// gap is a blank column.
func gap(h int) string {
	return strings.TrimSuffix(strings.Repeat(" \n", max(h, 0)), "\n")
}

// separator is the line between two panes.
func separator(st styles, h int) string {
	if h <= 0 {
		return ""
	}
	line := st.Separator.Render("│")
	out := line
	for i := 1; i < h; i++ {
		out += "\n" + line
	}
	return out
}
