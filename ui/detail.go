package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store"
)

// detailDebounce is how long the cursor must rest on a paper before a wide
// terminal's detail pane loads it, while the cursor is moving (a held key):
// a move after a pause loads at once.
const detailDebounce = 60 * time.Millisecond

// detailState is the detail pane.
type detailState struct {
	seq     int // latest load request
	lastReq time.Time
	wantID  string // the paper being loaded
	paper   *store.Paper
	err     error
	vp      viewport.Model
	width   int // content width the text was laid out for
	abs     string
	absKey  renderKey
	absDone bool
}

type detailWantMsg struct {
	seq int
	id  string
}

type paperMsg struct {
	seq int
	p   store.Paper
	err error
}

type renderedMsg struct {
	key renderKey
	out string
	err error
}

// followDetail loads the paper under the cursor into a wide terminal's
// detail pane once the cursor rests on it for a moment.
func (m *Model) followDetail() tea.Cmd {
	if !m.wide() || m.filterOpen {
		return nil
	}
	it := m.list.current()
	if it == nil || it.ID == m.detail.wantID {
		return nil
	}
	m.detail.seq++
	m.detail.wantID = it.ID
	seq, id := m.detail.seq, it.ID
	now := time.Now()
	moving := now.Sub(m.detail.lastReq) < detailDebounce
	m.detail.lastReq = now
	if !moving {
		return func() tea.Msg { return detailWantMsg{seq: seq, id: id} }
	}
	return tea.Tick(detailDebounce, func(time.Time) tea.Msg { return detailWantMsg{seq: seq, id: id} })
}

func (m Model) onDetailWant(msg detailWantMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.detail.seq {
		return m, nil
	}
	return m, m.loadPaper(msg.id)
}

// loadPaper reads a whole paper in a command.
func (m *Model) loadPaper(id string) tea.Cmd {
	if m.db == nil {
		return nil
	}
	db, ctx, seq := m.db, m.ctx, m.detail.seq
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		return paperMsg{seq: seq, p: p, err: err}
	}
}

// reloadDetail loads the shown paper again (after an edit).
func (m *Model) reloadDetail() tea.Cmd {
	if m.detail.paper == nil {
		return nil
	}
	m.detail.seq++
	return m.loadPaper(m.detail.paper.ID)
}

func (m Model) onPaper(msg paperMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.detail.seq {
		return m, nil
	}
	d := &m.detail
	if msg.err != nil {
		d.err = msg.err
		d.paper = nil
		d.absKey, d.abs, d.absDone = renderKey{}, "", false
		d.vp.SetContent("")
		return m, nil
	}
	sameID := d.paper != nil && d.paper.ID == msg.p.ID
	p := msg.p
	d.paper, d.err = &p, nil
	d.wantID = p.ID
	cmd := m.layoutDetail()
	if !sameID {
		d.vp.GotoTop()
	}
	return m, cmd
}

func (m Model) onRendered(msg renderedMsg) (tea.Model, tea.Cmd) {
	d := &m.detail
	if msg.key != d.absKey || d.paper == nil {
		return m, nil
	}
	d.abs, d.absDone = msg.out, true
	if msg.err != nil {
		d.abs = safetext.Screen(d.paper.Abstract)
	}
	off := d.vp.YOffset
	d.vp.SetContent(m.detailContent())
	d.vp.SetYOffset(off)
	return m, nil
}

// resizeDetail sizes the viewport for the layout and lays the text out
// again when the width changed.
func (m *Model) resizeDetail() tea.Cmd {
	w, h := m.detailWidth(), m.bodyHeight()
	m.detail.vp.Width, m.detail.vp.Height = w, h
	if m.detail.paper != nil && m.contentWidth() != m.detail.width {
		return m.layoutDetail()
	}
	return nil
}

func (m *Model) contentWidth() int { return max(m.detailWidth()-2, 10) }

