package ui

import (
	"context"
	"io"
	"os/exec"
	"runtime"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// currentID is the paper the actions apply to: the one open in the detail
// pane, else the one under the cursor.
func (m *Model) currentID() string {
	if m.layout == layoutReading && m.reading.id != "" {
		return m.reading.id
	}
	if p := m.detail.showing(); m.layout == layoutDetail && p != nil {
		return p.ID
	}
	if it := m.list.current(); it != nil {
		return it.ID
	}
	return ""
}

// userStateMsg reports a saved star or read mark.
type userStateMsg struct {
	id    string
	star  bool // a star, else a read mark
	on    bool
	stars int
	err   error
}

type starCountMsg struct {
	n   int
	err error
}

func starCountCmd(ctx context.Context, db *store.DB) tea.Cmd {
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		n, err := db.StarCount(ctx)
		return starCountMsg{n: n, err: err}
	}
}

// markLocal shows a star or read mark at once, before the store has it.
func (m *Model) markLocal(id string, star, on bool) {
	m.list.mark(id, star, on)
	m.detail.mark(id, star, on)
	m.reading.mark(id, star, on)
}

func (m *Model) isMarked(id string, star bool) bool {
	if on, ok := m.detail.marked(id, star); ok {
		return on
	}
	if on, ok := m.reading.marked(id, star); ok {
		return on
	}
	if it := m.list.findID(id); it != nil {
		if star {
			return it.Starred
		}
		return it.Read
	}
	return false
}

func (m Model) toggleStar() (tea.Model, tea.Cmd) {
	id := m.currentID()
	if id == "" || m.db == nil {
		return m, nil
	}
	on := !m.isMarked(id, true)
	m.markLocal(id, true, on)
	db := m.db
	save := m.writes.do(func(ctx context.Context) tea.Msg {
		if err := db.SetStarred(ctx, id, on); err != nil {
			return userStateMsg{id: id, star: true, on: on, err: err}
		}
		n, err := db.StarCount(ctx)
		return userStateMsg{id: id, star: true, on: on, stars: n, err: err}
	})
	if on && m.opts.FetchText != nil {
		// Read later works on a plane: the text comes down now.
		return m, tea.Batch(save, fetchTextCmd(m.ctx, m.db, m.opts.FetchText, id, true))
	}
	return m, save
}

// setRead marks a paper read or unread, on screen at once and in the store
// in a command.
func (m *Model) setRead(id string, on bool) tea.Cmd {
	if m.db == nil {
		return nil
	}
	m.markLocal(id, false, on)
	db := m.db
	return m.writes.do(func(ctx context.Context) tea.Msg {
		return userStateMsg{id: id, on: on, err: db.SetRead(ctx, id, on)}
	})
}

func (m Model) onUserState(msg userStateMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.markLocal(msg.id, msg.star, !msg.on)
		return m, m.status.setFlash(msg.err.Error(), statusError)
	}
	if !msg.star {
		return m, nil
	}
	m.starCount = msg.stars
	m.staleRankings()
	if msg.on {
		return m, m.status.setFlash("starred", statusOK)
	}
	return m, m.status.setFlash("unstarred", statusOK)
}

// Opening links.

// startProcess starts a program without waiting for it (Options.StartProcess
// by default).
func startProcess(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; the browser lives on by itself
	return nil
}

// lookPath finds a program (Options.LookPath by default).
func lookPath(file string) (string, error) { return exec.LookPath(file) }

// opener is the command that opens a URL: $BROWSER, else the platform's
// opener. ok is false when there is none.
func opener(browser string, lookPath func(string) (string, error)) (name string, args []string, ok bool) {
	if f := strings.Fields(browser); len(f) > 0 {
		// $BROWSER may list several, separated by colons.
		for _, cand := range strings.Split(browser, ":") {
			f := strings.Fields(cand)
			if len(f) == 0 {
				continue
			}
			if _, err := lookPath(f[0]); err == nil {
				return f[0], f[1:], true
			}
		}
	}
	var cands []string
	switch runtime.GOOS {
	case "darwin":
		cands = []string{"open"}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler"}, true
	default:
		cands = []string{"xdg-open", "gio", "sensible-browser"}
	}
	for _, c := range cands {
		if _, err := lookPath(c); err == nil {
			if c == "gio" {
				return c, []string{"open"}, true
			}
			return c, nil, true
		}
	}
	return "", nil, false
}

// openURL opens a URL in a command and reports in the status line.
func (o *Options) openURL(url string) tea.Cmd {
	browser, startProcess, lookPath := o.Browser, o.StartProcess, o.LookPath
	return func() tea.Msg {
		name, args, ok := opener(browser, lookPath)
		if !ok {
			return flashMsg{text: "no browser found: set $BROWSER (" + url + ")", kind: statusError}
		}
		if err := startProcess(name, append(args, url)...); err != nil {
			return flashMsg{text: "could not open " + url + ": " + err.Error(), kind: statusError}
		}
		return flashMsg{text: "opened " + url, kind: statusOK}
	}
}

// Copying through OSC 52, which terminals (and tmux, and ssh sessions)
// turn into a clipboard write.

func copyText(out io.Writer, text, what string) tea.Cmd {
	return func() tea.Msg {
		seq := osc52.New(text)
		switch {
		case config.VarTmux.Get() != "":
			seq = seq.Tmux()
		case strings.HasPrefix(config.VarTerm.Get(), "screen"):
			seq = seq.Screen()
		}
		if _, err := seq.WriteTo(out); err != nil {
			return flashMsg{text: "copy failed: " + err.Error(), kind: statusError}
		}
		return flashMsg{text: "copied " + what, kind: statusOK}
	}
}

// linkKey opens one of the paper's pages or copies its URL or BibTeX.
func (m *Model) linkKey(msg tea.KeyMsg) tea.Cmd {
	id := m.currentID()
	if id == "" {
		return nil
	}
	k := m.keys
	switch {
	case keyMatches(msg, k.OpenHF):
		return m.opts.openURL(export.HFURL(id))
	case keyMatches(msg, k.OpenArxiv):
		return m.opts.openURL(export.AbsURL(id))
	case keyMatches(msg, k.OpenPDF):
		return m.opts.openURL(export.PDFURL(id))
	case keyMatches(msg, k.CopyURL):
		return copyText(m.opts.Clipboard, export.AbsURL(id), export.AbsURL(id))
	}
	if m.db == nil {
		return nil
	}
	db, ctx, out := m.db, m.ctx, m.opts.Clipboard
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return flashMsg{text: err.Error(), kind: statusError}
		}
		return copyText(out, export.BibTeX(p), "BibTeX for "+id)()
	}
}
