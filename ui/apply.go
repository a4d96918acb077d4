package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// apply carries out what a pane asked for; from is the pane that asked.
// It is the one place where one pane's key changes what another shows.
func (m Model) apply(it intent, from focus) (tea.Model, tea.Cmd) {
	g := m.geo()
	switch it.kind {
	case intentMoved:
		return m, m.followDetail()
	case intentOpen:
		if from == focusDetail {
			if g.wide() {
				m.layout = layoutList
			}
			return m, nil
		}
		return m.openDetail()
	case intentNextPane:
		switch {
		case from == focusList && g.wide():
			m.layout, m.detailFrom = layoutDetail, layoutList
			return m, nil
		case from == focusList, g.wide():
			return m.openFilter()
		}
		m.layout = layoutList
		return m, nil
	case intentClose:
		switch from {
		case focusFilter:
			return m, m.closeFilter()
		case focusReading:
			return m, m.closeReading()
		}
		m.layout, m.detailFrom = m.detailFrom, layoutList
		return m, m.relayout()
	case intentClearSearch:
		if m.show.query != nil || m.search.input.Value() != "" || m.show.view == store.ViewSimilar {
			return m.clearSearch()
		}
	case intentToggleTag:
		m.show.toggleTag(it.tag)
		return m, m.requery(false)
	case intentAnyAll:
		m.show.any = !m.show.any
		m.filter.setShown(m.show)
		m.desc = m.show.describe(m.opts.Views)
		if len(m.show.tags) > 1 {
			return m, m.requery(false)
		}
	case intentView, intentSavedView:
		if it.kind == intentView {
			m.show.view = it.view
			m.show.seed, m.show.likeTitle, m.beforeSimilar = "", "", nil // a view of its own, not the similar papers
		} else if m.show.saved == it.saved {
			m.show.saved = 0
		} else {
			m.show.saved = it.saved
		}
		cmd := m.requery(false)
		if it.close {
			return m, tea.Batch(cmd, m.closeFilter())
		}
		return m, cmd
	case intentSearch:
		if from == focusEdit {
			m.reading.setFind(it.text) // the reading view's own search
			return m, nil
		}
		return m, m.applySearch(it.text)
	case intentFind:
		return m, tea.Batch(m.edit.start(promptFind, m.reading.id, m.reading.find, nil), m.relayout())
	case intentSearchRemote:
		hint, cmd := remoteSearch(m.ctx, m.opts.SearchRemote, it.text)
		m.search.hint = hint
		return m, cmd
	case intentOpenURL:
		return m, m.opts.openURL(it.text)
	case intentOpenRef, intentStarRef, intentReadRef:
		if it.text == "" {
			return m, m.status.setFlash(fmt.Sprintf("reference [%d] names no arXiv paper", it.delta), statusInfo)
		}
		return m, refCmd(m.ctx, m.db, m.opts.FetchPapers, it.text, it.kind, m.reading.id)
	case intentMove, intentMovePage:
		delta := it.delta
		if it.kind == intentMovePage {
			delta *= g.listRows()
		}
		cmd, _ := m.list.move(delta)
		return m, tea.Batch(cmd, m.followDetail())
	case intentAccept:
		if from == focusEdit && m.edit.kind == promptFind {
			m.edit.close()
			return m, m.relayout()
		}
		if from == focusEdit {
			return m.saveEdit(it.text)
		}
		// Keep the results and go back to the list.
		m.search.close()
		if m.search.hint != "" {
			// The list shows the last good query; show its text again.
			m.search.input.SetValue(m.show.text)
			m.search.hint = ""
		}
		return m, m.relayout()
	case intentCancel:
		if from == focusEdit {
			if m.edit.kind == promptFind {
				m.reading.setFind("")
			}
			m.edit.close()
			return m, m.relayout()
		}
		return m.clearSearch()
	}
	return m, nil
}

// openDetail opens the paper under the cursor: full screen on a narrow
// terminal, focused on a wide one. Opening marks it read.
func (m Model) openDetail() (tea.Model, tea.Cmd) {
	it := m.list.current()
	if it == nil {
		return m, nil
	}
	var cmds []tea.Cmd
	if p := m.detail.showing(); p == nil || p.ID != it.ID {
		seq := m.detail.want(it.ID)
		if !it.Read {
			// Mark it read first, so the paper loads with its mark.
			m.markLocal(it.ID, false, true)
			// In order with the other marks, and saved before the reader
			// exits.
			db, id := m.db, it.ID
			cmds = append(cmds, m.writes.do(func(ctx context.Context) tea.Msg {
				if err := db.SetRead(ctx, id, true); err != nil {
					return userStateMsg{id: id, on: true, err: err}
				}
				p, err := db.Paper(ctx, id)
				return paperMsg{seq: seq, p: p, err: err}
			}))
		} else {
			cmds = append(cmds, m.detail.load(it.ID))
		}
	} else if !it.Read {
		cmds = append(cmds, m.setRead(it.ID, true))
	}
	m.layout, m.detailFrom = layoutDetail, layoutList
	if g := m.geo(); !g.wide() {
		cmds = append(cmds, m.detail.resize(g.detailWidth(), g.bodyHeight()))
	}
	return m, tea.Batch(cmds...)
}

