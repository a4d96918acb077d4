package ui

import (
	"context"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/ui/markdown"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store"
)

// detailDebounce is how long the cursor must rest on a paper before a wide
// terminal's detail pane loads it, while the cursor is moving (a held key):
// a move after a pause loads at once.
const detailDebounce = 60 * time.Millisecond

// detailPane is the detail: one paper laid out for its width in a
// viewport, the abstract rendered by Glamour in a command.
type detailPane struct {
	db     *store.DB
	ctx    context.Context
	keys   KeyMap
	st     styles
	rend   *markdown.Renderer
	height int

	seq     int // latest load request
	lastReq time.Time
	wantID  string // the paper being loaded
	paper   *store.Paper
	err     error
	vp      viewport.Model
	width   int // content width the text was laid out for
	paneW   int // the pane's width
	abs     string
	absKey  markdown.Key
	absDone bool

	// fetchLinks fetches a paper's Hub links (Options.FetchLinks); the
	// papers asked for in this session are not asked again.
	fetchLinks func(ctx context.Context, id string) error
	linksAsked map[string]bool
	clock      func() time.Time
	linkSel    int // the selected linked repo, 1-based; 0: none

	// The papers like the one on show (similar.go).
	similarID     string
	similar       []similarRow
	similarErr    error
	similarDone   bool
	similarCancel context.CancelFunc
}

func newDetailPane(ctx context.Context, db *store.DB, keys KeyMap, st styles, rend *markdown.Renderer) detailPane {
	return detailPane{ctx: ctx, db: db, keys: keys, st: st, rend: rend}
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
	key  markdown.Key
	rend *markdown.Renderer // the renderer it came from: another style's is stale
	out  string
	err  error
}

// follow loads a paper (the one under the list's cursor) once the cursor
// rests on it for a moment.
func (d *detailPane) follow(id string) tea.Cmd {
	if id == "" || id == d.wantID {
		return nil
	}
	d.seq++
	d.wantID = id
	seq := d.seq
	now := time.Now()
	moving := now.Sub(d.lastReq) < detailDebounce
	d.lastReq = now
	if !moving {
		return func() tea.Msg { return detailWantMsg{seq: seq, id: id} }
	}
	return tea.Tick(detailDebounce, func(time.Time) tea.Msg { return detailWantMsg{seq: seq, id: id} })
}

func (d *detailPane) onWant(msg detailWantMsg) tea.Cmd {
	if msg.seq != d.seq {
		return nil
	}
	return d.load(msg.id)
}

// want starts showing a paper: later replies for others are dropped.
func (d *detailPane) want(id string) int {
	d.seq++
	d.wantID = id
	return d.seq
}

// showing is the paper on show, or nil.
func (d *detailPane) showing() *store.Paper { return d.paper }

// load reads a whole paper in a command.
func (d *detailPane) load(id string) tea.Cmd {
	if d.db == nil {
		return nil
	}
	db, ctx, seq := d.db, d.ctx, d.seq
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		return paperMsg{seq: seq, p: p, err: err}
	}
}

// reload loads the shown paper again (after an edit).
func (d *detailPane) reload() tea.Cmd {
	if d.paper == nil {
		return nil
	}
	d.seq++
	return d.load(d.paper.ID)
}

func (d *detailPane) onPaper(msg paperMsg) tea.Cmd {
	if msg.seq != d.seq {
		return nil
	}
	if msg.err != nil {
		d.err = msg.err
		d.paper = nil
		d.absKey, d.abs, d.absDone = markdown.Key{}, "", false
		d.vp.SetContent("")
		return nil
	}
	sameID := d.paper != nil && d.paper.ID == msg.p.ID
	p := msg.p
	d.paper, d.err = &p, nil
	d.wantID = p.ID
	cmd := d.layout()
	if !sameID {
		d.vp.GotoTop()
		d.linkSel = 0
	}
	// The similar papers are looked for once the abstract is on screen:
	// the first search of a process reads the library's sample, which
	// would otherwise share the CPU with the first frame.
	var similar tea.Cmd
	if d.absDone {
		similar = d.wantSimilar()
	}
	return tea.Batch(cmd, d.wantLinks(), similar)
}

func (d *detailPane) onRendered(msg renderedMsg) tea.Cmd {
	if msg.key != d.absKey || msg.rend != d.rend || d.paper == nil {
		return nil
	}
	d.abs, d.absDone = msg.out, true
	if msg.err != nil {
		d.abs = safetext.Screen(d.paper.Abstract)
	}
	d.refill()
	return d.wantSimilar()
}

// refill lays the text out again, keeping the scroll position.
func (d *detailPane) refill() {
	off := d.vp.YOffset
	d.vp.SetContent(d.content())
	d.vp.SetYOffset(off)
}

// resize sizes the viewport for the layout and lays the text out again
// when the width changed.
func (d *detailPane) resize(w, h int) tea.Cmd {
	d.paneW, d.height = w, h
	d.vp.Width, d.vp.Height = w, h
	if d.paper != nil && d.contentWidth() != d.width {
		return d.layout()
	}
	return nil
}

// now is the reader's present (Options.Now), which tests may move.
func (d *detailPane) now() time.Time {
	if d.clock == nil {
		return time.Now()
	}
	return d.clock()
}

func (d *detailPane) contentWidth() int { return max(d.paneW-2, 10) }

