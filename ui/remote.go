package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// remoteSearchMsg is the answer of a search sent beyond the library.
type remoteSearchMsg struct {
	query string
	n     int
	err   error
}

// searchRemote sends the search box's words to Hugging Face (and arXiv)
// in a command; the box stays open and says what is happening.
func (m Model) searchRemote(query string) (tea.Model, tea.Cmd) {
	query = strings.TrimSpace(query)
	switch {
	case m.opts.SearchRemote == nil:
		m.search.hint = "this reader searches the library only"
		return m, nil
	case query == "":
		m.search.hint = "type words to ask Hugging Face"
		return m, nil
	}
	m.search.hint = "asking Hugging Face…"
	search, ctx := m.opts.SearchRemote, m.ctx
	return m, func() tea.Msg {
		n, err := search(ctx, query)
		return remoteSearchMsg{query: query, n: n, err: err}
	}
}

// onRemoteSearch shows what came back in the same list, the search kept.
func (m Model) onRemoteSearch(msg remoteSearchMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil && m.opts.IsOffline != nil && m.opts.IsOffline(msg.err):
		m.search.hint = "offline: Hugging Face's search needs the network"
		return m, nil
	case msg.err != nil:
		m.search.hint = "Hugging Face's search failed: " + msg.err.Error()
		return m, nil
	}
	m.search.hint = fmt.Sprintf("%d from Hugging Face", msg.n)
	return m, m.requery(true)
}
