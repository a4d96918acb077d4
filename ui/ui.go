// Package ui is paperboy's terminal reader: a windowed list of papers, a
// detail pane with the rendered abstract, a filter pane of views and topic
// tags, live search, and the user's stars, read marks, tags and notes.
//
// The root model (this file) routes messages to the panes and applies
// what they ask for (intent.go); each pane owns its state, its update and
// its view (list.go, detail.go, filter.go, prompt.go, status.go). The
// reader only calls the store and the functions it is given; every query,
// sync and render runs in a tea.Cmd, never in Update or View.
package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/term"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/ui/config"
	"github.com/paperboy-reader/paperboy/ui/markdown"
	"github.com/paperboy-reader/paperboy/ui/theme"
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
	Views []config.SavedView

	// Clipboard receives the OSC 52 sequence of the copy keys (nil: the
	// terminal, /dev/tty, else stderr).
	Clipboard io.Writer
	// StartProcess starts the program that opens a link without waiting
	// for it (nil: os/exec).
	StartProcess func(name string, args ...string) error
	// LookPath finds a program (nil: exec.LookPath).
	LookPath func(file string) (string, error)

	// FetchText downloads a paper's full text and stores it (the caller
	// wires fetch); nil: only texts already downloaded can be read. Its
	// error is the line to show.
	FetchText func(ctx context.Context, id string) error
	// FetchPapers fetches papers the library lacks (a reference's) and
	// stores them; nil: only stored papers open.
	FetchPapers func(ctx context.Context, ids []string) error
	// AddToZotero adds a paper to the user's Zotero library and says what
	// became of it in a line ("added", "already there"); nil: the key
	// says how to set Zotero up.
	AddToZotero func(ctx context.Context, id string) (string, error)
	// FetchLinks fetches the Hub's models, datasets and Spaces linked to
	// a paper and stores them (the caller wires fetch, which keeps Hugging
	// Face's rate limit); nil: only links already stored show.
	FetchLinks func(ctx context.Context, id string) error
	// ForYouDays is how far back For you looks (0: 30 days).
	ForYouDays int
	// SearchRemote sends a search's words to Hugging Face's paper search
	// (and its cat:/author: terms to arXiv), stores what comes back and
	// says how many papers came; nil: the search reads the library only.
	SearchRemote func(ctx context.Context, query string) (int, error)
	// ReleaseMemory hands the memory the process has freed back to the
	// system; the reader calls it once it is idle after start-up or
	// input, so a session's big queries do not stay resident. nil: never.
	ReleaseMemory func()
}

// wideWidth is the narrowest terminal that shows list and detail side by side.
const wideWidth = 120

// twoLineHeight is the shortest terminal whose list rows get a second line.
const twoLineHeight = 30

// layout is what is on screen.
type layout int

const (
	layoutList    layout = iota // the list; wide terminals show the detail beside it
	layoutDetail                // the detail has the keys: beside the list when wide, else full screen
	layoutFilter                // the filter pane: beside the list when wide, else full screen
	layoutHelp                  // the keys
	layoutReading               // a paper's full text, full screen
)

// focus is where keys go: the layout's pane, or a prompt over it.
type focus int

const (
	focusList focus = iota
	focusDetail
	focusFilter
	focusSearch
	focusEdit
	focusReading
)

