// Package ui is paperboy's terminal reader: a windowed list of papers, a
// detail pane with the rendered abstract, a filter pane of views and topic
// tags, live search, and the user's stars, read marks, tags and notes.
//
// The reader only calls the store and the Sync function it is given; every
// query, sync and render runs in a tea.Cmd, never in Update or View.
package ui

import (
	"context"
	"errors"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	gansi "github.com/charmbracelet/glamour/ansi"
	gstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/paperboy-reader/paperboy/store"
)

// SyncProgress is what a running sync reports; the status line shows it.
type SyncProgress struct {
	Message      string
	New, Updated int
}

// SyncResult sums up a finished sync.
type SyncResult struct{ Fetched, New, Updated int }

// Options wire the reader to the database and the rest of the program.
type Options struct {
	DB *store.DB
	// Sync fetches recent papers (the caller wires fetch); nil disables syncing.
	Sync func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error)
	// IsOffline tells a network failure from other errors.
	IsOffline func(error) bool
	// LoadSample loads the bundled sample corpus; used on a first run with
	// an empty database when sync fails.
	LoadSample  func(ctx context.Context) (int, error)
	SyncOnStart bool
	Browser     string           // the configured browser, $BROWSER or ""
	Now         func() time.Time // nil = time.Now
	// Theme is auto, dark, light, a Glamour style name or the path of a
	// Glamour JSON style ("" means auto). NO_COLOR always wins.
	Theme string
	// Views are the saved views of the config file, listed first in the
	// filter pane.
	Views []SavedView
}

// wideWidth is the narrowest terminal that shows list and detail side by side.
const wideWidth = 120

// twoLineHeight is the shortest terminal whose list rows get a second line.
const twoLineHeight = 30

type focus int

const (
	focusList focus = iota
	focusDetail
	focusFilter
	focusSearch
	focusEdit
)

// Model is the reader's root model.
type Model struct {
	opts Options
	db   *store.DB
	now  func() time.Time
	ctx  context.Context
	keys KeyMap
	st   styles
	rend *renderer
	// writes saves user state in order; shared by the model's copies.
	writes *writer

	width, height int
	focus         focus
	detailOpen    bool // narrow terminals: the detail is shown full screen
	filterOpen    bool
	showHelp      bool

	// What the list shows.
	view     store.View
	prevView store.View
	// savedView is 1 + the index of the saved view narrowing the list, or 0.
	savedView int
	sort      store.Sort
	query     *store.Query

	list   listState
	detail detailState
	filter filterState
	search searchState
	edit   editState
	help   help.Model
	spin   spinner.Model

	syncing    bool
	syncID     int
	syncCancel context.CancelFunc
	syncLine   string // persistent: progress or the outcome of the last sync
	syncKind   statusKind
	flash      string // transient: confirmations and errors of actions
	flashKind  statusKind
	flashSeq   int
	starCount  int

	initCmd tea.Cmd
}

// New makes the reader's root model. Glamour's style follows the colour
// profile (no colours → "notty"); Run picks dark or light from the
// terminal's background.
func New(opts Options) Model {
	style := "dark"
	if lipgloss.ColorProfile() == termenv.Ascii {
		style = "notty"
	}
	return newModel(context.Background(), opts, style)
}

func newModel(ctx context.Context, opts Options, glamourStyle string) Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := Model{
		opts:   opts,
		db:     opts.DB,
		now:    now,
		ctx:    ctx,
		keys:   Keys(),
		st:     newStyles(),
		rend:   newRenderer(glamourStyle),
		writes: &writer{},
		help:   help.New(),
		spin:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		list:   newListState(),
		edit:   newEditState(),
		width:  80, height: 24,
	}
	m.filter = newFilterState()
	m.filter.views = opts.Views
	m.search = newSearchState()
	m.help.ShowAll = true
	cmds := []tea.Cmd{m.requery(false), m.loadStarCount(), m.refreshCheck()}
	if opts.SyncOnStart && opts.Sync != nil {
		cmds = append(cmds, m.startSync())
	}
	m.initCmd = tea.Batch(cmds...)
	return m
}

// Init starts the first query and, when asked, the first sync.
func (m Model) Init() tea.Cmd { return m.initCmd }

