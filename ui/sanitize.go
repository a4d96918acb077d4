package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// clean makes remote text safe to put on the screen: escape sequences
// (CSI, OSC, DCS, …) are stripped, and so are C0 controls other than
// newline and tab, DEL, C1 controls and the bidi overrides that could make
// a title read as something it is not. Carriage returns become newlines.
//
// The store only ever holds sanitised text, but everything that reaches
// the terminal goes through here again.
func clean(s string) string {
	if s == "" {
		return s
	}
	// A lone byte such as 0x9b is a C1 control to a terminal in 8-bit
	// mode; invalid UTF-8 never reaches the screen.
	s = strings.ToValidUTF8(s, "\uFFFD")
	// 8-bit introducers become their ESC forms first, so that whole
	// sequences go, payload and all.
	if strings.ContainsFunc(s, func(r rune) bool {
		return r == 0x90 || r == 0x98 || (r >= 0x9b && r <= 0x9f)
	}) {
		s = c1To7bit.Replace(s)
	}
	if strings.ContainsRune(s, 0x1b) {
		s = ansi.Strip(s)
	}
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteRune('\n')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		case isBidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanLine is clean for text shown on one line: newlines and tabs become
// single spaces and runs of spaces collapse.
func cleanLine(s string) string {
	s = clean(s)
	if !strings.ContainsAny(s, "\n\t  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsCleaning(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			return true
		}
	}
	return false
}

// isBidiControl reports the invisible direction marks and overrides.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

var c1To7bit = strings.NewReplacer(
	"\u0090", "\x1bP", "\u0098", "\x1bX", "\u009b", "\x1b[", "\u009c", "\x1b\\",
	"\u009d", "\x1b]", "\u009e", "\x1b^", "\u009f", "\x1b_",
)
