package fetch

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// CleanText makes a remote string safe to print in a terminal. Titles,
// abstracts and author names come from strangers: an escape sequence in
// one could move the cursor, retitle the window, write to the clipboard
// (OSC 52) or hide text behind bidi overrides. Newlines and tabs survive;
// every other control character, escape sequence and invalid byte goes.
func CleanText(s string) string {
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

// CleanLine is CleanText for one-line fields (titles, names, keywords):
// newlines and tabs become spaces, runs of spaces collapse to one and the
// ends are trimmed.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

// CleanParagraphs is CleanText for long text that arrives hard-wrapped
// (arXiv abstracts, Atom summaries): lines within a paragraph are joined,
// spaces collapse, and a blank line between paragraphs is kept as the one
// paragraph break "\n\n".
func CleanParagraphs(s string) string {
	s = CleanText(s)
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