// layoutDetail builds the detail text for the current width; the abstract
// comes from the render cache or from a render command.
func (m *Model) layoutDetail() tea.Cmd {
	d := &m.detail
	if d.paper == nil {
		return nil
	}
	d.vp.Width, d.vp.Height = m.detailWidth(), m.bodyHeight()
	d.width = m.contentWidth()
	k := m.rend.key(d.paper.ID, d.width, d.paper.Abstract)
	var cmd tea.Cmd
	if k != d.absKey || !d.absDone {
		d.absKey = k
		if s, ok := m.rend.cached(k); ok {
			d.abs, d.absDone = s, true
		} else {
			d.abs, d.absDone = "", false
			rend, abstract := m.rend, d.paper.Abstract
			cmd = func() tea.Msg {
				out, err := rend.render(k, abstract)
				return renderedMsg{key: k, out: out, err: err}
			}
		}
	}
	off := d.vp.YOffset
	d.vp.SetContent(m.detailContent())
	d.vp.SetYOffset(off)
	return cmd
}

// detailContent is the paper as text laid out for the detail width.
func (m *Model) detailContent() string {
	d := &m.detail
	p := d.paper
	w := d.width
	st := m.st
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	wrap := func(s string, width int) string { return ansi.Wrap(s, max(width, 1), "") }
	field := func(label, value string) {
		if value == "" {
			return
		}
		lw := 13
		lines := strings.Split(wrap(value, w-lw), "\n")
		for i, l := range lines {
			lab := strings.Repeat(" ", lw)
			if i == 0 {
				lab = st.Label.Render(pad(label, lw))
			}
			line(lab + l)
		}
	}

	for _, l := range strings.Split(wrap(safetext.ScreenLine(p.Title), w), "\n") {
		line(st.Title.Render(l))
	}
	var marks []string
	if p.Starred {
		marks = append(marks, st.Star.Render("★ starred"))
	}
	if !p.Read {
		marks = append(marks, st.Unread.Render("● unread"))
	}
	if len(marks) > 0 {
		line(strings.Join(marks, "  "))
	}
	line("")
	authors := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = safetext.ScreenLine(a)
	}
	field("Authors", strings.Join(authors, ", "))
	org := safetext.ScreenLine(p.OrgDisplay)
	if p.OrgName != "" && p.OrgName != p.OrgDisplay {
		if org != "" {
			org += " (" + safetext.ScreenLine(p.OrgName) + ")"
		} else {
			org = safetext.ScreenLine(p.OrgName)
		}
	}
	field("Organisation", org)
	field("Submitted by", safetext.ScreenLine(p.Submitter))
	field("Published", p.Published)
	field("Daily", p.Daily)
	var votes []string
	if p.Upvotes > 0 || p.Daily != "" {
		votes = append(votes, plural(p.Upvotes, "upvote"))
	}
	if p.Comments > 0 {
		votes = append(votes, plural(p.Comments, "comment"))
	}
	field("Votes", strings.Join(votes, " · "))
	field("arXiv", safetext.ScreenLine(p.ID))
	for i, c := range p.Categories {
		label := ""
		if i == 0 {
			label = "Categories"
		}
		v := safetext.ScreenLine(c)
		if name := store.CategoryName(c); name != "" {
			v += " " + st.Dim.Render(name)
		}
		if label == "" {
			// Continuation rows line up under the first category.
			for _, l := range strings.Split(wrap(v, w-13), "\n") {
				line(strings.Repeat(" ", 13) + l)
			}
			continue
		}
		field(label, v)
	}
	line("")
	line(st.Section.Render("Links"))
	id := safetext.ScreenLine(p.ID)
	field("Hugging Face", st.Link.Render(hfURL(id)))
	field("arXiv", st.Link.Render(absURL(id)))
	field("PDF", st.Link.Render(pdfURL(id)))
	if p.GitHubRepo != "" {
		gh := st.Link.Render(safetext.ScreenLine(p.GitHubRepo))
		if p.GitHubStars > 0 {
			gh += st.Dim.Render(fmt.Sprintf(" ★ %s", HumanInt(p.GitHubStars)))
		}
		field("GitHub", gh)
	}
	field("Project", st.Link.Render(safetext.ScreenLine(p.ProjectPage)))

	if p.AISummary != "" || len(p.AIKeywords) > 0 {
		line("")
		line(st.Section.Render("Summary"))
		if p.AISummary != "" {
			line(wrap(safetext.Screen(p.AISummary), w))
		}
		if len(p.AIKeywords) > 0 {
			kws := make([]string, len(p.AIKeywords))
			for i, k := range p.AIKeywords {
				kws[i] = safetext.ScreenLine(k)
			}
			field("Keywords", strings.Join(kws, ", "))
		}
	}
	line("")
	line(st.Section.Render("Yours"))
	tags := st.Dim.Render("none (t to add)")
	if len(p.Tags) > 0 {
		tags = safetext.ScreenLine(strings.Join(p.Tags, " "))
	}
	field("Tags", tags)
	note := st.Dim.Render("none (n to write one)")
	if p.Note != "" {
		note = safetext.Screen(p.Note)
	}
	field("Note", note)
	line("")
	line(st.Section.Render("Abstract"))
	switch {
	case d.absDone:
		b.WriteString(d.abs)
	case strings.TrimSpace(p.Abstract) == "":
		b.WriteString(st.Dim.Render("No abstract."))
	default:
		b.WriteString(st.Dim.Render("rendering…"))
	}
	return b.String()
}

