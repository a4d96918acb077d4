// Package textdoc reads the structure of a downloaded paper's Markdown:
// its outline, its numbered references (and the arXiv ids they carry) and
// the citation markers that lead to them. The reader, the refs command
// and the text download all use it.
package textdoc

import (
	"html"
	"regexp"
	"strings"
)

// Heading is one entry of a text's outline.
type Heading struct {
	Level  int    // 1 for the title, 2 for sections, 3 for subsections…
	Title  string // plain text, Markdown escapes undone
	Line   int    // 0-based index of the heading's line in the Markdown
	Offset int    // byte offset of that line's start
}

// Outline returns the headings of markdown in order, for jumping between
// sections: ATX headings (## 2 Method) and setext ones (a line underlined
// with === or ---), never lines inside fenced code.
func Outline(markdown string) []Heading {
	var out []Heading
	forEachLine(markdown, func(line string, idx, off int, prev string, prevOff int, inFence bool) {
		if inFence {
			return
		}
		if level, title, ok := atxHeading(line); ok {
			out = append(out, Heading{Level: level, Title: plainText(title), Line: idx, Offset: off})
			return
		}
		if idx > 0 && isSetextUnderline(line) && isParagraphLine(prev) {
			level := 1
			if strings.Contains(line, "-") {
				level = 2
			}
			out = append(out, Heading{Level: level, Title: plainText(strings.TrimSpace(prev)), Line: idx - 1, Offset: prevOff})
		}
	})
	return out
}

// forEachLine calls fn for every line with its index, byte offset, the
// line before it and whether it lies inside fenced code (fence lines
// included).
func forEachLine(md string, fn func(line string, idx, off int, prev string, prevOff int, inFence bool)) {
	fence := ""
	prev, prevOff := "", 0
	off := 0
	for idx := 0; off <= len(md); idx++ {
		end := strings.IndexByte(md[off:], '\n')
		var line string
		if end < 0 {
			line = md[off:]
		} else {
			line = md[off : off+end]
		}
		in := fence != ""
		if fence != "" {
			if IsFenceClose(line, fence) {
				fence = ""
			}
		} else if f := FenceOpen(line); f != "" {
			fence, in = f, true
		}
		fn(line, idx, off, prev, prevOff, in)
		if in {
			prev = ""
		} else {
			prev = line
		}
		prevOff = off
		if end < 0 {
			break
		}
		off += end + 1
	}
}

func atxHeading(line string) (int, string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return 0, "", false
	}
	n := RunLen(t, '#')
	if n < 1 || n > 6 || (len(t) > n && t[n] != ' ' && t[n] != '\t') {
		return 0, "", false
	}
	title := strings.TrimSpace(t[n:])
	// An optional closing run of #s, unless escaped.
	if k := strings.TrimRight(title, "#"); k != title && (k == "" || strings.HasSuffix(k, " ")) {
		title = strings.TrimSpace(k)
	}
	if title == "" {
		return 0, "", false
	}
	return n, title, true
}

func isSetextUnderline(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(line)-len(strings.TrimLeft(line, " ")) > 3 {
		return false
	}
	return strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "" && len(t) >= 2
}

func isParagraphLine(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" {
		return false
	}
	if _, _, ok := atxHeading(s); ok {
		return false
	}
	switch t[0] {
	case '-', '*', '+', '>', '|':
		return false
	}
	return !isSetextUnderline(s)
}

// plainText turns inline Markdown into the words it shows: escapes
// undone, emphasis markers and code backticks dropped, a link as its text
// followed by its URL in parentheses (text equal to the URL once).
func plainText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s) && IsASCIIPunct(s[i+1]):
			i++
			b.WriteByte(s[i])
		case ch == '*' || ch == '`':
		case ch == '_' && (i == 0 || i+1 == len(s) || s[i-1] == ' ' || s[i+1] == ' ' || s[i+1] == '_' || s[i-1] == '_'):
		case ch == '<':
			if j := strings.IndexByte(s[i:], '>'); j > 0 && strings.Contains(s[i:i+j], "://") {
				b.WriteString(s[i+1 : i+j])
				i += j
				continue
			}
			b.WriteByte(ch)
		case ch == '[' && footnoteMark.MatchString(s[i:]):
			// A footnote marker [^N] is no part of the words.
			i += len(footnoteMark.FindString(s[i:])) - 1
		case ch == '[' && len(s) <= maxLinkLen:
			// Longer strings are no title or reference but junk; their
			// brackets stay as they are rather than cost quadratic time.
			if text, dest, n := linkAt(s[i:]); n > 0 {
				t := plainText(text)
				b.WriteString(t)
				if dest != "" && dest != t {
					b.WriteString(" (" + dest + ")")
				}
				i += n - 1
				continue
			}
			b.WriteByte(ch)
		default:
			b.WriteByte(ch)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

const maxLinkLen = 16 << 10

var footnoteMark = regexp.MustCompile(`^\[\^\d{1,4}\]`)

// linkAt parses [text](dest) at the start of s.
func linkAt(s string) (text, dest string, n int) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				if i+1 < len(s) && s[i+1] == '(' {
					if j := strings.IndexByte(s[i+2:], ')'); j >= 0 {
						return s[1:i], strings.TrimSpace(s[i+2 : i+2+j]), i + 2 + j + 1
					}
				}
				return "", "", 0
			}
		}
	}
	return "", "", 0
}

// Blocks are the byte offsets where the text's blocks start: paragraphs,
// headings, lists, tables, code and math, as blank lines (outside fenced
// code) and headings separate them. A reading position is the index of a
// block, so it survives any width.
func Blocks(markdown string) []int {
	var out []int
	inBlock := false
	forEachLine(markdown, func(line string, idx, off int, prev string, prevOff int, inFence bool) {
		blank := strings.TrimSpace(line) == ""
		_, _, heading := atxHeading(line)
		switch {
		case inFence && inBlock:
			// Code stays one block, blank lines and all.
		case blank:
			inBlock = false
		case !inBlock || heading:
			out = append(out, off)
			inBlock = !heading
		}
	})
	return out
}
