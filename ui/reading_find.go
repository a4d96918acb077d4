package ui

// The reading view's search in the text.

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// setFind searches the text (case-insensitively) and goes to the first
// match at or after the top.
func (r *readingPane) setFind(q string) {
	r.find = strings.ToLower(strings.TrimSpace(q))
	r.findRE = nil
	if r.find != "" {
		// Case folding changes byte lengths (İ, Ⱥ): matches are found in
		// the line itself, so their positions are the line's.
		r.findRE = regexp.MustCompile("(?i)" + regexp.QuoteMeta(strings.TrimSpace(q)))
	}
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
		if r.findRE.MatchString(l) {
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
	var b strings.Builder
	at := 0
	for _, m := range r.findRE.FindAllStringIndex(plain, -1) {
		b.WriteString(plain[at:m[0]])
		b.WriteString(r.st.Match.Render(plain[m[0]:m[1]]))
		at = m[1]
	}
	b.WriteString(plain[at:])
	return b.String()
}

// isMatch reports whether line i holds the search (matches is sorted).
func (r *readingPane) isMatch(i int) bool {
	j := sort.SearchInts(r.matches, i)
	return j < len(r.matches) && r.matches[j] == i
}
