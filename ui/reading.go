package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
	"github.com/paperboy-reader/paperboy/ui/markdown"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

// readingPane is the paper's full text, full screen: rendered by Glamour
// at the terminal's width in a command, scrolled by line, with its
// outline, its references and a search of its own. The position is kept
// as the index of the block at the top of the screen, so it survives a
// change of width.
type readingPane struct {
	keys  KeyMap
	st    styles
	style theme.Style

	id, title, authors string
	seq                int  // which open the replies answer
	starred, read      bool // the paper's marks
	md                 string
	blocks             []int // byte offsets of the text's blocks (textdoc.Blocks)
	heads              []textdoc.Heading
	headBlock          []int // the block each heading starts
	refs               []textdoc.Reference
	cites              []textdoc.Citation
	cite               int // the chosen citation marker, while citing
	citing             bool
	citeLine           int // where it is laid out: the line, -1 when not found
	citeFrom, citeTo   int // and its bytes in the unstyled line

	width, height int
	gen           int      // render generation: replies to older ones are dropped
	lines         []string // rendered at width
	plain         []string // the same, unstyled, for search and markers
	starts        []int    // first line of each block
	rendered      bool
	top, left     int
	wantBlock     int // the block to put at the top once rendered

	loading     bool // the text is being read or downloaded
	downloading bool
	spin        spinner.Model
	err         error

	find    string // the search, lower case
	findRE  *regexp.Regexp
	matches []int // lines that hold it
	match   int   // the current one

	overlay       overlayKind
	overlayCursor int
	overlayTop    int
}

type overlayKind int

const (
	overlayNone overlayKind = iota
	overlayOutline
	overlayRefs
)

// textMsg brings a stored text and the reading position kept for it.
type textMsg struct {
	id  string
	doc textDoc
	pos store.ReadingPosition
	err error
}

// textDoc is a text made ready to lay out: cleaned, its nesting capped,
// its structure read (in the command that reads it, not in Update).
type textDoc struct {
	md     string
	blocks []int
	heads  []textdoc.Heading
	refs   []textdoc.Reference
	cites  []textdoc.Citation
}

func newTextDoc(markdown string) textDoc {
	// The store keeps only clean text, but what reaches the screen is
	// cleaned again, and nesting is capped so no text recurses Glamour
	// ten thousand levels deep.
	md := flattenNesting(safetext.Text(markdown))
	return textDoc{md: md, blocks: textdoc.Blocks(md), heads: textdoc.Outline(md),
		refs: textdoc.References(md), cites: textdoc.Citations(md)}
}

// textRenderedMsg is a text laid out for a width.
type textRenderedMsg struct {
	gen    int
	lines  []string
	plain  []string // the lines unstyled
	starts []int
	err    error
}

// textFetchedMsg says a download ended (err nil: the text is stored).
type textFetchedMsg struct {
	id    string
	quiet bool // a star's download, not one the user waits for
	err   error
}