// openDetail opens the paper under the cursor: full screen on a narrow
// terminal, focused on a wide one. Opening marks it read.
func (m Model) openDetail() (tea.Model, tea.Cmd) {
	it := m.list.current()
	if it == nil {
		return m, nil
	}
	var cmds []tea.Cmd
	if m.detail.paper == nil || m.detail.paper.ID != it.ID {
		m.detail.seq++
		m.detail.wantID = it.ID
		if !it.Read {
			// Mark it read first, so the paper loads with its mark.
			m.markLocal(it.ID, false, true)
			db, ctx, seq, id := m.db, m.ctx, m.detail.seq, it.ID
			cmds = append(cmds, func() tea.Msg {
				if err := db.SetRead(ctx, id, true); err != nil {
					return userStateMsg{id: id, on: true, err: err}
				}
				p, err := db.Paper(ctx, id)
				return paperMsg{seq: seq, p: p, err: err}
			})
		} else {
			cmds = append(cmds, m.loadPaper(it.ID))
		}
	} else if !it.Read {
		cmds = append(cmds, m.setRead(it.ID, true))
	}
	if !m.wide() {
		m.detailOpen = true
		cmds = append(cmds, m.resizeDetail())
	}
	m.focus = focusDetail
	return m, tea.Batch(cmds...)
}

// closeDetail goes back to the list.
func (m *Model) closeDetail() {
	m.detailOpen = false
	m.focus = focusList
}

func (m Model) updateDetailKeys(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	vp := &m.detail.vp
	switch {
	case keyMatches(msg, k.Back):
		m.closeDetail()
		return m, nil
	case keyMatches(msg, k.Focus):
		if m.wide() {
			return m.openFilter()
		}
		m.closeDetail()
		return m, nil
	case keyMatches(msg, k.Up):
		vp.ScrollUp(1)
	case keyMatches(msg, k.Down):
		vp.ScrollDown(1)
	case keyMatches(msg, k.PageUp):
		vp.PageUp()
	case keyMatches(msg, k.PageDown), msg.String() == " ":
		vp.PageDown()
	case keyMatches(msg, k.Top):
		vp.GotoTop()
	case keyMatches(msg, k.Bottom):
		vp.GotoBottom()
	case keyMatches(msg, k.Open):
		if m.wide() {
			m.focus = focusList
		}
	}
	return m, nil
}

// detailView draws the detail pane.
func (m *Model) detailView(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	d := &m.detail
	var s string
	switch {
	case m.list.countGen == m.list.gen && m.list.total == 0:
		s = "" // nothing matches: nothing to show
	case d.err != nil:
		s = "\n " + m.st.Hint.Render(fit(d.err.Error(), w-2))
	case d.paper == nil:
		s = "\n " + m.st.Dim.Render("Loading…")
		if m.list.count() == 0 {
			s = ""
		}
	default:
		vp := d.vp
		vp.Width, vp.Height = w, h
		lines := strings.Split(vp.View(), "\n")
		for i, l := range lines {
			lines[i] = " " + l
		}
		s = strings.Join(lines, "\n")
	}
	return block(s, w, h)
}

// plural is "1 upvote", "2 upvotes".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func hfURL(id string) string  { return "https://huggingface.co/papers/" + id }
func absURL(id string) string { return "https://arxiv.org/abs/" + id }
func pdfURL(id string) string { return "https://arxiv.org/pdf/" + id }