// The filter pane.

func (m Model) openFilter() (tea.Model, tea.Cmd) {
	m.layout = layoutFilter
	m.filter.setShown(m.show)
	var rank tea.Cmd
	if _, ok := m.ranked[""]; !ok {
		rank = m.rankCmd("") // For you's count
	}
	return m, tea.Batch(m.filter.open(), tagsCmd(m.ctx, m.db, m.opts.Views), rank, m.relayout())
}

func (m *Model) closeFilter() tea.Cmd {
	m.layout = layoutList
	m.filter.blur()
	return m.relayout()
}

// tagsCmd reads the tag lists with their counts, and the counts of the
// saved views.
func tagsCmd(ctx context.Context, db *store.DB, views []config.SavedView) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		var msg tagsMsg
		for _, v := range views {
			n, err := db.Count(ctx, store.Filter{Query: v.Parsed()})
			if err != nil {
				msg.err = err
				return msg
			}
			msg.counts = append(msg.counts, n)
		}
		for _, v := range store.Views() {
			if !v.Counted() {
				continue
			}
			n, err := db.Count(ctx, store.Filter{View: v})
			if err != nil {
				msg.err = err
				return msg
			}
			if msg.viewCounts == nil {
				msg.viewCounts = map[store.View]int{}
			}
			msg.viewCounts[v] = n
		}
		if msg.cats, msg.err = db.TagCounts(ctx, store.KindCategory, 0); msg.err != nil {
			return msg
		}
		if msg.users, msg.err = db.TagCounts(ctx, store.KindUser, 0); msg.err != nil {
			return msg
		}
		msg.kws, msg.err = db.TagCounts(ctx, store.KindKeyword, keywordLimit)
		return msg
	}
}

// onTags fills the filter pane, then gives it the keys that waited for
// the tags.
func (m Model) onTags(msg tagsMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	waiting := m.filter.setTags(msg)
	if m.layout != layoutFilter {
		waiting = nil // the pane was closed since: its keys went with it
	}
	var mm tea.Model = m
	for _, k := range waiting {
		var cmd tea.Cmd
		mm, cmd = mm.(Model).filterKey(k)
		cmds = append(cmds, cmd)
	}
	return mm, tea.Batch(cmds...)
}

// The search box.

func (m Model) openSearch() (tea.Model, tea.Cmd) {
	m.layout = layoutList
	m.filter.blur()
	cmd := m.search.focus()
	return m, tea.Batch(cmd, m.relayout())
}

// applySearch parses the typed text and, when it is well formed, starts a
// new query generation; a malformed query only shows a hint.
func (m *Model) applySearch(text string) tea.Cmd {
	hadHint := m.search.hint != ""
	q, err := store.ParseQuery(text)
	if err != nil {
		var qe *store.QueryError
		if errors.As(err, &qe) {
			m.search.hint = qe.Msg
		} else {
			m.search.hint = err.Error()
		}
		if !hadHint {
			return m.relayout()
		}
		return nil
	}
	m.search.hint = ""
	wasEmpty := m.show.query.Empty()
	if q.Empty() {
		q = nil
	}
	if (q.Empty() && wasEmpty) || reflect.DeepEqual(q, m.show.query) {
		// Nothing that changes the results (a space, say).
		m.show.text = strings.TrimSpace(text)
		m.desc = m.show.describe(m.opts.Views)
		if hadHint {
			return m.relayout()
		}
		return nil
	}
	m.show.query = q
	m.show.text = strings.TrimSpace(text)
	switch {
	case wasEmpty && !q.Empty():
		// Searching ranks by relevance unless the user picked another sort.
		m.show.before = m.show.sort
		if m.show.sort == store.SortNew {
			m.show.sort = store.SortRelevance
		}
	case q.Empty():
		m.show.restoreSort()
	}
	cmd := m.requery(false)
	if hadHint {
		return tea.Batch(cmd, m.relayout())
	}
	return cmd
}

// clearSearch drops the query and closes the box.
func (m Model) clearSearch() (tea.Model, tea.Cmd) {
	m.search.input.SetValue("")
	m.search.close()
	m.search.hint = ""
	m.show.text = ""
	m.layout = layoutList
	var cmd tea.Cmd
	switch {
	case m.show.query != nil:
		m.show.query = nil
		m.show.restoreSort()
		cmd = m.requery(false)
	case m.show.view == store.ViewSimilar:
		return m.leaveSimilar() // esc goes back from the similar papers
	}
	return m, tea.Batch(cmd, m.relayout())
}

// The editors of a paper's tags and note, and of the export file.

type editOpenMsg struct {
	kind  promptKind
	seq   int
	p     store.Paper
	names []string
	err   error
}

