package ui

import (
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// listRow is a loaded paper with the text its row shows, made safe for
// the screen when the window arrives rather than on every frame.
type listRow struct {
	store.ListItem
	title, byline, cat, catName string
	reason                      string // a ranking's reason, for the second line
}

func newListRow(it store.ListItem) listRow {
	r := listRow{ListItem: it, title: safetext.ScreenLine(it.Title), cat: safetext.ScreenLine(it.PrimaryCategory)}
	r.byline = byline(&it)
	r.catName = store.CategoryName(it.PrimaryCategory)
	r.reason = safetext.ScreenLine(it.Reason)
	return r
}

// columns decides which columns fit a width.
type columns struct {
	date, author, votes, cat int
}

func listColumns(w int) columns {
	var c columns
	if w >= 44 {
		c.votes = 4
	}
	switch {
	case w >= 70:
		c.date = 10
	case w >= 52:
		c.date = 5
	}
	switch {
	case w >= 100:
		c.author = 20
	case w >= 64:
		c.author = 14
	}
	// The primary category matters more than a long byline: it comes
	// in as soon as the title keeps a readable width.
	if w >= 72 {
		c.cat = 8
	}
	return c
}

// byline is the organisation's display name, or the first author (with
// "et al." when there are more).
func byline(it *store.ListItem) string {
	if it.OrgDisplay != "" {
		return safetext.ScreenLine(it.OrgDisplay)
	}
	if it.OrgName != "" && it.FirstAuthor == "" {
		return safetext.ScreenLine(it.OrgName)
	}
	a := safetext.ScreenLine(it.FirstAuthor)
	if it.AuthorCount > 1 {
		a += " et al."
	}
	return a
}

// rowLines draws one paper: marks, title, date, upvotes, byline, category,
// and on tall terminals a dim second line.
func (l *listPane) rowLines(it *listRow, w int, sel, focused, two bool) []string {
	c := listColumns(w)
	star, unread, text := " ", " ", " "
	if it.Starred {
		star = "★"
	}
	if !it.Read {
		unread = "●"
	}
	if it.HasText {
		text = "¶" // its full text is downloaded: R reads it, offline too
	}
	date := it.Date()
	if c.date == 5 && len(date) == 10 {
		date = date[5:]
	}
	votes := ""
	if c.votes > 0 {
		votes = padLeft(strconv.Itoa(it.Upvotes)+"▲", c.votes)
		if it.Upvotes == 0 {
			votes = strings.Repeat(" ", c.votes)
		}
	}
	fixed := 5 // cursor, marks (star, unread, text) and a space
	for _, cw := range []int{c.date, c.author, c.votes, c.cat} {
		if cw > 0 {
			fixed += cw + 1
		}
	}
	titleW := max(w-fixed, 1)
	title := fit(it.title, titleW)
	cells := []string{title}
	if c.votes > 0 {
		cells = append(cells, votes)
	}
	if c.date > 0 {
		cells = append(cells, fit(date, c.date))
	}
	if c.author > 0 {
		cells = append(cells, fit(it.byline, c.author))
	}
	if c.cat > 0 {
		cells = append(cells, fit(it.cat, c.cat))
	}
	var second string
	if two {
		sub := it.byline
		if it.catName != "" {
			sub += " · " + it.catName
		} else if it.PrimaryCategory != "" {
			sub += " · " + it.cat
		}
		if it.reason != "" {
			sub = it.reason
		}
		second = fit("     "+sub, w)
	}
	if sel {
		style := l.st.Selected
		if !focused {
			style = l.st.SelectedDim
		}
		row := fit("›"+star+unread+text+" "+strings.Join(cells, " "), w)
		out := []string{style.Render(row)}
		if two {
			out = append(out, style.Render(second))
		}
		return out
	}
	marks := " " + l.st.Star.Render(star) + l.st.Unread.Render(unread) + l.st.Dim.Render(text) + " "
	rest := cells[0]
	if len(cells) > 1 {
		rest += " " + l.st.Dim.Render(strings.Join(cells[1:], " "))
	}
	out := []string{fitPlain(marks+rest, w)}
	if two {
		out = append(out, l.st.Dim.Render(second))
	}
	return out
}
