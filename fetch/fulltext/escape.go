package fulltext

import (
	"strings"

	"github.com/paperboy-reader/paperboy/store/textdoc"
)

// Markdown escaping. The text is rendered by Glamour v1 (goldmark with
// the GFM extensions) and shown raw when piped, so escapes are kept to
// what goldmark would otherwise read as syntax, and written in the forms
// Glamour undoes. Glamour shows text segments as goldmark cut them, with
// HTML entities decoded: a backslash disappears only before the
// characters goldmark's inline parsers look at (\ ` * _ [ ] < > | { } ( )
// # + - . !), stays visible before the others (\$ \~ \& \:), and every
// entity (&amp; &lt;, even escaped) is decoded. Hence:
//   - a backslash is always doubled before punctuation (\\ reads as \
//     in Glamour and in any CommonMark renderer);
//   - ~ is written &#126;, since \~ would show its backslash and a ~ pair
//     is strikethrough (GFM takes single tildes too);
//   - & before a letter, digit or # is written &amp;, so no entity forms;
//   - $ and : are left alone: no escape of them is invisible in Glamour,
//     and neither means anything to it (the reader does not enable emoji).

// escapeText escapes prose taken from HTML text nodes.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|~&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch ch {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		case '~':
			b.WriteString("&#126;")
			continue
		case '&':
			if i+1 < len(s) && (isAlnum(s[i+1]) || s[i+1] == '#') {
				b.WriteString("&amp;")
				continue
			}
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// escapeMath makes LaTeX survive Markdown: rendered by Glamour (or any
// CommonMark renderer) it reads exactly as written. Characters goldmark
// would take as emphasis, code, links, raw HTML or table cells get a
// backslash, and so does a backslash LaTeX puts before punctuation (\{ \,
// \\ \|), which CommonMark would otherwise eat; ~ and & are written as
// escapeText writes them. Letters, digits, ^, (, ), {, }, = and + stay
// as they are, so $O(n^2)$ and $\alpha$ read unchanged in the raw
// Markdown too, and a_{i,j} only gains the backslash of a\_{i,j}.
func escapeMath(tex string) string {
	var b strings.Builder
	b.Grow(len(tex) + 8)
	for i := 0; i < len(tex); i++ {
		ch := tex[i]
		switch ch {
		case '\\':
			if i+1 == len(tex) || textdoc.IsASCIIPunct(tex[i+1]) {
				b.WriteByte('\\')
			}
		case '`', '*', '_', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		case '~':
			b.WriteString("&#126;")
			continue
		case '&':
			if i+1 < len(tex) && (isAlnum(tex[i+1]) || tex[i+1] == '#') {
				b.WriteString("&amp;")
				continue
			}
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// normalizeTeX drops TeX comments (a % to the end of its line, and the
// newline with it, as TeX does) and folds whitespace to single spaces, so
// math fits on one Markdown line where a leading -, + or = cannot start a
// list or a heading.
func normalizeTeX(tex string) string {
	if strings.Contains(tex, "%") {
		var b strings.Builder
		lines := strings.Split(tex, "\n")
		for i, line := range lines {
			if j := commentStart(line); j >= 0 {
				b.WriteString(line[:j])
				continue // the newline goes with the comment
			}
			b.WriteString(line)
			if i < len(lines)-1 {
				b.WriteByte('\n')
			}
		}
		tex = b.String()
	}
	return strings.Join(strings.Fields(tex), " ")
}

// commentStart is the index of the first % not escaped as \%, or -1.
func commentStart(line string) int {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // skip the escaped character
		case '%':
			return i
		}
	}
	return -1
}

// inlineMath and displayMath write math the way Markdown-with-math
// readers expect it: $…$ with no space inside the dollars, $$…$$ alone.
func inlineMath(tex string) string {
	tex = normalizeTeX(tex)
	if tex == "" {
		return ""
	}
	return "$" + escapeMath(tex) + "$"
}

func displayMath(tex string) string {
	tex = normalizeTeX(tex)
	if tex == "" {
		return ""
	}
	return "$$" + escapeMath(tex) + "$$"
}

// escapeLineStart escapes what would make the start of a block something
// else: an ATX heading, a quote, a list item (-, +, 1. or 1)), a setext
// underline or thematic break.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '=':
		return "\\" + s
	}
	// An ordered-list marker: up to nine digits then . or ).
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < 10 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// codeSpan wraps s in enough backticks that none inside can close it.
// Inside a table cell a | must still be escaped: GFM splits cells before
// it parses code spans.
func codeSpan(s string, inTable bool) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", "\\|")
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func longestRun(s string, ch byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == ch {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