// Model is the reader's root model.
type Model struct {
	opts   Options
	db     *store.DB
	now    func() time.Time
	ctx    context.Context
	keys   KeyMap
	st     styles
	rend   *markdown.Renderer
	writes *writer // saves user state in order; shared by the model's copies

	width, height int
	layout        layout
	beforeHelp    layout
	helpTop       int     // the help's first line on screen
	readFrom      layout  // where the reading view goes back to
	detailFrom    layout  // where the detail goes back to
	show          listing // what the list shows
	desc          string  // show in words, for the header: made when show changes

	list    listPane
	detail  detailPane
	reading readingPane
	filter  filterPane
	search  prompt
	edit    prompt
	help    help.Model
	status  statusBar

	syncID     int
	syncCancel context.CancelFunc
	starCount  int
	editSeq    int    // editor opens; replies to older ones are dropped
	editLayout layout // where the latest editor was asked for

	// The stored rankings (suggest.go): each seed's outcome once ranked
	// this session and still fresh, the ones being ranked, and the
	// listing the similar papers were opened from.
	ranked        map[string]error
	ranking       map[string]bool
	rankGen       int // bumped when what the user keeps changes
	beforeSimilar *listing

	bg      backgroundAsk // the question of the terminal's background (background.go)
	held    []tea.KeyMsg  // keys waiting for the row under the cursor (keyroute.go)
	holdSeq int

	initCmd tea.Cmd
	// dayLinks is set while the background fetch of the day's papers'
	// links runs (one at a time).
	dayLinks bool
}

// New makes the reader's root model. Glamour's style follows the colour
// profile (no colours → "notty"); Run picks dark or light from the
// terminal's background.
func New(opts Options) Model {
	return newModel(context.Background(), opts, theme.Default())
}

func newModel(ctx context.Context, opts Options, style theme.Style) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Clipboard == nil {
		opts.Clipboard = os.Stderr
	}
	if opts.StartProcess == nil {
		opts.StartProcess = startProcess
	}
	if opts.LookPath == nil {
		opts.LookPath = lookPath
	}
	keys, st := Keys(), newStyles()
	m := Model{
		opts:    opts,
		db:      opts.DB,
		now:     opts.Now,
		ctx:     ctx,
		keys:    keys,
		st:      st,
		rend:    markdown.New(style),
		writes:  &writer{},
		help:    help.New(),
		status:  newStatusBar(st),
		list:    newListPane(ctx, opts.DB, keys, st),
		detail:  newDetailPane(ctx, opts.DB, keys, st, nil),
		reading: newReadingPane(keys, st, style),
		filter:  newFilterPane(keys, st, opts.Views),
		search:  newSearchPrompt(keys, st),
		edit:    newEditPrompt(keys, st),
		width:   80, height: 24,
	}
	m.detail.rend = m.rend
	m.detail.fetchLinks, m.detail.clock = opts.FetchLinks, opts.Now
	m.help.ShowAll = true
	cmds := []tea.Cmd{m.requery(false), starCountCmd(ctx, m.db), refreshCheck(ctx, m.db), versionsCmd(ctx, m.db),
		m.startDayLinks(), starNewsCmd(ctx, m.db)}
	if opts.SyncOnStart && opts.Sync != nil {
		cmds = append(cmds, m.startSync())
	}
	m.initCmd = tea.Batch(cmds...)
	return m
}

// Init starts the first query and, when asked, the first sync; it asks
// the terminal for its background when the theme follows it. Bubble Tea
// calls Init once, after putting the terminal in raw mode (the answer is
// not echoed) and before writing the first frame (the question cannot
// land inside one).
func (m Model) Init() tea.Cmd {
	if m.bg.ask != nil {
		m.bg.ask()
	}
	return m.initCmd
}

// Run shows the reader until the user quits or ctx ends. Quitting cancels a
// running sync.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	setting, noColor := config.ExpandHome(opts.Theme), config.VarNoColor.Get() != ""
	style, err := theme.Resolve(setting, noColor)
	if err != nil {
		return err
	}
	if opts.Clipboard == nil {
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			opts.Clipboard = tty
		}
	}
	m := newModel(ctx, opts, style)
	if theme.Asks(setting, noColor) && term.IsTerminal(int(os.Stdout.Fd())) {
		m.bg.ask = func() { os.Stdout.WriteString(theme.BackgroundQuery) }
		m.bg.until = time.Now().Add(answerWait)
	}
	sc := newScreen(m, opts.ReleaseMemory)
	defer sc.idle.stop()
	p := tea.NewProgram(sc, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithFPS(frameRate))
	final, err := p.Run()
	cancel()
	// However the reader ended (q from any pane, a signal, the terminal
	// closing), the place in the text being read is kept.
	if fm, ok := final.(screen); ok {
		fm.reading.save(fm.db, fm.writes, fm.now())
	}
	// Changes made just before quitting are still being saved.
	m.writes.wait(writeTimeout)
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// frameRate is how many frames a second the reader draws at most: a key's
// effect shows within one frame, 8 ms at 120.
const frameRate = 120

