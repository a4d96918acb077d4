package ui

// The reading view's overlays: the outline and the references.

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// currentHead is the outline entry of the section on screen.
func (r *readingPane) currentHead() int {
	b, cur := r.block(), 0
	for i, hb := range r.headBlock {
		if hb <= b {
			cur = i
		}
	}
	return cur
}

// firstCitedOnScreen is the reference entry of the first citation marker
// on screen, so a marker read is one key from its entry.
func (r *readingPane) firstCitedOnScreen() int {
	if r.rendered {
		lo, hi := r.screenBlocks()
		for _, c := range r.cites {
			if b := r.blockAt(c.Offset); b >= lo && b <= hi {
				if i := r.refIndex(c.Refs); i >= 0 {
					return i
				}
			}
		}
	}
	return 0
}

// updateOverlay moves in the outline or the references and acts on the
// chosen entry.
func (r *readingPane) updateOverlay(msg tea.KeyMsg) (intent, tea.Cmd) {
	k := r.keys
	n := len(r.heads)
	if r.overlay == overlayRefs {
		n = len(r.refs)
	}
	switch {
	case keyMatches(msg, k.Back), keyMatches(msg, k.Outline) && r.overlay == overlayOutline,
		keyMatches(msg, k.References) && r.overlay == overlayRefs:
		r.overlay = overlayNone
		return intent{}, nil
	case keyMatches(msg, k.Up):
		r.overlayCursor--
	case keyMatches(msg, k.Down):
		r.overlayCursor++
	case keyMatches(msg, k.PageUp):
		r.overlayCursor -= r.textRows()
	case keyMatches(msg, k.PageDown):
		r.overlayCursor += r.textRows()
	case keyMatches(msg, k.Top):
		r.overlayCursor = 0
	case keyMatches(msg, k.Bottom):
		r.overlayCursor = n - 1
	case r.overlay == overlayOutline && keyMatches(msg, k.Open):
		if r.rendered && r.overlayCursor < len(r.headBlock) {
			r.top = r.starts[r.headBlock[r.overlayCursor]]
			r.clamp()
		}
		r.overlay = overlayNone
		return intent{}, nil
	case r.overlay == overlayRefs:
		ref := r.refs[min(max(r.overlayCursor, 0), n-1)]
		switch {
		case keyMatches(msg, k.Open):
			return intent{kind: intentOpenRef, text: ref.ArxivID, delta: ref.N}, nil
		case keyMatches(msg, k.Star):
			return intent{kind: intentStarRef, text: ref.ArxivID, delta: ref.N}, nil
		case keyMatches(msg, k.Read):
			return intent{kind: intentReadRef, text: ref.ArxivID, delta: ref.N}, nil
		}
	}
	r.overlayCursor = min(max(r.overlayCursor, 0), max(n-1, 0))
	r.overlayTop = scrollInto(r.overlayCursor, r.overlayTop, r.overlayRows())
	return intent{}, nil
}

func (r *readingPane) outlineView(w, h int) string {
	lines := []string{r.st.Section.Render(fit(" Outline  (enter jumps, esc closes)", w))}
	for i := r.overlayTop; i < len(r.heads) && len(lines) < h; i++ {
		hd := r.heads[i]
		s := fit(" "+strings.Repeat("  ", max(hd.Level-1, 0))+safetext.ScreenLine(hd.Title), w)
		if i == r.overlayCursor {
			s = r.st.Selected.Render(fitPlain("›"+strings.TrimPrefix(s, " "), w))
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

func (r *readingPane) refsView(w, h int) string {
	lines := []string{r.st.Section.Render(fit(" References  (enter opens, s stars, R reads, esc closes)", w))}
	for i := r.overlayTop; i < len(r.refs) && len(lines) < h; i++ {
		ref := r.refs[i]
		mark := "   "
		if ref.ArxivID != "" {
			mark = " ↗ "
		}
		s := fit(fmt.Sprintf(" [%d]%s%s", ref.N, mark, safetext.ScreenLine(ref.Text)), w)
		if i == r.overlayCursor {
			s = r.st.Selected.Render(fitPlain("›"+strings.TrimPrefix(s, " "), w))
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// scrollInto is the first row to show so that cursor is among h rows.
func scrollInto(cursor, top, h int) int {
	h = max(h, 1)
	if cursor < top {
		return cursor
	}
	if cursor >= top+h {
		return cursor - h + 1
	}
	return top
}

// overlayRows is how many entries the outline or the references show:
// the pane less its title line and the overlay's own.
func (r *readingPane) overlayRows() int { return max(r.height-2, 1) }
