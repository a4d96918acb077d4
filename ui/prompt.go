package ui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

type promptKind int

const (
	promptSearch promptKind = iota + 1
	promptTags
	promptNote
	promptExport
	promptFind // the reading view's search
)

// prompt is the one-line input above the status line: the live search
// box, or the editor of a paper's tags or note or of the export file. The
// reader has two, so that the search text stays while a tag is edited.
type prompt struct {
	kind  promptKind
	open  bool
	input textinput.Model
	hint  string   // why the input is refused; shown beside it
	id    string   // the paper a tags or note edit is for
	names []string // existing user tags, for completion
	keys  KeyMap
	st    styles
}

func newSearchPrompt(keys KeyMap, st styles) prompt {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = `words "a phrase" author: cat: tag: is:starred since: upvotes:>10`
	in.CharLimit = 512
	return prompt{kind: promptSearch, input: in, keys: keys, st: st}
}

func newEditPrompt(keys KeyMap, st styles) prompt {
	in := textinput.New()
	in.CharLimit = 2000
	in.ShowSuggestions = true
	in.KeyMap.AcceptSuggestion = keys.Complete
	return prompt{input: in, keys: keys, st: st}
}

// start opens the prompt for a kind with a first value.
func (p *prompt) start(kind promptKind, id, value string, names []string) tea.Cmd {
	p.kind, p.id, p.names, p.hint = kind, id, names, ""
	p.input.Reset()
	switch kind {
	case promptTags:
		p.input.Prompt = "tags: "
		p.input.Placeholder = "space-separated, tab completes"
	case promptNote:
		p.input.Prompt = "note: "
		p.input.Placeholder = "a note for this paper (empty removes it)"
	case promptExport:
		p.input.Prompt = "export to: "
		p.input.Placeholder = exportFiles()
	case promptFind:
		p.input.Prompt = "find: "
		p.input.Placeholder = "words in the text; n and N move between matches"
	}
	p.input.SetValue(value)
	p.input.CursorEnd()
	p.updateSuggestions()
	return p.focus()
}

// focus gives the prompt the keyboard, keeping what it holds.
func (p *prompt) focus() tea.Cmd {
	p.open = true
	p.input.CursorEnd()
	return p.input.Focus()
}

func (p *prompt) close() {
	p.open = false
	p.input.Blur()
}

// update handles a key typed into the prompt.
func (p *prompt) update(msg tea.KeyMsg) (intent, tea.Cmd) {
	k := p.keys
	switch {
	case keyMatches(msg, k.Back):
		return intent{kind: intentCancel}, nil
	case keyMatches(msg, k.Accept):
		return intent{kind: intentAccept, text: p.input.Value()}, nil
	}
	if p.kind == promptSearch {
		// Move through the results without leaving the box.
		switch {
		case keyMatches(msg, k.ResultUp):
			return intent{kind: intentMove, delta: -1}, nil
		case keyMatches(msg, k.ResultDown):
			return intent{kind: intentMove, delta: 1}, nil
		case keyMatches(msg, k.ResultPageUp):
			return intent{kind: intentMovePage, delta: -1}, nil
		case keyMatches(msg, k.ResultPageDown):
			return intent{kind: intentMovePage, delta: 1}, nil
		case keyMatches(msg, k.SearchRemote):
			return intent{kind: intentSearchRemote, text: p.input.Value()}, nil
		}
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.kind == promptSearch || p.kind == promptFind {
		if p.input.Value() == before {
			return intent{}, cmd
		}
		return intent{kind: intentSearch, text: p.input.Value()}, cmd
	}
	p.hint = ""
	p.updateSuggestions()
	return intent{}, cmd
}

// updateSuggestions offers the tag names that complete the word being
// typed (the suggestions must match the whole value, so each is the text
// before that word plus a name).
func (p *prompt) updateSuggestions() {
	if p.kind != promptTags {
		p.input.SetSuggestions(nil)
		return
	}
	v := p.input.Value()
	cut := strings.LastIndex(v, " ") + 1
	prefix, word := v[:cut], v[cut:]
	have := map[string]bool{}
	for _, f := range strings.Fields(prefix) {
		have[f] = true
	}
	var sugs []string
	for _, n := range p.names {
		if !have[n] && strings.HasPrefix(n, word) {
			sugs = append(sugs, prefix+n)
		}
	}
	sort.Strings(sugs)
	p.input.SetSuggestions(sugs)
}

// view is the prompt's line, with the hint beside it when there is one.
func (p *prompt) view(w int) string {
	in := p.input
	// The search box's prompt is one column; the editors' are longer.
	promptW := 1
	if p.kind != promptSearch {
		promptW = len(in.Prompt)
	}
	if p.hint != "" {
		hint := p.st.Hint.Render("  ⚠ " + safetext.ScreenLine(p.hint))
		hw := min(ansiWidth(hint), w/2)
		in.Width = max(w-hw-promptW-2, 1)
		return fitPlain(in.View()+fit(hint, hw), w)
	}
	if p.kind == promptSearch {
		in.Width = max(w-promptW-1, 1)
	} else {
		in.Width = max(w-promptW-2, 1)
	}
	return fit(in.View(), w)
}

// exportFiles names the file kinds the export prompt takes: ".bib, .md,
// .json, .csv or .ris", from the export formats.
func exportFiles() string {
	exts := export.Extensions()
	return strings.Join(exts[:len(exts)-1], ", ") + " or " + exts[len(exts)-1]
}