// Update routes a message to the pane it belongs to.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		return m, m.relayout()
	case tea.KeyMsg:
		if len(m.bg.held) > 0 || m.bg.waiting(time.Now()) {
			taken, back, cmd := m.takeAnswer(msg)
			if taken {
				return m, cmd
			}
			if back != nil {
				return m.keySeq(back)
			}
		}
		return m.key(msg)
	case answerGapMsg:
		return m.keySeq(m.answerGapEnded(msg))
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case spinner.TickMsg:
		return m, tea.Batch(m.status.tick(msg), m.reading.tick(msg))
	case windowMsg:
		cmd, err := m.list.onWindow(msg)
		if err != nil {
			return m.withReleased(m.status.setFlash(err.Error(), statusError))
		}
		return m.withReleased(tea.Batch(cmd, m.followDetail()))
	case countMsg:
		cmd, err := m.list.onCount(msg)
		if err != nil {
			return m.withReleased(m.status.setFlash(err.Error(), statusError))
		}
		return m.withReleased(cmd)
	case holdExpiredMsg:
		if msg.seq != m.holdSeq {
			return m, nil
		}
		return m.releaseKeys(true)
	case detailWantMsg:
		return m, m.detail.onWant(msg)
	case paperMsg:
		return m, m.detail.onPaper(msg)
	case linksMsg:
		return m, m.detail.onLinks(msg)
	case dayLinksMsg:
		m.dayLinks = false
		return m, tea.Batch(m.detail.onDayLinks(msg), starNewsCmd(m.ctx, m.db))
	case remoteSearchMsg:
		hint, ok := remoteHint(msg, m.opts.IsOffline)
		m.search.hint = hint
		if !ok {
			return m, nil
		}
		return m, m.requery(true) // what came shows in the same list, the search kept
	case starNewsMsg:
		if text := starNewsText(msg); text != "" {
			return m, m.status.setFlash(text, statusInfo)
		}
		return m, nil
	case renderedMsg:
		return m, m.detail.onRendered(msg)
	case readOpenMsg:
		return m.onReadOpen(msg)
	case textMsg:
		return m, m.reading.setText(msg)
	case textRenderedMsg:
		m.reading.onRendered(msg)
		return m, nil
	case textFetchedMsg:
		return m.onTextFetched(msg)
	case rankedMsg:
		return m.onRanked(msg)
	case dismissedMsg:
		return m.onDismissed(msg)
	case similarMsg:
		m.detail.onSimilar(msg)
		return m, nil
	case zoteroMsg:
		if msg.err != nil {
			return m, m.status.setFlash("Zotero: "+safetext.ScreenLine(msg.err.Error()), statusError)
		}
		return m, m.status.setFlash(msg.id+": "+msg.said, statusInfo)
	case refReadyMsg:
		return m.onRefReady(msg)
	case tagsMsg:
		return m.onTags(msg)
	case editOpenMsg:
		return m.onEditOpen(msg)
	case savedMsg:
		return m.onSaved(msg)
	case userStateMsg:
		return m.onUserState(msg)
	case versionsMsg:
		text, cmd := versionsNotice(msg, m.db, m.writes)
		if text == "" {
			return m, nil
		}
		return m, tea.Batch(m.status.setFlash(text, statusInfo), cmd)
	case starCountMsg:
		if msg.err == nil {
			m.starCount = msg.n
		}
		return m, nil
	case refreshCheckMsg:
		watch := watchChanges(m.ctx, m.db, refreshEvery)
		if !msg.changed {
			return m, watch
		}
		return m, tea.Batch(watch, m.requery(true), starCountCmd(m.ctx, m.db))
	case syncProgressMsg:
		if msg.id != m.syncID {
			return m, nil
		}
		m.status.setSync(progressLine(msg.p), m.status.syncKind)
		if msg.p.New > 0 && m.list.empty() {
			// An empty list fills as soon as papers arrive.
			return m, tea.Batch(waitSync(msg.ch), m.requery(true))
		}
		return m, waitSync(msg.ch)
	case syncDoneMsg:
		// The sync brought the day's papers: their links follow.
		links := m.startDayLinks()
		next, cmd := m.onSyncDone(msg)
		return next, tea.Batch(cmd, starNewsCmd(m.ctx, m.db), links)
	case sampleMsg:
		if msg.err != nil {
			return m, m.status.setFlash("could not load the sample: "+msg.err.Error(), statusError)
		}
		m.status.setSync(sampleLine(m.status.syncLine, msg.n), m.status.syncKind)
		return m, m.requery(false)
	case flashMsg:
		return m, m.status.setFlash(msg.text, msg.kind)
	case clearFlashMsg:
		m.status.clearFlash(msg)
		return m, nil
	}
	return m, nil
}

