package ui

// Where a key goes: the root hands each key to whoever has the keyboard.

import (
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// key takes a key from the terminal.
func (m Model) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if f := m.focus(); msg.Alt && (f == focusSearch || f == focusEdit || f == focusFilter) &&
		(msg.String() == "alt+b" || msg.String() == "alt+f" || msg.String() == "alt+d") {
		return m.handleKey(msg) // by words, in a text input (macOS sends these for option+arrows)
	}
	if msg.Type == tea.KeyRunes && (len(msg.Runes) > 1 || msg.Alt) && !msg.Paste {
		return m.typeAhead(msg)
	}
	return m.handleKey(msg)
}

// keySeq takes several keys in turn, each applying to the state the one
// before it left.
func (m Model) keySeq(msgs []tea.KeyMsg) (tea.Model, tea.Cmd) {
	var mm tea.Model = m
	cmds := make([]tea.Cmd, 0, len(msgs))
	for _, k := range msgs {
		var cmd tea.Cmd
		mm, cmd = mm.(Model).key(k)
		cmds = append(cmds, cmd)
	}
	return mm, tea.Batch(cmds...)
}

// typeAhead handles runes that arrived together: keys typed faster than
// the terminal was read ("/dancegrpo" typed at once, or keys sent by a
// script) come as one message. Each applies in turn, to the state the
// one before it left, as if they had come one by one.
//
// The reader binds no alt+ keys: an alt+key is esc and a key typed at
// once (that is what a terminal sends for both), so it is taken as such.
func (m Model) typeAhead(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	var mm tea.Model = m
	cmds := make([]tea.Cmd, 0, len(msg.Runes)+1)
	if msg.Alt {
		var cmd tea.Cmd
		mm, cmd = mm.(Model).handleKey(tea.KeyMsg{Type: tea.KeyEsc})
		cmds = append(cmds, cmd)
	}
	for _, r := range msg.Runes {
		var cmd tea.Cmd
		mm, cmd = mm.(Model).handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		cmds = append(cmds, cmd)
	}
	return mm, tea.Batch(cmds...)
}

// handleKey takes a key: at once, or after the keys waiting for a row.
func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if keyMatches(msg, k.ForceQuit) {
		return m, m.quit()
	}
	if m.shouldHold(msg) {
		return m, m.hold(msg)
	}
	return m.route(msg)
}

// route gives a key to whoever has the keyboard: the help, a prompt, the
// filter pane; else the keys shared by the list and the detail, else the
// list's or the detail's own.
func (m Model) route(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch m.focus() {
	case focusSearch:
		it, cmd := m.search.update(msg)
		m2, cmd2 := m.apply(it, focusSearch)
		return m2, tea.Batch(cmd, cmd2)
	case focusEdit:
		it, cmd := m.edit.update(msg)
		m2, cmd2 := m.apply(it, focusEdit)
		return m2, tea.Batch(cmd, cmd2)
	case focusFilter:
		return m.filterKey(msg)
	case focusReading:
		return m.readingKey(msg)
	}
	if m.layout == layoutHelp {
		switch {
		case keyMatches(msg, k.Quit):
			return m, m.quit()
		case keyMatches(msg, k.Help), keyMatches(msg, k.Back):
			m.layout = m.beforeHelp
		case keyMatches(msg, k.Up):
			m.helpTop--
		case keyMatches(msg, k.Down):
			m.helpTop++
		case keyMatches(msg, k.PageUp):
			m.helpTop -= m.geo().bodyHeight()
		case keyMatches(msg, k.PageDown), keyMatches(msg, k.DetailPage):
			m.helpTop += m.geo().bodyHeight()
		case keyMatches(msg, k.Top):
			m.helpTop = 0
		case keyMatches(msg, k.Bottom):
			m.helpTop = math.MaxInt32
		}
		// As far as the last line, no further.
		bh := m.geo().bodyHeight()
		n := strings.Count(helpView(m.st, m.help, m.keys, m.width, math.MaxInt32, 0), "\n")
		m.helpTop = min(max(m.helpTop, 0), max(n-(bh-1), 0))
		return m, nil
	}
	if m2, cmd, ok := m.sharedKey(msg); ok {
		return m2, cmd
	}
	if m.layout == layoutDetail {
		return m.apply(m.detail.update(msg), focusDetail)
	}
	it, cmd := m.list.update(msg)
	m2, cmd2 := m.apply(it, focusList)
	return m2, tea.Batch(cmd, cmd2)
}

// A key that acts on the paper under the cursor ("R" typed right after a
// search's enter, "s" after "G") can come before that paper's row does:
// the new listing's window is still on its way. Such a key waits for the
// row, and the keys typed after it wait behind it, so each still applies
// to the state the one before it left. Quitting never waits, and no key
// waits longer than holdLimit.
const (
	holdLimit = 3 * time.Second
	maxHeld   = 64
)

type holdExpiredMsg struct{ seq int }

// shouldHold reports whether msg must wait for the row under the cursor.
func (m *Model) shouldHold(msg tea.KeyMsg) bool {
	k := m.keys
	if keyMatches(msg, k.Quit) && m.focus() != focusSearch && m.focus() != focusEdit {
		return false
	}
	if len(m.held) > 0 {
		return true
	}
	if f := m.focus(); f != focusList && (f != focusDetail || m.detail.showing() != nil) {
		return false
	}
	if keyMatches(msg, k.Bottom) && !m.list.counted() {
		return true // the last row is not known before the count
	}
	return m.list.pending() && keyMatches(msg, k.Open, k.Star, k.ToggleRead, k.Tags, k.Note,
		k.OpenHF, k.OpenArxiv, k.OpenPDF, k.CopyURL, k.CopyBibTeX, k.Zotero, k.Read, k.MoreLike, k.Dismiss)
}

