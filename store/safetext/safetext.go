// Package safetext makes remote text safe to store and to draw: every
// title, abstract, name and full text from Hugging Face or arXiv passes
// through it on its way into the database, into an export, and onto the
// screen.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Text makes a remote string safe to print in a terminal. Titles,
// abstracts and author names come from strangers: an escape sequence in
// one could move the cursor, retitle the window, write to the clipboard
// (OSC 52) or hide text behind bidi overrides. Newlines and tabs survive;
// every other control character, escape sequence and invalid byte goes.
//
// Only what is control goes: a complete escape sequence is removed with its
// parameters and payload and nothing more, and an introducer that starts no
// valid sequence (a lone ESC, a C1 byte of mis-decoded text such as the
// U+009F in "WeiÃ\u009fl") is dropped alone, so the text after it stays.
func Text(s string) string {
	if s == "" {
		return s
	}
	// Invalid UTF-8 first, so the escape parser below and the rune filter
	// see whole runes only.
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !needsFilter(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x1b || isC1Introducer(r) {
			if n := sequenceLen(s[i:]); n > 0 {
				i += n
				continue
			}
			// Not a sequence: the introducer goes alone (keepRune
			// rejects it below) and the text after it is read as text.
		}
		if keepRune(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// sequenceLen is the length in bytes of the escape sequence s starts with
// (s begins with ESC or a C1 introducer), or 0 when it starts none. The
// grammar is ECMA-48's as xterm reads it:
//
//   - CSI (ESC [ or U+009B): parameter bytes 0x30-0x3F, intermediate
//     bytes 0x20-0x2F, one final byte 0x40-0x7E. Anything else before the
//     final byte (a line break, a letter outside ASCII, the end) means it
//     was no sequence.
//   - Control strings: OSC (ESC ] or U+009D), DCS (ESC P, U+0090), SOS
//     (ESC X, U+0098), PM (ESC ^, U+009E), APC (ESC _, U+009F). Their
//     payload runs to ST (ESC \ or U+009C) or BEL; a CAN, SUB or an ESC
//     that starts something else ends it too, as it does on a terminal.
//   - ESC with intermediates 0x20-0x2F and a final 0x30-0x7E (charset
//     designations, ESC # 8, ESC SP F) and the two-byte escapes xterm acts
//     on (ESC 7, ESC 8, ESC c, ESC M, ...).
//
// An unterminated control string is where safety and keeping text pull
// apart. After a 7-bit introducer (ESC ]) it runs to the end of the text,
// as a terminal would swallow it: ESC never occurs in real titles or
// abstracts, so what follows it is a payload (a clipboard write, a link
// target) that must not be shown as if it were text. The 8-bit introducers
// are also the second byte of common letters read in the wrong charset
// (UTF-8 "ß" read as Latin-1 is "Ã" U+009F), so after one of them an
// unterminated string is no sequence: the introducer goes alone and the
// letters stay. Either way nothing of the sequence reaches the output
// (the rune filter drops every control), so both choices are safe for the
// terminal; they differ only in what text is kept.
func sequenceLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	eightBit := r != 0x1b
	kind := r
	if !eightBit {
		if len(s) < 2 {
			return 0
		}
		c := s[1]
		n = 2
		switch {
		case c == '[':
			kind = 0x9b
		case c == ']':
			kind = 0x9d
		case c == 'P':
			kind = 0x90
		case c == 'X':
			kind = 0x98
		case c == '^':
			kind = 0x9e
		case c == '_':
			kind = 0x9f
		case c == '\\':
			return 2 // a stray ST
		case c >= 0x20 && c <= 0x2f:
			// nF: intermediates, then a final byte.
			for i := 2; i < len(s); i++ {
				switch d := s[i]; {
				case d >= 0x20 && d <= 0x2f:
					continue
				case d >= 0x30 && d <= 0x7e:
					return i + 1
				}
				return 0
			}
			return 0
		case strings.IndexByte(twoByteEscapes, c) >= 0:
			return 2
		default:
			return 0
		}
	}
	switch kind {
	case 0x9b: // CSI
		for i := n; i < len(s); i++ {
			switch d := s[i]; {
			case d >= 0x20 && d <= 0x3f:
				continue
			case d >= 0x40 && d <= 0x7e:
				return i + 1
			}
			return 0
		}
		return 0
	case 0x9c: // a stray 8-bit ST: a lone control
		return 0
	}
	// A control string.
	for i := n; i < len(s); {
		d, size := utf8.DecodeRuneInString(s[i:])
		switch d {
		case 0x07, 0x9c: // BEL, ST
			return i + size
		case 0x18, 0x1a: // CAN, SUB: cancelled
			return i + size
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			// ESC starts the next sequence: this one ends here.
			return i
		}
		i += size
	}
	if eightBit {
		return 0
	}
	return len(s)
}

// twoByteEscapes are the finals of the escapes xterm acts on as ESC and one
// byte (DECSC, DECRC, RIS, IND, NEL, HTS, RI, SS2, SS3, keypad modes,
// locking shifts, ...). Any other byte after ESC is text, and the ESC goes
// alone.
const twoByteEscapes = "6789=>FclmnoDEHMNOVWZ|}~"

// Line is Text for one-line fields (titles, names, keywords):
// newlines and tabs become spaces, runs of spaces collapse to one and the
// ends are trimmed.
func Line(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}

// Clip cuts s to its first n characters, a "…" marking the cut; a
// string of n or fewer is kept whole. It never splits a character.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Paragraphs is Text for long text that arrives hard-wrapped
// (arXiv abstracts, Atom summaries, Hugging Face's copies of them): lines
// within a paragraph are joined, spaces collapse, and each paragraph break
// becomes the one separator "\n\n".
//
// arXiv marks a new paragraph in two ways: a blank line, or (far more
// often) a line that starts with white space, the indent of the old
// plain-text abstracts. The first line's indent only starts the first
// paragraph, and when every one of three or more lines is indented the
// indent is the text's margin, not a paragraph mark.
func Paragraphs(s string) string {
	s = Text(s)
	lines := strings.Split(s, "\n")
	// Indents mark paragraphs unless every line of three or more has one.
	indented, nonBlank := 0, 0
	for _, line := range lines {
		if strings.TrimSpace(line) != "" {
			nonBlank++
			if startsIndented(line) {
				indented++
			}
		}
	}
	indentMarks := nonBlank < 3 || indented < nonBlank
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 {
			flush()
			continue
		}
		if indentMarks && startsIndented(line) {
			flush()
		}
		cur = append(cur, strings.Join(f, " "))
	}
	flush()
	return strings.Join(paras, "\n\n")
}

func startsIndented(line string) bool {
	return line != "" && (line[0] == ' ' || line[0] == '\t')
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
//
// A tab shows as four spaces: the terminal would expand it to a width no
// layout counted.
func Screen(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = Text(s)
	if strings.ContainsRune(s, '\t') {
		s = strings.ReplaceAll(s, "\t", "    ")
	}
	return s
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