func newReadingPane(keys KeyMap, st styles, style theme.Style) readingPane {
	return readingPane{keys: keys, st: st, style: style, spin: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// download says the text is being downloaded; the spinner turns meanwhile.
func (r *readingPane) download() tea.Cmd {
	r.downloading = true
	return r.spin.Tick
}

// tick turns the spinner while a download runs.
func (r *readingPane) tick(msg spinner.TickMsg) tea.Cmd {
	if !r.loading || !r.downloading {
		return nil
	}
	var cmd tea.Cmd
	r.spin, cmd = r.spin.Update(msg)
	return cmd
}

// open starts reading a paper, at once: its record and text come later
// (setPaper, setText), and replies for a paper opened before are dropped
// by the sequence number it returns.
func (r *readingPane) open(id string) int {
	*r = readingPane{keys: r.keys, st: r.st, style: r.style, spin: r.spin, width: r.width, height: r.height,
		gen: r.gen + 1, seq: r.seq + 1}
	r.id, r.title, r.loading = id, id, true
	return r.seq
}

// setPaper takes the paper's record: its title and authors for the
// status line, its marks for the keys that toggle them.
func (r *readingPane) setPaper(p store.Paper) {
	r.title = safetext.ScreenLine(p.Title)
	if r.title == "" {
		r.title = r.id
	}
	r.starred, r.read = p.Starred, p.Read
	authors := make([]string, 0, len(p.Authors))
	for _, a := range p.Authors {
		authors = append(authors, safetext.ScreenLine(a))
	}
	if len(authors) > 3 {
		authors = append(authors[:3:3], "et al.")
	}
	r.authors = strings.Join(authors, ", ")
}

// fail ends the loading with the line to show instead of the text.
func (r *readingPane) fail(err error) {
	r.loading, r.err = false, err
}

// scroll moves the text by lines (the mouse wheel).
func (r *readingPane) scroll(lines int) {
	r.top += lines
	r.clamp()
}

// mark shows a star or read mark at once; marked answers for the paper
// being read, which the list may not hold.
func (r *readingPane) mark(id string, star, on bool) {
	if id != r.id {
		return
	}
	if star {
		r.starred = on
	} else {
		r.read = on
	}
}

func (r *readingPane) marked(id string, star bool) (on, ok bool) {
	if id != r.id || r.id == "" {
		return false, false
	}
	if star {
		return r.starred, true
	}
	return r.read, true
}

// setText takes the text and starts rendering it.
func (r *readingPane) setText(msg textMsg) tea.Cmd {
	if msg.id != r.id {
		return nil
	}
	r.loading = false
	if msg.err != nil {
		r.err = msg.err
		return nil
	}
	r.md, r.blocks, r.heads, r.refs, r.cites = msg.doc.md, msg.doc.blocks, msg.doc.heads, msg.doc.refs, msg.doc.cites
	r.cite, r.citing = 0, false // a marker of the text this one replaces
	r.headBlock = make([]int, len(r.heads))
	for i, h := range r.heads {
		r.headBlock[i] = r.blockAt(h.Offset)
	}
	r.wantBlock = min(max(msg.pos.Block, 0), max(len(r.blocks)-1, 0))
	return r.render()
}

// blockAt is the block holding a byte offset of the text.
func (r *readingPane) blockAt(off int) int {
	lo, hi := 0, len(r.blocks)
	for lo < hi {
		mid := (lo + hi) / 2
		if r.blocks[mid] <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return max(lo-1, 0)
}

// render lays the text out for the width in a command.
func (r *readingPane) render() tea.Cmd {
	if r.md == "" || r.width <= 0 {
		return nil
	}
	r.gen++
	gen, style, md, blocks, width := r.gen, r.style, r.md, r.blocks, r.width
	return func() tea.Msg {
		lines, starts, err := markdown.Text(style, md, blocks, width)
		plain := make([]string, len(lines))
		for i, l := range lines {
			plain[i] = ansi.Strip(l)
		}
		return textRenderedMsg{gen: gen, lines: lines, plain: plain, starts: starts, err: err}
	}
}

func (r *readingPane) onRendered(msg textRenderedMsg) {
	if msg.gen != r.gen {
		return
	}
	if msg.err != nil {
		r.err = msg.err
		return
	}
	r.lines, r.plain, r.starts, r.rendered = msg.lines, msg.plain, msg.starts, true
	if r.wantBlock < len(r.starts) {
		r.top = r.starts[r.wantBlock]
	}
	r.clamp()
	r.refind()
	r.locateCite()
}

// resize keeps the block at the top and lays the text out again.
func (r *readingPane) resize(w, h int) tea.Cmd {
	changed := w != r.width
	r.width, r.height = w, h
	if !changed {
		r.clamp()
		return nil
	}
	r.wantBlock = r.block()
	return r.render()
}

// block is the index of the block at the top of the screen: the position
// kept for the paper.
func (r *readingPane) block() int {
	if !r.rendered {
		return r.wantBlock
	}
	b := 0
	for i, s := range r.starts {
		if s > r.top {
			break
		}
		b = i
	}
	return b
}

// textRows is how many lines of text fit: the pane less its title line.
func (r *readingPane) textRows() int { return max(r.height-1, 1) }

func (r *readingPane) clamp() {
	r.top = min(r.top, max(len(r.lines)-r.textRows(), 0))
	r.top = max(r.top, 0)
	r.left = max(r.left, 0)
}

// section is the heading the top of the screen lies under.
func (r *readingPane) section() string {
	b := r.block()
	name := ""
	for i, hb := range r.headBlock {
		if hb > b {
			break
		}
		if r.heads[i].Level > 1 {
			name = safetext.ScreenLine(r.heads[i].Title)
		}
	}
	return name
}

// progress is "§ Method · 42%" for the status line.
func (r *readingPane) progress() string {
	pct := 100
	if n := len(r.lines) - r.textRows(); n > 0 {
		pct = r.top * 100 / n
	}
	if s := r.section(); s != "" {
		return fmt.Sprintf("§ %s · %d%%", s, pct)
	}
	return fmt.Sprintf("%d%%", pct)
}

// update handles the reading view's keys; going back and what concerns
// other panes come back as intents.
func (r *readingPane) update(msg tea.KeyMsg) (intent, tea.Cmd) {
	if r.overlay != overlayNone {
		return r.updateOverlay(msg)
	}
	k := r.keys
	page := r.textRows()
	switch {
	case keyMatches(msg, k.Back):
		if r.find != "" {
			r.find, r.matches = "", nil
			return intent{}, nil
		}
		if r.citing {
			r.citing = false
			return intent{}, nil
		}
		return intent{kind: intentClose}, nil
	case keyMatches(msg, k.Up):
		r.top--
	case keyMatches(msg, k.Down):
		r.top++
	case keyMatches(msg, k.PageUp):
		r.top -= page
	case keyMatches(msg, k.PageDown), keyMatches(msg, k.DetailPage):
		r.top += page
	case keyMatches(msg, k.Top):
		r.top = 0
	case keyMatches(msg, k.Bottom):
		r.top = len(r.lines)
	case keyMatches(msg, k.ScrollLeft):
		r.left -= max(r.width/4, 1)
	case keyMatches(msg, k.ScrollRight):
		r.left += max(r.width/4, 1)
	case keyMatches(msg, k.SectionNext):
		r.jumpSection(1)
	case keyMatches(msg, k.SectionPrev):
		r.jumpSection(-1)
	case keyMatches(msg, k.Outline):
		if len(r.heads) > 0 {
			r.overlay, r.overlayCursor = overlayOutline, r.currentHead()
			r.overlayTop = scrollInto(r.overlayCursor, 0, r.overlayRows())
		}
	case keyMatches(msg, k.CiteNext):
		r.nextCite(1)
		return intent{}, nil
	case keyMatches(msg, k.CitePrev):
		r.nextCite(-1)
		return intent{}, nil
	case keyMatches(msg, k.References), keyMatches(msg, k.Open) && r.citing:
		if len(r.refs) > 0 {
			r.overlay, r.overlayCursor = overlayRefs, r.citedEntry()
			r.overlayTop = scrollInto(r.overlayCursor, 0, r.overlayRows())
		}
	case keyMatches(msg, k.Search):
		return intent{kind: intentFind}, nil
	case keyMatches(msg, k.FindNext):
		r.nextMatch(1)
	case keyMatches(msg, k.FindPrev):
		r.nextMatch(-1)
	}
	r.clamp()
	return intent{}, nil
}

// jumpSection puts the next (dir 1) or previous (-1) heading at the top.
func (r *readingPane) jumpSection(dir int) {
	if !r.rendered {
		return
	}
	if dir > 0 {
		for _, hb := range r.headBlock {
			if l := r.starts[hb]; l > r.top {
				r.top = l
				return
			}
		}
		return
	}
	for i := len(r.headBlock) - 1; i >= 0; i-- {
		if l := r.starts[r.headBlock[i]]; l < r.top {
			r.top = l
			return
		}
	}
	r.top = 0
}

// view draws the pane: a title line, then the text or the overlay.
func (r *readingPane) view(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	head := r.st.Title.Render(fit(" "+r.title, w))
	var body string
	switch {
	case r.err != nil:
		body = "\n " + r.st.Hint.Render(fit(safetext.ScreenLine(r.err.Error()), w-2))
	case r.loading && r.downloading:
		body = "\n " + fit(r.spin.View()+" "+r.st.Dim.Render("downloading the text of "+r.id+"…"), w-2)
	case r.loading:
		body = "\n " + r.st.Dim.Render(fit("Reading the text…", w-2))
	case !r.rendered:
		body = "\n " + r.st.Dim.Render(fit("Laying out the text…", w-2))
	case r.overlay == overlayOutline:
		body = r.outlineView(w, h-1)
	case r.overlay == overlayRefs:
		body = r.refsView(w, h-1)
	default:
		body = r.textView(w, h-1)
	}
	return block(head+"\n"+body, w, h)
}

// textView is the visible lines, cut to the width (wide tables scroll
// sideways) with the search's matches highlighted.
func (r *readingPane) textView(w, h int) string {
	out := make([]string, 0, h)
	for i := r.top; i < len(r.lines) && len(out) < h; i++ {
		line := r.lines[i]
		if r.find != "" && r.isMatch(i) {
			line = r.highlight(r.plain[i])
		}
		line = r.markCite(i, line)
		line = ansi.Cut(line, r.left, r.left+w)
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// textCmd reads a stored text and its reading position.
func textCmd(ctx context.Context, db *store.DB, id string) tea.Cmd {
	return func() tea.Msg {
		t, err := db.Text(ctx, id)
		if err != nil {
			return textMsg{id: id, err: err}
		}
		pos, _, err := db.ReadingPosition(ctx, id)
		return textMsg{id: id, doc: newTextDoc(t.Markdown), pos: pos, err: err}
	}
}

// statusLine is what the status line says while the text is on screen:
// the paper and how far into it the reader is.
func (r *readingPane) statusLine() string {
	if r.id == "" {
		return ""
	}
	// Where the reader is comes first: the title is on screen already.
	var parts []string
	if r.rendered {
		parts = append(parts, r.progress())
	}
	if f := r.findStatus(); f != "" {
		parts = append(parts, "find: "+f)
	}
	if c := r.citeStatus(); c != "" {
		parts = append(parts, c)
	}
	parts = append(parts, r.title)
	if r.authors != "" {
		parts = append(parts, r.authors)
	}
	return strings.Join(parts, " · ")
}

// save keeps the block at the top of the screen as the paper's reading
// position: user state, saved in order with the others.
func (r *readingPane) save(db *store.DB, w *writer, now time.Time) {
	if r.id == "" || !r.rendered || db == nil {
		return
	}
	id, pos := r.id, store.ReadingPosition{Block: r.block(), At: now}
	w.do(func(ctx context.Context) tea.Msg {
		if err := db.SetReadingPosition(ctx, id, pos); err != nil {
			return flashMsg{text: err.Error(), kind: statusError}
		}
		return nil
	})
}

// maxNesting is the deepest a line's quote markers and indentation go;
// a real paper never comes near it.
const maxNesting = 16

// flattenNesting caps the quote markers (">") and the indentation at the
// start of each line at maxNesting levels, keeping every word.
func flattenNesting(md string) string {
	if !strings.Contains(md, strings.Repeat(">", maxNesting)) && !strings.Contains(md, strings.Repeat("  ", 2*maxNesting)) {
		return md
	}
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		j, quotes := 0, 0
		for j < len(l) && (l[j] == '>' || l[j] == ' ' || l[j] == '\t') {
			if l[j] == '>' {
				quotes++
			}
			j++
		}
		if quotes > maxNesting || j > 4*maxNesting {
			lines[i] = strings.Repeat("> ", min(quotes, maxNesting)) + l[j:]
		}
	}
	return strings.Join(lines, "\n")
}
