package ui

import (
	"context"
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

// remoteSearch sends the search box's words to Hugging Face (and arXiv)
// in a command; the box stays open, and hint says what is happening.
func remoteSearch(ctx context.Context, search func(context.Context, string) (int, error), query string) (hint string, cmd tea.Cmd) {
	query = strings.TrimSpace(query)
	switch {
	case search == nil:
		return "this reader searches the library only", nil
	case query == "":
		return "type words to ask Hugging Face", nil
	}
	return "asking Hugging Face…", func() tea.Msg {
		n, err := search(ctx, query)
		return remoteSearchMsg{query: query, n: n, err: err}
	}
}

// remoteHint is what the search box says of the answer; ok is true when
// papers may have come, for the list to show them.
func remoteHint(msg remoteSearchMsg, isOffline func(error) bool) (hint string, ok bool) {
	switch {
	case msg.err != nil && isOffline != nil && isOffline(msg.err):
		return "offline: Hugging Face's search needs the network", false
	case msg.err != nil:
		return "Hugging Face's search failed: " + msg.err.Error(), false
	}
	return fmt.Sprintf("%d from Hugging Face", msg.n), true
}
