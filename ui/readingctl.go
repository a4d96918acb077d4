package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// The reading view, as the root drives it: opening a paper's text
// (downloading it first when needed), keeping the reading position, and
// following its references into the library.

// readOpenMsg brings the paper to read and whether its text is stored.
type readOpenMsg struct {
	seq int
	p   store.Paper
	has bool
	err error
}

// refReadyMsg says the paper of a reference is stored (fetched if it had
// to be), and what to do with it.
type refReadyMsg struct {
	id   string
	do   intentKind
	from string // the paper being read when the reference was chosen
	err  error
}

// openReading starts reading a paper: the view opens at once and fills
// when the text is read, or downloaded.
func (m *Model) openReading(id string) tea.Cmd {
	if id == "" || m.db == nil {
		return nil
	}
	if m.layout != layoutReading {
		m.readFrom = m.layout
	}
	if m.layout == layoutReading {
		m.reading.save(m.db, m.writes, m.now())
	}
	m.layout = layoutReading
	seq := m.reading.open(id)
	db, ctx := m.db, m.ctx
	return tea.Batch(m.relayout(), func() tea.Msg {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return readOpenMsg{seq: seq, p: store.Paper{ID: id}, err: err}
		}
		has, err := db.HasText(ctx, id)
		return readOpenMsg{seq: seq, p: p, has: has, err: err}
	})
}

func (m Model) onReadOpen(msg readOpenMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.reading.seq {
		return m, nil // another paper was opened since
	}
	m.reading.setPaper(msg.p)
	switch {
	case msg.err != nil:
		m.reading.fail(msg.err)
		return m, nil
	case msg.has:
		return m, textCmd(m.ctx, m.db, msg.p.ID)
	case m.opts.FetchText == nil:
		m.reading.fail(fmt.Errorf("no downloaded text for %s", msg.p.ID))
		return m, nil
	}
	return m, tea.Batch(m.reading.download(), fetchTextCmd(m.ctx, m.db, m.opts.FetchText, msg.p.ID, false))
}

// fetchTextCmd downloads a text in the background; quiet is for the
// download a star starts, which skips a text already stored and only
// speaks when it is done.
func fetchTextCmd(ctx context.Context, db *store.DB, fetch func(context.Context, string) error, id string, quiet bool) tea.Cmd {
	return func() tea.Msg {
		if has, err := db.HasText(ctx, id); quiet && (err != nil || has) {
			return nil
		}
		return textFetchedMsg{id: id, quiet: quiet, err: fetch(ctx, id)}
	}
}

func (m Model) onTextFetched(msg textFetchedMsg) (tea.Model, tea.Cmd) {
	// The reading view waits for it, whether on screen or under the help.
	reading := m.reading.id == msg.id && m.reading.loading
	switch {
	case msg.err != nil && reading:
		err := msg.err
		if m.opts.IsOffline != nil && m.opts.IsOffline(msg.err) {
			err = fmt.Errorf("offline: the text of %s is not downloaded yet", msg.id)
		}
		m.reading.fail(err)
		return m, m.status.setFlash(err.Error(), statusError)
	case msg.err != nil:
		return m, nil // a star's download: the star is what counts
	case reading:
		return m, textCmd(m.ctx, m.db, msg.id)
	case msg.quiet:
		return m, m.status.setFlash("text of "+msg.id+" saved for reading offline", statusOK)
	}
	return m, nil
}

// closeReading goes back to where the reading started.
func (m *Model) closeReading() tea.Cmd {
	m.reading.save(m.db, m.writes, m.now())
	m.layout = m.readFrom
	if m.layout == layoutReading {
		m.layout = layoutList
	}
	return m.relayout()
}

// readingKey gives a key to the reading view; the keys it does not know
// that act on the paper (star, tags, links, quit, help) work as in the
// list.
func (m Model) readingKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	mine := []key.Binding{k.Back, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.DetailPage,
		k.ScrollLeft, k.ScrollRight, k.SectionPrev, k.SectionNext, k.Outline, k.References, k.CiteNext, k.CitePrev, k.Search, k.FindNext, k.FindPrev}
	if m.reading.citing {
		mine = append(mine, k.Open) // enter: the chosen marker's entry
	}
	switch m.reading.overlay {
	case overlayOutline:
		mine = []key.Binding{k.Back, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, k.Outline}
	case overlayRefs:
		// s and R act on the reference under the cursor, not the paper.
		mine = []key.Binding{k.Back, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, k.References, k.Star, k.Read}
	}
	own := false
	for _, b := range mine {
		own = own || keyMatches(msg, b)
	}
	if !own {
		switch {
		case keyMatches(msg, k.Quit), keyMatches(msg, k.Help), keyMatches(msg, k.Star), keyMatches(msg, k.ToggleRead),
			keyMatches(msg, k.Tags), keyMatches(msg, k.OpenHF), keyMatches(msg, k.OpenArxiv), keyMatches(msg, k.OpenPDF),
			keyMatches(msg, k.CopyURL), keyMatches(msg, k.CopyBibTeX):
			m2, cmd, _ := m.sharedKey(msg)
			return m2, cmd
		}
		return m, nil
	}
	it, cmd := m.reading.update(msg)
	m2, cmd2 := m.apply(it, focusReading)
	return m2, tea.Batch(cmd, cmd2)
}

// refCmd makes sure a reference's paper is in the library, fetching and
// storing it when it is not, before the reader acts on it.
func refCmd(ctx context.Context, db *store.DB, fetch func(context.Context, []string) error, id string, do intentKind, from string) tea.Cmd {
	return func() tea.Msg {
		have, err := db.HasPaper(ctx, id)
		if err == nil && !have {
			if fetch == nil {
				err = fmt.Errorf("%s is not in the library", id)
			} else {
				err = fetch(ctx, []string{id})
			}
		}
		return refReadyMsg{id: id, do: do, from: from, err: err}
	}
}

func (m Model) onRefReady(msg refReadyMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		text := msg.err.Error()
		if m.opts.IsOffline != nil && m.opts.IsOffline(msg.err) {
			text = "offline: " + msg.id + " is not in the library yet"
		}
		return m, m.status.setFlash(text, statusError)
	}
	if msg.do != intentStarRef && (m.layout != layoutReading || m.reading.id != msg.from) {
		return m, nil // the reader has moved on: opening it now would surprise
	}
	switch msg.do {
	case intentStarRef:
		db, id := m.db, msg.id
		return m, m.writes.do(func(ctx context.Context) tea.Msg {
			if err := db.SetStarred(ctx, id, true); err != nil {
				return userStateMsg{id: id, star: true, on: true, err: err}
			}
			n, err := db.StarCount(ctx)
			return userStateMsg{id: id, star: true, on: true, stars: n, err: err}
		})
	case intentReadRef:
		return m, m.openReading(msg.id)
	}
	// Open its detail; esc comes back to the text.
	m.reading.save(m.db, m.writes, m.now())
	m.detailFrom, m.layout = layoutReading, layoutDetail
	m.detail.want(msg.id)
	g := m.geo()
	return m, tea.Batch(m.detail.load(msg.id), m.detail.resize(g.detailWidth(), g.bodyHeight()))
}