// Run shows the reader until the user quits or ctx ends. Quitting cancels a
// running sync.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	style, custom, err := resolveTheme(opts.Theme)
	if err != nil {
		return err
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		clipboardOut = tty
	}
	m := newModel(ctx, opts, style)
	m.rend.custom = custom
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithFPS(frameRate))
	_, err = p.Run()
	cancel()
	// Changes made just before quitting are still being saved.
	m.writes.wait(writeTimeout)
	writeMemStats()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// resolveTheme picks the Glamour style: notty without colours (NO_COLOR
// or a terminal without them), the terminal's background for auto, else
// the named style or the JSON style file.
func resolveTheme(theme string) (string, *gansi.StyleConfig, error) {
	if os.Getenv("NO_COLOR") != "" || lipgloss.ColorProfile() == termenv.Ascii {
		return "notty", nil, nil
	}
	switch theme {
	case "", "auto":
		if lipgloss.HasDarkBackground() {
			return "dark", nil, nil
		}
		return "light", nil, nil
	}
	if _, ok := gstyles.DefaultStyles[theme]; ok {
		return theme, nil, nil
	}
	cfg, err := loadStyleFile(theme)
	if err != nil {
		return "", nil, err
	}
	return "dark", &cfg, nil
}

// Update routes a message to the pane it belongs to.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		return m, m.relayout()
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case spinner.TickMsg:
		if !m.syncing {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case windowMsg:
		return m.onWindow(msg)
	case countMsg:
		return m.onCount(msg)
	case detailWantMsg:
		return m.onDetailWant(msg)
	case paperMsg:
		return m.onPaper(msg)
	case renderedMsg:
		return m.onRendered(msg)
	case tagsMsg:
		return m.onTags(msg)
	case editOpenMsg:
		return m.onEditOpen(msg)
	case savedMsg:
		return m.onSaved(msg)
	case userStateMsg:
		return m.onUserState(msg)
	case starCountMsg:
		if msg.err == nil {
			m.starCount = msg.n
		}
		return m, nil
	case refreshTickMsg:
		return m.onRefreshTick()
	case refreshCheckMsg:
		return m.onRefreshCheck(msg)
	case syncProgressMsg:
		return m.onSyncProgress(msg)
	case syncDoneMsg:
		return m.onSyncDone(msg)
	case sampleMsg:
		return m.onSample(msg)
	case flashMsg:
		return m, m.setFlash(msg.text, msg.kind)
	case clearFlashMsg:
		if msg.seq == m.flashSeq {
			m.flash = ""
		}
		return m, nil
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if keyMatches(msg, k.ForceQuit) {
		return m, m.quit()
	}
	if m.showHelp {
		switch {
		case keyMatches(msg, k.Quit):
			return m, m.quit()
		case keyMatches(msg, k.Help), keyMatches(msg, k.Back):
			m.showHelp = false
		}
		return m, nil
	}
	switch m.focus {
	case focusSearch:
		return m.updateSearch(msg)
	case focusEdit:
		return m.updateEdit(msg)
	case focusFilter:
		return m.updateFilter(msg)
	}

	// Keys shared by the list and the detail.
	switch {
	case keyMatches(msg, k.Quit):
		return m, m.quit()
	case keyMatches(msg, k.Help):
		m.showHelp = true
		return m, nil
	case keyMatches(msg, k.Filter):
		return m.openFilter()
	case keyMatches(msg, k.Search):
		return m.openSearch()
	case keyMatches(msg, k.Sort):
		m.sort = nextSort(m.sort, !m.query.Empty())
		return m, m.requery(false)
	case keyMatches(msg, k.StarredOnly):
		if m.view == store.ViewStarred {
			m.view = m.prevView
			if m.view == store.ViewStarred {
				m.view = store.ViewAll
			}
		} else {
			m.prevView, m.view = m.view, store.ViewStarred
		}
		return m, m.requery(false)
	case keyMatches(msg, k.Star):
		return m.toggleStar()
	case keyMatches(msg, k.ToggleRead):
		return m.toggleRead()
	case keyMatches(msg, k.Tags):
		return m, m.openEdit(editTags)
	case keyMatches(msg, k.Note):
		return m, m.openEdit(editNote)
	case keyMatches(msg, k.OpenHF), keyMatches(msg, k.OpenArxiv), keyMatches(msg, k.OpenPDF):
		return m, m.openLink(msg)
	case keyMatches(msg, k.CopyURL):
		return m, m.copyURL()
	case keyMatches(msg, k.CopyBibTeX):
		return m, m.copyBibTeX()
	case keyMatches(msg, k.Export):
		return m.openExport()
	case keyMatches(msg, k.Sync):
		if m.syncing {
			return m, m.setFlash("already syncing", statusInfo)
		}
		if m.opts.Sync == nil {
			return m, m.setFlash("syncing is turned off", statusInfo)
		}
		return m, m.startSync()
	}
	if m.focus == focusDetail {
		return m.updateDetailKeys(msg)
	}
	return m.updateListKeys(msg)
}

