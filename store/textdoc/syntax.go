package textdoc

import (
	"html"
	"strings"
)

// The bits of Markdown syntax that reading a text's structure and writing
// it (fetch/fulltext) both need.

// FenceOpen is the fence a line opens (``` or ~~~, longer runs too), or "".
func FenceOpen(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return ""
	}
	for _, ch := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == ch {
			n++
		}
		if n >= 3 && (ch == '~' || !strings.Contains(t[n:], "`")) {
			return t[:n]
		}
	}
	return ""
}

// IsFenceClose reports whether line closes a code block opened by fence.
func IsFenceClose(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

// IsASCIIPunct reports the characters Markdown lets a backslash escape.
func IsASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// UnescapeMarkdown undoes backslash escapes, for plain text taken back out
// of the Markdown (reference texts, heading titles).
func UnescapeMarkdown(s string) string {
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && IsASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// RunLen is how many times ch repeats at the start of s.
func RunLen(s string, ch byte) int {
	n := 0
	for n < len(s) && s[n] == ch {
		n++
	}
	return n
}
