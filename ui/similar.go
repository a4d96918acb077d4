package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// The detail's similar papers: the five papers most like the one on show,
// each with what they share, found in a command once the paper is there.

const detailSimilar = 5

// similarMsg brings the papers like one paper.
type similarMsg struct {
	id    string
	items []similarRow
	err   error
}

// similarRow is a similar paper cleaned for the screen once.
type similarRow struct {
	title, because string
}

// wantSimilar finds the papers like the one on show, unless they are
// there already; a paper left before its answer came cancels the search.
func (d *detailPane) wantSimilar() tea.Cmd {
	p := d.paper
	if p == nil || d.db == nil || d.similarID == p.ID {
		return nil
	}
	if d.similarCancel != nil {
		d.similarCancel()
	}
	ctx, cancel := context.WithCancel(d.ctx)
	d.similarCancel = cancel
	d.similarID, d.similar, d.similarErr, d.similarDone = p.ID, nil, nil, false
	db, id := d.db, p.ID
	return func() tea.Msg {
		ss, err := db.Similar(ctx, id, detailSimilar)
		rows := make([]similarRow, len(ss))
		for i, s := range ss {
			rows[i] = similarRow{title: safetext.ScreenLine(s.Title), because: safetext.ScreenLine(strings.Join(s.Because, ", "))}
		}
		return similarMsg{id: id, items: rows, err: err}
	}
}

func (d *detailPane) onSimilar(msg similarMsg) {
	if msg.id != d.similarID || isCanceled(msg.err) {
		return
	}
	d.similar, d.similarErr, d.similarDone = msg.items, msg.err, true
	if d.paper != nil && d.paper.ID == msg.id {
		d.refill()
	}
}

// similarSection is the detail's "Similar papers" lines for width w.
func (d *detailPane) similarSection(w int) string {
	if d.paper == nil || d.similarID != d.paper.ID {
		return ""
	}
	st := d.st
	var b strings.Builder
	b.WriteString("\n" + st.Section.Render("Similar papers") + st.Dim.Render("  M: all of them") + "\n")
	switch {
	case d.similarErr != nil:
		b.WriteString(st.Dim.Render(fit(safetext.ScreenLine(d.similarErr.Error()), w)) + "\n")
	case !d.similarDone:
		b.WriteString(st.Dim.Render("finding…") + "\n")
	case len(d.similar) == 0:
		b.WriteString(st.Dim.Render("none in the library yet") + "\n")
	}
	for _, s := range d.similar {
		b.WriteString("• " + fit(s.title, max(w-2, 1)) + "\n")
		if s.because != "" {
			b.WriteString(st.Dim.Render("  "+fit("shares: "+s.because, max(w-2, 1))) + "\n")
		}
	}
	return b.String()
}
