package ui

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// starNewsMsg is the news of starred papers not told yet.
type starNewsMsg struct {
	code, model int
}

// starNewsCmd reads (and marks told) the news of starred papers: those
// that gained their first GitHub repo or linked model.
func starNewsCmd(ctx context.Context, db *store.DB) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		code, model, err := db.StarNews(ctx)
		if err != nil {
			return nil
		}
		return starNewsMsg{code: code, model: model}
	}
}

// starNewsText is the status line's news: "2 starred papers now have
// code", "1 starred paper now has a model"; "" when there is none.
func starNewsText(msg starNewsMsg) string {
	var parts []string
	say := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 starred paper "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d starred papers %s", n, many))
		}
	}
	say(msg.code, "now has code", "now have code")
	say(msg.model, "now has a model", "now have models")
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ") + " (News on your stars)"
}