// layout builds the detail text for the current width; the abstract comes
// from the render cache or from a render command.
func (d *detailPane) layout() tea.Cmd {
	if d.paper == nil {
		return nil
	}
	d.vp.Width, d.vp.Height = d.paneW, d.height
	d.width = d.contentWidth()
	k := d.rend.Key(d.paper.ID, d.width, d.paper.Abstract)
	var cmd tea.Cmd
	if k != d.absKey || !d.absDone {
		d.absKey = k
		if s, ok := d.rend.Cached(k); ok {
			d.abs, d.absDone = s, true
		} else {
			d.abs, d.absDone = "", false
			rend, abstract := d.rend, d.paper.Abstract
			cmd = func() tea.Msg {
				out, err := rend.Render(k, abstract)
				return renderedMsg{key: k, rend: rend, out: out, err: err}
			}
		}
	}
	d.refill()
	return cmd
}

// mark shows a star or read mark at once, before the store has it.
func (d *detailPane) mark(id string, star, on bool) {
	p := d.paper
	if p == nil || p.ID != id {
		return
	}
	cp := *p
	if star {
		cp.Starred = on
	} else {
		cp.Read = on
	}
	d.paper = &cp
	d.refill()
}

// marked is the paper's star or read mark when it is on show.
func (d *detailPane) marked(id string, star bool) (on, ok bool) {
	p := d.paper
	if p == nil || p.ID != id {
		return false, false
	}
	if star {
		return p.Starred, true
	}
	return p.Read, true
}

// content is the paper as text laid out for the detail width.
func (d *detailPane) content() string {
	p := d.paper
	w := d.width
	st := d.st
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
	// linkField is a link on one line, never wrapped: the text (the URL
	// itself unless given) is cut to the pane; rest comes after it, or on
	// the next line when both do not fit.
	linkField := func(label, raw, text, rest string) {
		if raw == "" && text == "" {
			return
		}
		if text == "" {
			text = safetext.ScreenLine(raw)
		}
		avail := max(w-13, 1)
		after := ""
		if rest != "" && ansi.StringWidth(text)+ansi.StringWidth(rest) > avail {
			after, rest = strings.TrimLeft(ansi.Strip(rest), " "), ""
		}
		line(st.Label.Render(pad(label, 13)) + link(linkURL(raw), text, avail-ansi.StringWidth(rest), st.Link) + rest)
		if after != "" {
			line(strings.Repeat(" ", 13) + st.Dim.Render(oneLine(after, avail)))
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
	section := export.SectionRecord
	line("")
	for _, f := range export.Fields(*p) {
		if f.Section != section {
			section = f.Section
			line("")
			line(st.Section.Render(section))
		}
		v := f.Value
		rest := ""
		if f.Note != "" {
			rest = st.Dim.Render(" " + f.Note)
		}
		switch {
		case f.Text:
			line(wrap(v, w))
		case f.Section == export.SectionYours && v == "":
			field(f.Label, st.Dim.Render(map[string]string{"Tags": "none (t to add)", "Note": "none (n to write one)"}[f.Label]))
		case f.URL != "" && strings.HasPrefix(v, f.URL):
			// The URL is the value: one line, what follows it after.
			if after := strings.TrimPrefix(v, f.URL); after != "" {
				rest = st.Dim.Render(after) + rest
			}
			linkField(f.Label, f.URL, f.URL, rest)
		case f.URL != "":
			// Text that links somewhere (a journal to its DOI) wraps,
			// each line its own link.
			for i, l := range strings.Split(wrap(v, w-13), "\n") {
				label := ""
				if i == 0 {
					label = f.Label
				}
				linkField(label, f.URL, l, "")
			}
		default:
			field(f.Label, v+rest)
			if f.Label == "Votes" {
				field("Trend", trend(p, d.now(), w-13))
			}
		}
	}
	b.WriteString(linkSections(p, w, st, d.linkSel))
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
	b.WriteString("\n" + d.similarSection(w))
	return b.String()
}

// update handles the detail's own keys: scrolling; going back and on come
// back as intents.
func (d *detailPane) update(msg tea.KeyMsg) intent {
	k := d.keys
	vp := &d.vp
	switch {
	case keyMatches(msg, k.Back):
		return intent{kind: intentClose}
	case keyMatches(msg, k.Focus):
		return intent{kind: intentNextPane}
	case keyMatches(msg, k.Up):
		vp.ScrollUp(1)
	case keyMatches(msg, k.Down):
		vp.ScrollDown(1)
	case keyMatches(msg, k.PageUp):
		vp.PageUp()
	case keyMatches(msg, k.PageDown), keyMatches(msg, k.DetailPage):
		vp.PageDown()
	case keyMatches(msg, k.Top):
		vp.GotoTop()
	case keyMatches(msg, k.Bottom):
		vp.GotoBottom()
	case keyMatches(msg, k.Open):
		return intent{kind: intentOpen}
	case keyMatches(msg, k.NextLink), keyMatches(msg, k.OpenLink):
		return d.linkKey(msg)
	}
	return intent{}
}

// scroll moves the text by lines (the mouse wheel).
func (d *detailPane) scroll(lines int) {
	if lines < 0 {
		d.vp.ScrollUp(-lines)
	} else {
		d.vp.ScrollDown(lines)
	}
}

// view draws the detail pane; empty says the listing is known to hold no
// papers, and rows is how many the list has so far (with none, the pane
// stays blank rather than saying it is loading).
func (d *detailPane) view(w, h int, empty bool, rows int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var s string
	switch {
	case empty:
		s = "" // nothing matches: nothing to show
	case d.err != nil:
		s = "\n " + d.st.Hint.Render(fit(d.err.Error(), w-2))
	case d.paper == nil:
		s = "\n " + d.st.Dim.Render("Loading…")
		if rows == 0 {
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
