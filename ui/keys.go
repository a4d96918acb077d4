package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the reader, in one place: the help screen,
// the status line hints and the `help keys` command all read it.
type KeyMap struct {
	Up, Down       key.Binding
	PageUp         key.Binding
	PageDown       key.Binding
	Top, Bottom    key.Binding
	Open, Back     key.Binding
	Focus          key.Binding
	Filter, Search key.Binding
	Sort           key.Binding
	Select, AnyAll key.Binding
	Star           key.Binding
	StarredOnly    key.Binding
	ToggleRead     key.Binding
	Tags, Note     key.Binding
	OpenHF         key.Binding
	OpenArxiv      key.Binding
	OpenPDF        key.Binding
	CopyURL        key.Binding
	CopyBibTeX     key.Binding
	Zotero         key.Binding
	Export         key.Binding
	Read           key.Binding
	MoreLike       key.Binding // the papers like this one, as a listing
	Dismiss        key.Binding // "not for me": out of For you
	Sync           key.Binding
	Help           key.Binding
	Quit           key.Binding
	ForceQuit      key.Binding

	// Where letters are text (the filter pane's narrowing line, the
	// search box and the editors), these move and confirm instead.
	NarrowUp, NarrowDown key.Binding // the filter pane's cursor
	NarrowTop, NarrowEnd key.Binding
	ResultUp, ResultDown key.Binding // the list, from the search box
	ResultPageUp         key.Binding
	ResultPageDown       key.Binding
	SearchRemote         key.Binding // send the search to Hugging Face (and arXiv)
	NextLink, OpenLink   key.Binding // the detail's linked Hub repos: select, open
	Accept               key.Binding // keep the search, save the edit
	Complete             key.Binding // a tag name, in the tags editor
	DetailPage           key.Binding // space pages the detail

	// The reading view.
	SectionPrev, SectionNext key.Binding
	Outline, References      key.Binding
	CiteNext, CitePrev       key.Binding
	FindNext, FindPrev       key.Binding
	ScrollLeft, ScrollRight  key.Binding
}

// Keys returns the reader's key map.
func Keys() KeyMap {
	// Open and Accept take ctrl+j as enter: it is what an enter typed
	// before the reader put the terminal in raw mode arrives as (the
	// terminal's driver turns carriage returns into newlines until then),
	// and it is readline's accept-line.
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn/ctrl+f", "page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Open:        key.NewBinding(key.WithKeys("enter", "ctrl+j"), key.WithHelp("enter", "open paper")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Focus:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Filter:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter pane")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Sort:        key.NewBinding(key.WithKeys("="), key.WithHelp("=", "cycle sort")),
		Select:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "select tag")),
		AnyAll:      key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", "tags AND/OR")),
		Star:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		StarredOnly: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "starred only")),
		ToggleRead:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "toggle read")),
		Tags:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "edit tags")),
		Note:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "edit note")),
		OpenHF:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open HF page")),
		OpenArxiv:   key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open arXiv page")),
		OpenPDF:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "open PDF")),
		CopyURL:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy arXiv URL")),
		CopyBibTeX:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy BibTeX")),
		Zotero:      key.NewBinding(key.WithKeys("Z"), key.WithHelp("Z", "add to Zotero")),
		Export:      key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export list to a file")),
		Read:        key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "read the paper")),
		MoreLike:    key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "more like this (esc: back)")),
		Dismiss:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "not for me (out of For you)")),
		Sync:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "sync now")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit (anywhere)")),

		NarrowUp:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/ctrl+p", "filter pane: up")),
		NarrowDown:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓/ctrl+n", "filter pane: down")),
		NarrowTop:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "filter pane: first")),
		NarrowEnd:      key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "filter pane: last")),
		ResultUp:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/ctrl+p", "search: previous result")),
		ResultDown:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓/ctrl+n", "search: next result")),
		ResultPageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "search: page up the results")),
		ResultPageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "search: page down the results")),
		SearchRemote:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "search: ask Hugging Face too")),
		Accept:         key.NewBinding(key.WithKeys("enter", "ctrl+j"), key.WithHelp("enter", "keep search / save edit")),
		Complete:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete a tag name")),
		DetailPage:     key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "detail: page down")),
		NextLink:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "detail: select the next model, dataset or Space")),
		OpenLink:       key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "detail: open the selected one on the Hub")),

		SectionPrev: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "reading: previous section")),
		SectionNext: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "reading: next section")),
		Outline:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "reading: outline")),
		References:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "reading: references, at the chosen citation")),
		CiteNext:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "reading: next citation (enter: its entry)")),
		CitePrev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "reading: previous citation")),
		FindNext:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "reading: next match")),
		FindPrev:    key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "reading: previous match")),
		ScrollLeft:  key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("←/h", "reading: scroll left")),
		ScrollRight: key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("→/l", "reading: scroll right")),
	}
}

// ShortHelp is the one-line hint.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Filter, k.Search, k.Star, k.Help, k.Quit}
}

// FullHelp is the help screen, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, k.Back},
		{k.Focus, k.Filter, k.Select, k.AnyAll, k.Search, k.Sort, k.StarredOnly},
		{k.Star, k.ToggleRead, k.Tags, k.Note, k.OpenHF, k.OpenArxiv, k.OpenPDF},
		{k.CopyURL, k.CopyBibTeX, k.Zotero, k.Export, k.Read, k.MoreLike, k.Dismiss, k.Sync, k.Help, k.Quit, k.ForceQuit},
	}
}

// ContextHelp is the keys of the places where letters are text (the
// filter pane's narrowing line, the search box, the editors) and of the
// detail, which reuse keys of the list with another meaning.
func (k KeyMap) ContextHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NarrowUp, k.NarrowDown, k.NarrowTop, k.NarrowEnd, k.Accept},
		{k.ResultUp, k.ResultDown, k.ResultPageUp, k.ResultPageDown, k.SearchRemote, k.Complete, k.DetailPage, k.NextLink, k.OpenLink},
		{k.SectionPrev, k.SectionNext, k.Outline, k.References, k.CiteNext, k.CitePrev, k.FindNext, k.FindPrev, k.ScrollLeft, k.ScrollRight},
	}
}

// KeyHelp lists the key bindings in help-screen columns, for printing
// outside the reader.
func KeyHelp() [][]key.Binding { return Keys().FullHelp() }
