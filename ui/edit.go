package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

type editKind int

const (
	editTags editKind = iota + 1
	editNote
	editExport
)

// editState is the one-line editor for a paper's user tags or note.
type editState struct {
	kind  editKind
	id    string
	input textinput.Model
	names []string // existing user tags, for completion
	hint  string
	// prevFocus is where the editor returns to.
	prevFocus focus
	// openSeq numbers editor requests; replies to older ones are dropped.
	openSeq int
}

type editOpenMsg struct {
	kind  editKind
	seq   int
	p     store.Paper
	names []string
	err   error
}

type savedMsg struct {
	kind editKind
	id   string
	err  error
}

func newEditState() editState {
	in := textinput.New()
	in.CharLimit = 2000
	in.ShowSuggestions = true
	return editState{input: in}
}

// openEdit loads the current paper (and the tag names for completion) and
// then opens the editor.
func (m *Model) openEdit(kind editKind) tea.Cmd {
	id := m.currentID()
	if id == "" || m.db == nil {
		return nil
	}
	m.edit.openSeq++
	db, ctx, seq := m.db, m.ctx, m.edit.openSeq
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return editOpenMsg{kind: kind, seq: seq, err: err}
		}
		var names []string
		if kind == editTags {
			names, err = db.UserTagNames(ctx)
		}
		return editOpenMsg{kind: kind, seq: seq, p: p, names: names, err: err}
	}
}

func (m Model) onEditOpen(msg editOpenMsg) (tea.Model, tea.Cmd) {
	// Only the latest request counts, and only while nothing else took
	// the keyboard and the cursor still rests on that paper: a `t` then
	// `j` must not open the tags of the paper left behind.
	if msg.seq != m.edit.openSeq || m.focus == focusEdit || m.focus == focusSearch || m.focus == focusFilter {
		return m, nil
	}
	if msg.err != nil {
		return m, m.setFlash(msg.err.Error(), statusError)
	}
	if msg.p.ID != m.currentID() {
		return m, nil
	}
	e := &m.edit
	e.kind, e.id, e.names, e.hint = msg.kind, msg.p.ID, msg.names, ""
	e.input.Reset()
	switch msg.kind {
	case editTags:
		e.input.Prompt = "tags: "
		e.input.Placeholder = "space-separated, tab completes"
		v := strings.Join(msg.p.Tags, " ")
		if v != "" {
			v += " "
		}
		e.input.SetValue(v)
	case editNote:
		e.input.Prompt = "note: "
		e.input.Placeholder = "a note for this paper (empty removes it)"
		e.input.SetValue(strings.ReplaceAll(msg.p.Note, "\n", " "))
	}
	e.input.CursorEnd()
	e.updateSuggestions()
	e.prevFocus = m.focus
	m.focus = focusEdit
	cmd := e.input.Focus()
	return m, tea.Batch(cmd, m.relayout())
}

// updateSuggestions offers the tag names that complete the word being
// typed (the suggestions must match the whole value, so each is the text
// before that word plus a name).
func (e *editState) updateSuggestions() {
	if e.kind != editTags {
		e.input.SetSuggestions(nil)
		return
	}
	v := e.input.Value()
	cut := strings.LastIndex(v, " ") + 1
	prefix, word := v[:cut], v[cut:]
	have := map[string]bool{}
	for _, f := range strings.Fields(prefix) {
		have[f] = true
	}
	var sugs []string
	for _, n := range e.names {
		if !have[n] && strings.HasPrefix(n, word) {
			sugs = append(sugs, prefix+n)
		}
	}
	sort.Strings(sugs)
	e.input.SetSuggestions(sugs)
}

func (m Model) updateEdit(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	e := &m.edit
	switch msg.String() {
	case "esc":
		m.focus = e.prevFocus
		e.input.Blur()
		return m, m.relayout()
	case "enter":
		return m.saveEdit()
	}
	var cmd tea.Cmd
	e.input, cmd = e.input.Update(msg)
	e.hint = ""
	e.updateSuggestions()
	return m, cmd
}

// saveEdit checks the input and saves it in a command.
func (m Model) saveEdit() (tea.Model, tea.Cmd) {
	e := &m.edit
	db, id, kind := m.db, e.id, e.kind
	var save func(ctx context.Context) error
	switch kind {
	case editTags:
		tags := uniqueFields(e.input.Value())
		for _, t := range tags {
			if err := store.ValidateTag(t); err != nil {
				e.hint = err.Error()
				return m, nil
			}
		}
		save = func(ctx context.Context) error { return db.SetTags(ctx, id, tags...) }
	case editNote:
		note := strings.TrimSpace(e.input.Value())
		save = func(ctx context.Context) error { return db.SetNote(ctx, id, note) }
	case editExport:
		path := strings.TrimSpace(e.input.Value())
		format, ok := FormatForPath(path)
		if !ok {
			e.hint = "name a .bib, .md, .json, .csv or .ris file"
			return m, nil
		}
		m.focus = e.prevFocus
		e.input.Blur()
		return m, tea.Batch(m.relayout(), exportCmd(m.ctx, db, m.filterNow(), ExpandHome(path), format))
	default:
		return m, nil
	}
	m.focus = e.prevFocus
	e.input.Blur()
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
		return m, m.setFlash(msg.err.Error(), statusError)
	}
	what := "tags saved"
	if msg.kind == editNote {
		what = "note saved"
	}
	cmds := []tea.Cmd{m.setFlash(what, statusOK)}
	if m.detail.paper != nil && m.detail.paper.ID == msg.id {
		cmds = append(cmds, m.reloadDetail())
	}
	if m.filter.loaded {
		cmds = append(cmds, m.loadTags())
	}
	if len(m.filter.selected) > 0 || !m.query.Empty() {
		// The paper may have joined or left what the list shows.
		cmds = append(cmds, m.requery(true))
	}
	return m, tea.Batch(cmds...)
}

// editView is the editor line.
func (m *Model) editView(w int) string {
	in := m.edit.input
	if m.edit.hint != "" {
		hint := m.st.Hint.Render("  ⚠ " + m.edit.hint)
		hw := min(ansiWidth(hint), w/2)
		in.Width = max(w-hw-len(in.Prompt)-2, 1)
		return fitPlain(in.View()+fit(hint, hw), w)
	}
	in.Width = max(w-len(in.Prompt)-2, 1)
	return fit(in.View(), w)
}

// exportPath is the file the export prompt offers first.
const exportPath = "~/paperboy-export.bib"

// openExport asks for the file to export the current list to.
func (m Model) openExport() (tea.Model, tea.Cmd) {
	if m.db == nil {
		return m, nil
	}
	e := &m.edit
	e.kind, e.id, e.names, e.hint = editExport, "", nil, ""
	e.input.Reset()
	e.input.Prompt = "export to: "
	e.input.Placeholder = ".bib, .md, .json, .csv or .ris"
	e.input.SetValue(exportPath)
	e.input.CursorEnd()
	e.input.SetSuggestions(nil)
	e.prevFocus = m.focus
	m.focus = focusEdit
	cmd := e.input.Focus()
	return m, tea.Batch(cmd, m.relayout())
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
		if err := ExportFile(path, format, papers); err != nil {
			return flashMsg{text: "export: " + err.Error(), kind: statusError}
		}
		return flashMsg{text: fmt.Sprintf("exported %d papers to %s", len(papers), path), kind: statusOK}
	}
}

// ExportFile writes papers to a file in a format, whole or not at all: a temporary file in
// the same directory renamed over the target.
func ExportFile(path, format string, papers []store.Paper) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".paperboy-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := Export(tmp, format, papers); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
