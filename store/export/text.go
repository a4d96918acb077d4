package export

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Plain is a paper as plain text, for `paperboy show` when its
// output is not a terminal: the fields of the record, one a line, then
// the summary and the abstract.
func Plain(p store.Paper) string {
	var b strings.Builder
	field := func(label, value string) {
		if value != "" {
			if label != "" {
				label += ":"
			}
			fmt.Fprintf(&b, "%-14s%s\n", label, value)
		}
	}
	b.WriteString(safetext.ScreenLine(p.Title) + "\n\n")
	var summary string
	for _, f := range Fields(p) {
		switch {
		case f.Text:
			summary = f.Value
		case f.Note != "":
			field(f.Label, f.Value+" ("+f.Note+")")
		default:
			field(f.Label, strings.Join(strings.Fields(f.Value), " "))
		}
	}
	if p.Starred {
		field("Starred", p.StarredAt.Format("2006-01-02"))
	}
	if summary != "" {
		b.WriteString("\nSummary\n" + summary + "\n")
	}
	if p.Abstract != "" {
		b.WriteString("\nAbstract\n" + safetext.Screen(p.Abstract) + "\n")
	}
	return b.String()
}

// Markdown is one paper as the Markdown export writes it, for `paperboy
// show` to render on a terminal.
func Markdown(p store.Paper) string {
	var b strings.Builder
	writeMarkdown(&b, []store.Paper{p}) // a strings.Builder never fails
	return b.String()
}