type savedMsg struct {
	kind promptKind
	id   string
	err  error
}

// openEdit loads the current paper (and the tag names for completion) and
// then opens the editor.
func (m *Model) openEdit(kind promptKind) tea.Cmd {
	if kind == promptExport {
		// The export file: nothing to load first.
		if m.db == nil {
			return nil
		}
		return tea.Batch(m.edit.start(promptExport, "", exportPath, nil), m.relayout())
	}
	id := m.currentID()
	if id == "" || m.db == nil {
		return nil
	}
	m.editSeq++
	m.editLayout = m.layout
	db, ctx, seq := m.db, m.ctx, m.editSeq
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return editOpenMsg{kind: kind, seq: seq, err: err}
		}
		var names []string
		if kind == promptTags {
			names, err = db.UserTagNames(ctx)
		}
		return editOpenMsg{kind: kind, seq: seq, p: p, names: names, err: err}
	}
}

func (m Model) onEditOpen(msg editOpenMsg) (tea.Model, tea.Cmd) {
	// Only the latest request counts, and only while nothing else took
	// the keyboard and the cursor still rests on that paper: a `t` then
	// `j` must not open the tags of the paper left behind.
	if f := m.focus(); msg.seq != m.editSeq || m.layout != m.editLayout || f == focusEdit || f == focusSearch || f == focusFilter {
		return m, nil
	}
	if msg.err != nil {
		return m, m.status.setFlash(msg.err.Error(), statusError)
	}
	if msg.p.ID != m.currentID() {
		return m, nil
	}
	var value string
	switch msg.kind {
	case promptTags:
		value = strings.Join(msg.p.Tags, " ")
		if value != "" {
			value += " "
		}
	case promptNote:
		value = strings.ReplaceAll(msg.p.Note, "\n", " ")
	}
	cmd := m.edit.start(msg.kind, msg.p.ID, value, msg.names)
	return m, tea.Batch(cmd, m.relayout())
}

// exportPath is the file the export prompt offers first.
const exportPath = "~/paperboy-export.bib"

// saveEdit checks the input and saves it in a command.
func (m Model) saveEdit(text string) (tea.Model, tea.Cmd) {
	e := &m.edit
	db, id, kind := m.db, e.id, e.kind
	var save func(ctx context.Context) error
	switch kind {
	case promptTags:
		tags := uniqueFields(text)
		for _, t := range tags {
			if err := store.ValidateTag(t); err != nil {
				e.hint = err.Error()
				return m, nil
			}
		}
		save = func(ctx context.Context) error { return db.SetTags(ctx, id, tags...) }
	case promptNote:
		note := strings.TrimSpace(text)
		save = func(ctx context.Context) error { return db.SetNote(ctx, id, note) }
	case promptExport:
		path := strings.TrimSpace(text)
		f, ok := export.ForPath(path)
		if !ok {
			e.hint = "name a " + exportFiles() + " file"
			return m, nil
		}
		e.close()
		return m, tea.Batch(m.relayout(), exportCmd(m.ctx, db, m.filterNow(), config.ExpandHome(path), f.Name))
	default:
		return m, nil
	}
	e.close()
	return m, tea.Batch(m.relayout(), m.writes.do(func(ctx context.Context) tea.Msg {
		return savedMsg{kind: kind, id: id, err: save(ctx)}
	}))
}

func uniqueFields(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range strings.Fields(s) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

func (m Model) onSaved(msg savedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.status.setFlash(msg.err.Error(), statusError)
	}
	what := "tags saved"
	if msg.kind == promptNote {
		what = "note saved"
	} else {
		m.staleRankings() // For you starts from the tagged papers too
	}
	cmds := []tea.Cmd{m.status.setFlash(what, statusOK)}
	if p := m.detail.showing(); p != nil && p.ID == msg.id {
		cmds = append(cmds, m.detail.reload())
	}
	if m.filter.loaded {
		cmds = append(cmds, tagsCmd(m.ctx, m.db, m.opts.Views))
	}
	if len(m.show.tags) > 0 || !m.show.query.Empty() || m.show.saved > 0 {
		// The paper may have joined or left what the list shows.
		cmds = append(cmds, m.requery(true))
	}
	return m, tea.Batch(cmds...)
}

// exportCmd writes every paper of a filter to a file, in a command.
func exportCmd(ctx context.Context, db *store.DB, f store.Filter, path, format string) tea.Cmd {
	return func() tea.Msg {
		n, err := db.Count(ctx, f)
		if err != nil {
			return flashMsg{text: "export: " + err.Error(), kind: statusError}
		}
		papers, err := db.FullPapers(ctx, f, max(n, 1))
		if err != nil {
			return flashMsg{text: "export: " + err.Error(), kind: statusError}
		}
		if err := export.WriteFile(path, format, papers); err != nil {
			return flashMsg{text: "export: " + err.Error(), kind: statusError}
		}
		return flashMsg{text: fmt.Sprintf("exported %d papers to %s", len(papers), path), kind: statusOK}
	}
}