// focus is where keys go now.
func (m *Model) focus() focus {
	switch {
	case m.search.open:
		return focusSearch
	case m.edit.open:
		return focusEdit
	case m.layout == layoutFilter:
		return focusFilter
	case m.layout == layoutDetail:
		return focusDetail
	case m.layout == layoutReading:
		return focusReading
	}
	return focusList
}

// zoteroMsg says what became of a paper sent to Zotero.
type zoteroMsg struct {
	id, said string
	err      error
}

// quit cancels a running sync and every query, then quits.
func (m *Model) quit() tea.Cmd {
	if m.syncCancel != nil {
		m.syncCancel()
	}
	m.list.cancelAll()
	return tea.Quit
}

// relayout sizes the panes after a resize or a change of panes.
func (m *Model) relayout() tea.Cmd {
	g := m.geo()
	m.help.Width = m.width
	m.list.resize(g.listRows(), g.rowHeight())
	m.filter.resize(g.bodyHeight())
	return tea.Batch(m.list.requestWindow(false), m.detail.resize(g.detailWidth(), g.bodyHeight()), m.followDetail(),
		m.reading.resize(g.width, g.bodyHeight()))
}

// filterNow is the store filter for what the list should show.
func (m *Model) filterNow() store.Filter {
	return m.show.filter(m.opts.Views, m.now())
}

// requery starts a new query generation for what the list shows, and
// the ranking it lists when it is one that is not made yet.
func (m *Model) requery(keepCursor bool) tea.Cmd {
	m.filter.setShown(m.show)
	m.desc = m.show.describe(m.opts.Views)
	f := m.filterNow()
	if g := m.geo(); g.rowHeight() != m.list.rowH {
		m.list.resize(g.listRows(), g.rowHeight()) // a ranked listing's rows carry their reasons
	}
	return tea.Batch(m.wantRanking(f), m.list.requery(f, keepCursor))
}

// followDetail loads the paper under the cursor into a wide terminal's
// detail pane once the cursor rests on it for a moment.
func (m *Model) followDetail() tea.Cmd {
	if !m.geo().wide() || m.layout == layoutFilter || m.layout == layoutReading {
		return nil
	}
	if m.layout == layoutDetail && m.detailFrom == layoutReading {
		return nil // it shows a reference of the text, not the list's paper
	}
	it := m.list.current()
	if it == nil {
		return nil
	}
	return m.detail.follow(it.ID)
}
