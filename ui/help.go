package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func maxWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, ansi.StringWidth(l))
	}
	return w
}

// helpView is the full help: every binding of the key map, in columns.
func (m *Model) helpView(w, h int) string {
	hm := m.help
	hm.Width = 0 // measured below instead of cut
	// All the columns side by side when they fit, else in rows of fewer.
	groups := m.keys.FullHelp()
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
	lines := []string{" " + m.st.Title.Render("Keys") + m.st.Dim.Render("  (? or esc closes)"), ""}
	for _, l := range strings.Split(body, "\n") {
		lines = append(lines, " "+l)
	}
	lines = append(lines, "",
		" "+m.st.Section.Render("Search"),
		" "+m.st.Dim.Render(`words  "a phrase"  author:NAME  org:NAME  cat:cs.LG  kw:NAME  tag:NAME`),
		" "+m.st.Dim.Render(`is:starred is:unread  since:2025-05  until:2025  upvotes:>10  -exclude  A OR B`),
	)
	return strings.Join(lines, "\n")
}
