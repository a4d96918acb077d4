// Package safetext makes remote text safe to store and to draw: every
// title, abstract, name and full text from Hugging Face or arXiv passes
// through it on its way into the database, into an export, and onto the
// screen.
package safetext

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text makes a remote string safe to print in a terminal. Titles,
// abstracts and author names come from strangers: an escape sequence in
// one could move the cursor, retitle the window, write to the clipboard
// (OSC 52) or hide text behind bidi overrides. Newlines and tabs survive;
// every other control character, escape sequence and invalid byte goes.
func Text(s string) string {
	if s == "" {
		return s
	}
	// Invalid UTF-8 first, so the escape parser below and the rune filter
	// see whole runes only.
	s = strings.ToValidUTF8(s, "\uFFFD")
	// An 8-bit introducer (CSI U+009B, OSC U+009D, DCS…) starts the same
	// sequence as its ESC form on a terminal that honours C1 controls:
	// rewrite it as that form so the sequence goes whole, payload and all.
	if strings.ContainsFunc(s, isC1Introducer) {
		s = c1To7bit.Replace(s)
	}
	if strings.ContainsRune(s, 0x1b) {
		// Strip drops whole sequences (CSI, OSC, DCS, APC...) with their
		// payloads; the filter then removes stray introducers it leaves.
		s = ansi.Strip(s)
	}
	if !needsFilter(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if keepRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Text for one-line fields (titles, names, keywords):
// newlines and tabs become spaces, runs of spaces collapse to one and the
// ends are trimmed.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}

// Paragraphs is Text for long text that arrives hard-wrapped
// (arXiv abstracts, Atom summaries): lines within a paragraph are joined,
// spaces collapse, and a blank line between paragraphs is kept as the one
// paragraph break "\n\n".
func Paragraphs(s string) string {
	s = Text(s)
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			flush()
			continue
		}
		cur = append(cur, strings.Join(f, " "))
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// FirstUnsafe is the promise Text keeps, as a check: the byte offset of
// the first invalid UTF-8 or the first rune Text would have removed, or -1
// when s is safe to print. The tests of every package that draws or
// stores remote text hold their output to it.
func FirstUnsafe(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !keepRune(r) {
			return i
		}
		i += size
	}
	return -1
}

func needsFilter(s string) bool {
	for _, r := range s {
		if !keepRune(r) {
			return true
		}
	}
	return false
}

// keepRune reports whether r is safe to show. It rejects C0 controls other
// than newline and tab (this covers BEL, BS, CR and ESC), DEL, C1 controls,
// the bidi embedding/override/isolate/mark characters that can reorder
// what the reader sees.
func keepRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return true
	case r < 0x20 || r == 0x7f:
		return false
	case r >= 0x80 && r <= 0x9f:
		return false
	case r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x200e || r == 0x200f, // LRM, RLM
		r == 0x061c:                // ALM
		return false
	}
	return true
}

// c1To7bit rewrites the C1 controls that open or close a sequence as
// their two-byte ESC forms.
var c1To7bit = strings.NewReplacer(
	"\u0090", "\x1bP", "\u0098", "\x1bX", "\u009b", "\x1b[", "\u009c", "\x1b\\",
	"\u009d", "\x1b]", "\u009e", "\x1b^", "\u009f", "\x1b_",
)

func isC1Introducer(r rune) bool {
	switch r {
	case 0x90, 0x98, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f:
		return true
	}
	return false
}

// Screen is Text for what is drawn: the store only ever holds clean text,
// but everything that reaches the terminal goes through here again, and a
// carriage return there shows as a line break rather than vanishing.
func Screen(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return Text(s)
}

// ScreenLine is Screen for text drawn on one line: newlines and tabs become
// single spaces and runs of spaces collapse.
func ScreenLine(s string) string {
	s = Screen(s)
	if !strings.ContainsAny(s, "\n\t  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
