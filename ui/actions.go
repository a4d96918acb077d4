package ui

import (
	"context"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// currentID is the paper the actions apply to: the one open in the detail
// pane, else the one under the cursor.
func (m *Model) currentID() string {
	if (m.focus == focusDetail || m.detailOpen) && m.detail.paper != nil {
		return m.detail.paper.ID
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

func (m *Model) loadStarCount() tea.Cmd {
	if m.db == nil {
		return nil
	}
	db, ctx := m.db, m.ctx
	return func() tea.Msg {
		n, err := db.StarCount(ctx)
		return starCountMsg{n: n, err: err}
	}
}

// markLocal shows a star or read mark at once, before the store has it.
func (m *Model) markLocal(id string, star, on bool) {
	if it := m.list.findID(id); it != nil {
		if star {
			it.Starred = on
		} else {
			it.Read = on
		}
	}
	if p := m.detail.paper; p != nil && p.ID == id {
		cp := *p
		if star {
			cp.Starred = on
		} else {
			cp.Read = on
		}
		m.detail.paper = &cp
		off := m.detail.vp.YOffset
		m.detail.vp.SetContent(m.detailContent())
		m.detail.vp.SetYOffset(off)
	}
}

func (m *Model) isMarked(id string, star bool) bool {
	if p := m.detail.paper; p != nil && p.ID == id {
		if star {
			return p.Starred
		}
		return p.Read
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
	return m, m.writes.do(func(ctx context.Context) tea.Msg {
		if err := db.SetStarred(ctx, id, on); err != nil {
			return userStateMsg{id: id, star: true, on: on, err: err}
		}
		n, err := db.StarCount(ctx)
		return userStateMsg{id: id, star: true, on: on, stars: n, err: err}
	})
}

func (m Model) toggleRead() (tea.Model, tea.Cmd) {
	id := m.currentID()
	if id == "" {
		return m, nil
	}
	return m, m.setRead(id, !m.isMarked(id, false))
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
		return m, m.setFlash(msg.err.Error(), statusError)
	}
	if !msg.star {
		return m, nil
	}
	m.starCount = msg.stars
	if msg.on {
		return m, m.setFlash("starred", statusOK)
	}
	return m, m.setFlash("unstarred", statusOK)
}

// Opening links.

// startProcess starts a program without waiting for it; tests replace it.
var startProcess = func(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; the browser lives on by itself
	return nil
}

// lookPath finds a program; tests replace it.
var lookPath = exec.LookPath

// opener is the command that opens a URL: $BROWSER, else the platform's
// opener. ok is false when there is none.
func opener(browser string) (name string, args []string, ok bool) {
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
func openURL(browser, url string) tea.Cmd {
	return func() tea.Msg {
		name, args, ok := opener(browser)
		if !ok {
			return flashMsg{text: "no browser found: set $BROWSER (" + url + ")", kind: statusError}
		}
		if err := startProcess(name, append(args, url)...); err != nil {
			return flashMsg{text: "could not open " + url + ": " + err.Error(), kind: statusError}
		}
		return flashMsg{text: "opened " + url, kind: statusOK}
	}
}

func (m *Model) openLink(msg tea.KeyMsg) tea.Cmd {
	id := m.currentID()
	if id == "" {
		return nil
	}
	switch {
	case keyMatches(msg, m.keys.OpenHF):
		return openURL(m.opts.Browser, hfURL(id))
	case keyMatches(msg, m.keys.OpenArxiv):
		return openURL(m.opts.Browser, absURL(id))
	default:
		return openURL(m.opts.Browser, pdfURL(id))
	}
}

// Copying through OSC 52, which terminals (and tmux, and ssh sessions)
// turn into a clipboard write.

// clipboardOut is the terminal that the copy sequence is written to.
var clipboardOut io.Writer = os.Stderr

func copyText(text, what string) tea.Cmd {
	return func() tea.Msg {
		seq := osc52.New(text)
		switch {
		case os.Getenv("TMUX") != "":
			seq = seq.Tmux()
		case strings.HasPrefix(os.Getenv("TERM"), "screen"):
			seq = seq.Screen()
		}
		if _, err := seq.WriteTo(clipboardOut); err != nil {
			return flashMsg{text: "copy failed: " + err.Error(), kind: statusError}
		}
		return flashMsg{text: "copied " + what, kind: statusOK}
	}
}

func (m *Model) copyURL() tea.Cmd {
	id := m.currentID()
	if id == "" {
		return nil
	}
	return copyText(absURL(id), absURL(id))
}

func (m *Model) copyBibTeX() tea.Cmd {
	id := m.currentID()
	if id == "" || m.db == nil {
		return nil
	}
	db, ctx := m.db, m.ctx
	return func() tea.Msg {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return flashMsg{text: err.Error(), kind: statusError}
		}
		return copyText(bibtex(p), "BibTeX for "+id)()
	}
}
