package ui

import (
	"errors"
	"reflect"
	"strings"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// searchState is the search box: the store's search language, queried
// live as the user types and combined with the selected tags.
type searchState struct {
	input   textinput.Model
	hint    string // why the typed query is malformed; the last good results stay
	applied string // the text of the query the list shows
	before  store.Sort
}

func newSearchState() searchState {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = `words "a phrase" author: cat: tag: is:starred since: upvotes:>10`
	in.CharLimit = 512
	return searchState{input: in}
}

func (m Model) openSearch() (tea.Model, tea.Cmd) {
	m.focus = focusSearch
	m.detailOpen = false
	m.filterOpen = false
	m.filter.input.Blur()
	m.search.input.CursorEnd()
	cmd := m.search.input.Focus()
	return m, tea.Batch(cmd, m.relayout())
}

func (m Model) updateSearch(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m2, cmd := m.clearSearch()
		return m2, cmd
	case "enter":
		// Keep the results and go back to the list.
		m.focus = focusList
		m.search.input.Blur()
		if m.search.hint != "" {
			// The list shows the last good query; show its text again.
			m.search.input.SetValue(m.search.applied)
			m.search.hint = ""
		}
		return m, m.relayout()
	case "up", "down", "pgup", "pgdown", "ctrl+n", "ctrl+p":
		// Move through the results without leaving the box.
		var cmd tea.Cmd
		switch msg.String() {
		case "up", "ctrl+p":
			cmd = m.moveCursor(-1)
		case "down", "ctrl+n":
			cmd = m.moveCursor(1)
		case "pgup":
			cmd = m.moveCursor(-m.listRows())
		case "pgdown":
			cmd = m.moveCursor(m.listRows())
		}
		return m, cmd
	}
	before := m.search.input.Value()
	var cmd tea.Cmd
	m.search.input, cmd = m.search.input.Update(msg)
	if m.search.input.Value() == before {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.applySearch(m.search.input.Value()))
}

// applySearch parses the typed text and, when it is well formed, starts a
// new query generation; a malformed query only shows a hint.
func (m *Model) applySearch(text string) tea.Cmd {
	hadHint := m.search.hint != ""
	q, err := store.ParseQuery(text)
	if err != nil {
		var qe *store.QueryError
		if errors.As(err, &qe) {
			m.search.hint = qe.Msg
		} else {
			m.search.hint = err.Error()
		}
		if !hadHint {
			return m.relayout()
		}
		return nil
	}
	m.search.hint = ""
	wasEmpty := m.query.Empty()
	if q.Empty() {
		q = nil
	}
	if (q.Empty() && wasEmpty) || reflect.DeepEqual(q, m.query) {
		// Nothing that changes the results (a space, say).
		m.search.applied = strings.TrimSpace(text)
		if hadHint {
			return m.relayout()
		}
		return nil
	}
	m.query = q
	m.search.applied = strings.TrimSpace(text)
	switch {
	case wasEmpty && !q.Empty():
		// Searching ranks by relevance unless the user picked another sort.
		m.search.before = m.sort
		if m.sort == store.SortNew {
			m.sort = store.SortRelevance
		}
	case q.Empty():
		m.restoreSort()
	}
	cmd := m.requery(false)
	if hadHint {
		return tea.Batch(cmd, m.relayout())
	}
	return cmd
}

func (m *Model) restoreSort() {
	if m.sort == store.SortRelevance {
		m.sort = m.search.before
		if m.sort == store.SortRelevance {
			m.sort = store.SortNew
		}
	}
}

// clearSearch drops the query and closes the box.
func (m Model) clearSearch() (tea.Model, tea.Cmd) {
	m.search.input.SetValue("")
	m.search.input.Blur()
	m.search.hint = ""
	m.search.applied = ""
	m.focus = focusList
	var cmd tea.Cmd
	if m.query != nil {
		m.query = nil
		m.restoreSort()
		cmd = m.requery(false)
	}
	return m, tea.Batch(cmd, m.relayout())
}

// searchView is the search box line, with the hint when the query is
// malformed.
func (m *Model) searchView(w int) string {
	in := m.search.input
	if m.search.hint != "" {
		hint := m.st.Hint.Render("  ⚠ " + safetext.ScreenLine(m.search.hint))
		hw := min(ansiWidth(hint), w/2)
		in.Width = max(w-hw-3, 1)
		return fitPlain(in.View()+fit(hint, hw), w)
	}
	in.Width = max(w-2, 1)
	return fit(in.View(), w)
}

// nextSort cycles newest → top → trending (→ relevance while searching).
func nextSort(s store.Sort, searching bool) store.Sort {
	switch s {
	case store.SortNew:
		return store.SortTop
	case store.SortTop:
		return store.SortTrending
	case store.SortTrending:
		if searching {
			return store.SortRelevance
		}
	}
	return store.SortNew
}
