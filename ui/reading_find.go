package ui

// The reading view's search in the text.

import (
	"fmt"
	"strings"
)

// setFind searches the text (case-insensitively) and goes to the first
// match at or after the top.
func (r *readingPane) setFind(q string) {
	r.find = strings.ToLower(strings.TrimSpace(q))
	r.refind()
	for i, l := range r.matches {
		if l >= r.top {
			r.match = i
			r.top = l
			r.clamp()
			return
		}
	}
	if len(r.matches) > 0 {
		r.match = 0
		r.top = r.matches[0]
		r.clamp()
	}
}

func (r *readingPane) refind() {
	r.matches = r.matches[:0]
	if r.find == "" {
		return
	}
	for i, l := range r.plain {
		if strings.Contains(strings.ToLower(l), r.find) {
			r.matches = append(r.matches, i)
		}
	}
}

func (r *readingPane) nextMatch(dir int) {
	if len(r.matches) == 0 {
		return
	}
	r.match = (r.match + dir + len(r.matches)) % len(r.matches)
	r.top = r.matches[r.match]
	r.clamp()
}

// findStatus is "3/12" for the search box, or "no match".
func (r *readingPane) findStatus() string {
	if r.find == "" {
		return ""
	}
	if len(r.matches) == 0 {
		return "no match"
	}
	return fmt.Sprintf("%d/%d", r.match+1, len(r.matches))
}

// highlight marks every match in a line (drawn plain, the match reversed).
func (r *readingPane) highlight(plain string) string {
	low := strings.ToLower(plain)
	var b strings.Builder
	for {
		i := strings.Index(low, r.find)
		if i < 0 {
			b.WriteString(plain)
			return b.String()
		}
		j := i + len(r.find)
		b.WriteString(plain[:i])
		b.WriteString(r.st.Match.Render(plain[i:j]))
		plain, low = plain[j:], low[j:]
	}
}