// heldWaiting reports that the held keys' first still has to wait: its
// row is on its way, or it is G and the count is.
func (m *Model) heldWaiting() bool {
	if m.list.pending() {
		return true
	}
	return len(m.held) > 0 && keyMatches(m.held[0], m.keys.Bottom) && !m.list.counted()
}

// hold keeps msg until the row comes; the first held key starts the clock.
func (m *Model) hold(msg tea.KeyMsg) tea.Cmd {
	if len(m.held) >= maxHeld {
		return nil // a key held down while nothing comes: enough are kept
	}
	m.held = append(m.held, msg)
	if len(m.held) > 1 {
		return nil
	}
	m.holdSeq++
	seq := m.holdSeq
	return tea.Tick(holdLimit, func(time.Time) tea.Msg { return holdExpiredMsg{seq: seq} })
}

// releaseKeys applies the held keys once the row has come (or the wait
// ran out: then they apply to whatever is there). A key that finds its
// row on its way again holds itself and the rest once more.
func (m Model) releaseKeys(expired bool) (tea.Model, tea.Cmd) {
	if len(m.held) == 0 || (!expired && m.heldWaiting()) {
		return m, nil
	}
	keys := m.held
	m.held = nil
	var mm tea.Model = m
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, msg := range keys {
		var cmd tea.Cmd
		if expired {
			mm, cmd = mm.(Model).route(msg) // past the wait, nothing waits again
		} else {
			mm, cmd = mm.(Model).handleKey(msg)
		}
		cmds = append(cmds, cmd)
	}
	return mm, tea.Batch(cmds...)
}

// withReleased is Update's answer after the list changed: cmd, and the
// held keys if their row is there now.
func (m Model) withReleased(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	next, released := m.releaseKeys(false)
	return next, tea.Batch(cmd, released)
}

// filterKey gives a key to the filter pane.
func (m Model) filterKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	it, cmd := m.filter.update(msg)
	m2, cmd2 := m.apply(it, focusFilter)
	return m2, tea.Batch(cmd, cmd2)
}

// sharedKey handles the keys the list and the detail share; ok is false
// for a key that is neither's.
func (m Model) sharedKey(msg tea.KeyMsg) (tea.Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case keyMatches(msg, k.Quit):
		return m, m.quit(), true
	case keyMatches(msg, k.Help):
		m.beforeHelp, m.layout, m.helpTop = m.layout, layoutHelp, 0
		return m, nil, true
	case keyMatches(msg, k.Filter):
		m2, cmd := m.openFilter()
		return m2, cmd, true
	case keyMatches(msg, k.Search):
		m2, cmd := m.openSearch()
		return m2, cmd, true
	case keyMatches(msg, k.Sort):
		m.show.sort = nextSort(m.show.sort, !m.show.query.Empty())
		return m, m.requery(false), true
	case keyMatches(msg, k.StarredOnly):
		m.show.toggleStarred()
		return m, m.requery(false), true
	case keyMatches(msg, k.Star):
		m2, cmd := m.toggleStar()
		return m2, cmd, true
	case keyMatches(msg, k.ToggleRead):
		if id := m.currentID(); id != "" {
			return m, m.setRead(id, !m.isMarked(id, false)), true
		}
		return m, nil, true
	case keyMatches(msg, k.Tags):
		return m, m.openEdit(promptTags), true
	case keyMatches(msg, k.Note):
		return m, m.openEdit(promptNote), true
	case keyMatches(msg, k.OpenHF), keyMatches(msg, k.OpenArxiv), keyMatches(msg, k.OpenPDF),
		keyMatches(msg, k.CopyURL), keyMatches(msg, k.CopyBibTeX):
		return m, m.linkKey(msg), true
	case keyMatches(msg, k.Zotero):
		id := m.currentID()
		switch {
		case id == "":
			return m, nil, true
		case m.opts.AddToZotero == nil:
			return m, m.status.setFlash("Zotero is not set up: see paperboy help zotero", statusInfo), true
		}
		add, ctx := m.opts.AddToZotero, m.ctx
		return m, tea.Batch(m.status.setFlash("adding "+id+" to Zotero…", statusInfo), func() tea.Msg {
			said, err := add(ctx, id)
			return zoteroMsg{id: id, said: said, err: err}
		}), true
	case keyMatches(msg, k.Export):
		return m, m.openEdit(promptExport), true
	case keyMatches(msg, k.Read):
		return m, m.openReading(m.currentID()), true
	case keyMatches(msg, k.MoreLike):
		m2, cmd := m.moreLikeThis()
		return m2, cmd, true
	case keyMatches(msg, k.Dismiss):
		m2, cmd := m.toggleDismissed()
		return m2, cmd, true
	case keyMatches(msg, k.Sync):
		if m.status.syncing {
			return m, m.status.setFlash("already syncing", statusInfo), true
		}
		if m.opts.Sync == nil {
			return m, m.status.setFlash("syncing is turned off", statusInfo), true
		}
		return m, m.startSync(), true
	}
	return m, nil, false
}

func keyMatches(msg tea.KeyMsg, b ...key.Binding) bool { return key.Matches(msg, b...) }
