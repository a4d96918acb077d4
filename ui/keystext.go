package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// KeysText is the reader's key map as plain text, one binding a line,
// for `paperboy help keys`. It reads the same KeyMap as the help screen.
func KeysText() string {
	var b strings.Builder
	b.WriteString("Keys of the paperboy reader:\n")
	keys := Keys()
	for i, cols := range [][][]key.Binding{keys.FullHelp(), keys.ContextHelp()} {
		if i > 0 {
			b.WriteString("\nIn the filter pane, the prompts, the detail and the reading view:\n")
		}
		for _, col := range cols {
			b.WriteString("\n")
			for _, k := range col {
				h := k.Help()
				fmt.Fprintf(&b, "  %-14s %s\n", h.Key, h.Desc)
			}
		}
	}
	return b.String()
}
