package ui

// Following a citation marker: tab and shift+tab step through the
// markers ([12], [3, 5–7]) from the screen on, the chosen one marked in
// the text, and b or enter opens the references at its entry.

import (
	"fmt"
	"strings"
)

// screenBlocks is the range of blocks with a line on screen.
func (r *readingPane) screenBlocks() (lo, hi int) {
	lo, hi = r.block(), r.block()
	for i := lo; i < len(r.starts) && r.starts[i] < r.top+r.textRows(); i++ {
		hi = i
	}
	return lo, hi
}

// nextCite chooses the next (dir 1) or previous (-1) citation marker and
// scrolls it into view. With none chosen, or the chosen one scrolled
// away, it starts from the screen: the first marker on or after it (the
// last on or before it going back).
func (r *readingPane) nextCite(dir int) {
	if !r.rendered || len(r.cites) == 0 {
		return
	}
	lo, hi := r.screenBlocks()
	i := -1
	if b := r.blockAt(r.cites[r.cite].Offset); r.citing && b >= lo && b <= hi {
		i = r.cite + dir
	} else {
		for j, c := range r.cites {
			b := r.blockAt(c.Offset)
			if dir > 0 && b >= lo {
				i = j
				break
			}
			if dir < 0 && b <= hi {
				i = j
			}
		}
	}
	if i < 0 || i >= len(r.cites) {
		return // no marker further that way: the choice stays
	}
	r.cite, r.citing = i, true
	r.locateCite()
	if b := r.blockAt(r.cites[i].Offset); b < lo || b > hi || r.citeLine >= r.top+r.textRows() {
		r.top = r.starts[b]
		if r.citeLine >= r.top+r.textRows() {
			r.top = r.citeLine - r.textRows()/2
		}
		r.clamp()
	}
}

// citeLabel is a marker as the reader sees it: "[12]" for \[12\],
// "Hu et al." for a link to a bibliography entry.
func (r *readingPane) citeLabel(i int) string {
	c := r.cites[i]
	raw := r.md[c.Offset : c.Offset+c.Len]
	if text, _, ok := strings.Cut(raw, "]("); ok {
		return strings.TrimPrefix(text, "[")
	}
	return strings.ReplaceAll(raw, `\`, "")
}

// locateCite finds the chosen marker in the laid-out lines: the same
// label counted from its block's start, so [2] twice in a paragraph marks
// the right one. A marker that the layout broke over two lines is not
// marked, and still leads to its entry.
func (r *readingPane) locateCite() {
	r.citeLine, r.citeFrom, r.citeTo = -1, 0, 0
	if !r.citing || !r.rendered {
		return
	}
	c := r.cites[r.cite]
	b := r.blockAt(c.Offset)
	label := r.citeLabel(r.cite)
	nth := 0
	for j := r.cite - 1; j >= 0 && r.blockAt(r.cites[j].Offset) == b; j-- {
		if r.citeLabel(j) == label {
			nth++
		}
	}
	end := len(r.lines)
	if b+1 < len(r.starts) {
		end = r.starts[b+1]
	}
	for i := r.starts[b]; i < end; i++ {
		line := r.plain[i]
		for at := 0; ; {
			k := strings.Index(line[at:], label)
			if k < 0 {
				break
			}
			if nth == 0 {
				r.citeLine, r.citeFrom, r.citeTo = i, at+k, at+k+len(label)
				return
			}
			nth--
			at += k + len(label)
		}
	}
}

// markCite draws line i with the chosen marker reversed, when it is there.
func (r *readingPane) markCite(i int, line string) string {
	if !r.citing || i != r.citeLine {
		return line
	}
	p := r.plain[i]
	return p[:r.citeFrom] + r.st.Match.Render(p[r.citeFrom:r.citeTo]) + p[r.citeTo:]
}

// citedEntry is the reference entry to open the list at: the chosen
// marker's first reference while it is on screen, else the first one
// cited on screen.
func (r *readingPane) citedEntry() int {
	if r.citing {
		lo, hi := r.screenBlocks()
		c := r.cites[r.cite]
		if b := r.blockAt(c.Offset); b >= lo && b <= hi {
			if i := r.refIndex(c.Refs); i >= 0 {
				return i
			}
		}
	}
	return r.firstCitedOnScreen()
}

// refIndex is the entry of the first of refs that the list holds, -1
// when none.
func (r *readingPane) refIndex(refs []int) int {
	for _, n := range refs {
		for i, ref := range r.refs {
			if ref.N == n {
				return i
			}
		}
	}
	return -1
}

// citeStatus is what the status line says of the chosen marker.
func (r *readingPane) citeStatus() string {
	if !r.citing {
		return ""
	}
	return fmt.Sprintf("cites %s: b for its entry", r.citeLabel(r.cite))
}
