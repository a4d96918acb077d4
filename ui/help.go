package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/paperboy-reader/paperboy/store"
)

func maxWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, ansi.StringWidth(l))
	}
	return w
}

// helpView is the full help: every binding of the key map, in columns.
// The keys scroll it when it is taller than the screen (top is the first
// line under the title).
func helpView(st styles, hm help.Model, keys KeyMap, w, h, top int) string {
	title := " " + st.Title.Render("Keys") + st.Dim.Render("  (? or esc closes)")
	lines := []string{""}
	lines = append(lines, helpColumns(hm, keys.FullHelp(), w)...)
	lines = append(lines, "",
		" "+st.Section.Render("Search"))
	for _, l := range store.SearchHelp {
		lines = append(lines, " "+st.Dim.Render(l))
	}
	lines = append(lines, "",
		" "+st.Section.Render("In the filter pane, the prompts, the detail and the reading view"),
	)
	lines = append(lines, helpColumns(hm, keys.ContextHelp(), w)...)
	if len(lines) > h-1 {
		title += st.Dim.Render("  ↓/j scrolls")
		top = min(top, len(lines)-(h-1))
		lines = lines[top:]
	}
	return strings.Join(append([]string{title}, lines...), "\n")
}

// helpColumns lays groups of bindings out in columns: all side by side
// when they fit the width, else in rows of fewer.
func helpColumns(hm help.Model, groups [][]key.Binding, w int) []string {
	hm.Width = 0 // measured here instead of cut
	var body string
	for per := len(groups); per >= 1; per = (per + 1) / 2 {
		var parts []string
		for i := 0; i < len(groups); i += per {
			parts = append(parts, hm.FullHelpView(groups[i:min(i+per, len(groups))]))
		}
		body = strings.Join(parts, "\n\n")
		if maxWidth(body) <= w-1 || per == 1 {
			break
		}
	}
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		lines = append(lines, " "+l)
	}
	return lines
}