func keyMatches(msg tea.KeyMsg, b ...key.Binding) bool { return key.Matches(msg, b...) }

// quit cancels a running sync and every query, then quits.
func (m *Model) quit() tea.Cmd {
	if m.syncCancel != nil {
		m.syncCancel()
	}
	m.list.cancelAll()
	return tea.Quit
}

// wide reports whether list and detail are side by side.
func (m *Model) wide() bool { return m.width >= wideWidth }

// bodyHeight is the height between the header and the status line.
func (m *Model) bodyHeight() int {
	h := m.height - 2
	if m.focus == focusSearch || m.focus == focusEdit || m.search.hint != "" {
		h--
	}
	return max(h, 0)
}

// listWidth is the width of the list pane.
func (m *Model) listWidth() int {
	if m.filterOpen {
		fw := m.filterWidth()
		if m.wide() {
			return max(m.width-fw-1, 0)
		}
		return 0
	}
	if m.wide() {
		// Titles need the room more than the detail does: the detail
		// takes two fifths, between 50 and 90 columns.
		return m.width - min(max(m.width*2/5, 50), 90)
	}
	return m.width
}

func (m *Model) filterWidth() int {
	if m.wide() {
		return min(48, m.width/3)
	}
	return m.width
}

// detailWidth is the width of the detail pane.
func (m *Model) detailWidth() int {
	if m.wide() {
		return max(m.width-m.listWidth()-1, 0)
	}
	return m.width
}

// relayout sizes the panes after a resize or a change of panes.
func (m *Model) relayout() tea.Cmd {
	m.help.Width = m.width
	m.list.clampTop(m.listRows())
	var cmds []tea.Cmd
	cmds = append(cmds, m.requestWindow(false))
	cmds = append(cmds, m.resizeDetail())
	cmds = append(cmds, m.followDetail())
	return tea.Batch(cmds...)
}

// View draws the whole screen: exactly height lines of at most width
// columns each.
func (m Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	bh := m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = block(m.helpView(w, bh), w, bh)
	case m.filterOpen && m.wide():
		fw := m.filterWidth()
		body = joinColumns(m.filterView(fw-1, bh), m.gap(bh), m.separator(bh), m.listView(m.listWidth(), bh))
	case m.filterOpen:
		body = m.filterView(w, bh)
	case m.wide():
		lw := m.listWidth()
		body = joinColumns(m.listView(lw-1, bh), m.gap(bh), m.separator(bh), m.detailView(m.detailWidth(), bh))
	case m.detailOpen:
		body = m.detailView(w, bh)
	default:
		body = m.listView(w, bh)
	}
	parts := []string{m.headerView(w)}
	if bh > 0 {
		parts = append(parts, body)
	}
	if m.focus == focusSearch || m.search.hint != "" {
		parts = append(parts, m.searchView(w))
	} else if m.focus == focusEdit {
		parts = append(parts, m.editView(w))
	}
	parts = append(parts, m.statusView(w))
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "\n"
		}
		out += p
	}
	return block(out, w, h)
}

// gap is a blank column.
func (m *Model) gap(h int) string {
	return strings.TrimSuffix(strings.Repeat(" \n", max(h, 0)), "\n")
}

func (m *Model) separator(h int) string {
	if h <= 0 {
		return ""
	}
	line := m.st.Separator.Render("│")
	out := line
	for i := 1; i < h; i++ {
		out += "\n" + line
	}
	return out
}
