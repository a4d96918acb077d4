package ui

// The terminal's background, asked without waiting. The first frame comes
// at once, in the theme known so far (COLORFGBG, else dark: see
// ui/termbg); the question goes out with it, and the answer, when the
// terminal gives one, comes in with the keys: Bubble Tea v1 reads it as
// alt+], the runes "11;rgb:RRRR/GGGG/BBBB" (in one message or several)
// and alt+\ or ctrl+g. The reader takes that answer out of the keys and
// restyles; anything else that starts like it is given back as the keys
// it was, in order. A terminal that never answers costs nothing.

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/paperboy-reader/paperboy/ui/markdown"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

// answerWait is how long after asking an answer is still looked for: a
// slow link may bring it late; after that, alt+] is only a key.
const answerWait = 10 * time.Second

// answerGap is how long the keys that may be an answer are held: its
// bytes come together, and a person's alt+] must not wait for the next
// key to act.
const answerGap = 200 * time.Millisecond

// answerGapMsg ends the hold started seq-th, if it still holds.
type answerGapMsg struct{ seq int }

// backgroundAsk is the question's state.
type backgroundAsk struct {
	ask   func() // sends the question (Init); nil when not asking
	until time.Time
	// The keys that may be the answer, and its body so far.
	held []tea.KeyMsg
	body string
	seq  int // holds started, so that an old gap's end is ignored
}

// waiting reports that an answer may still come.
func (b *backgroundAsk) waiting(now time.Time) bool { return !b.until.IsZero() && now.Before(b.until) }

// answerPrefix is what an answer's body starts with.
const answerPrefix = "11;rgb"

// takeAnswer looks at a key for the terminal's answer. It reports true
// when the key was taken (part of an answer, or of what may still be
// one), with the command that restyles once the answer is whole; keys it
// took and then found were not an answer come back to be handled, in
// order, with the key that told.
func (m *Model) takeAnswer(msg tea.KeyMsg) (taken bool, giveBack []tea.KeyMsg, cmd tea.Cmd) {
	b := &m.bg
	if len(b.held) == 0 {
		if !b.waiting(time.Now()) || !msg.Alt || msg.Type != tea.KeyRunes || string(msg.Runes) != "]" {
			return false, nil, nil
		}
		b.held = append(b.held, msg)
		b.seq++
		seq := b.seq
		return true, nil, tea.Tick(answerGap, func(time.Time) tea.Msg { return answerGapMsg{seq: seq} })
	}
	switch {
	case msg.Type == tea.KeyRunes && !msg.Alt && !msg.Paste:
		b.body += string(msg.Runes)
		s := b.body
		if n := min(len(s), len(answerPrefix)); s[:n] == answerPrefix[:n] && len(s) <= 40 {
			b.held = append(b.held, msg)
			return true, nil, nil
		}
	case msg.Alt && msg.Type == tea.KeyRunes && string(msg.Runes) == `\`, msg.Type == tea.KeyCtrlG:
		if dark, ok := theme.ParseBackground(b.body); ok {
			b.held, b.body, b.until = nil, "", time.Time{}
			return true, nil, m.setBackground(dark)
		}
	}
	// Not an answer: the keys were keys.
	back := append(b.held, msg)
	b.held, b.body = nil, ""
	return false, back, nil
}

// answerGapEnded gives back the keys held as a possible answer when none
// came whole within answerGap.
func (m *Model) answerGapEnded(msg answerGapMsg) []tea.KeyMsg {
	b := &m.bg
	if msg.seq != b.seq || len(b.held) == 0 {
		return nil
	}
	back := b.held
	b.held, b.body = nil, ""
	return back
}

// setBackground restyles for the background the terminal gave: the
// colours at the next frame, and the abstract and the text being read
// rendered again.
func (m *Model) setBackground(dark bool) tea.Cmd {
	lipgloss.SetHasDarkBackground(dark)
	style := theme.ForBackground(dark)
	if style == m.reading.style {
		return nil
	}
	m.rend = markdown.New(style)
	m.detail.rend = m.rend
	m.detail.absDone = false
	m.reading.style = style
	m.reading.wantBlock = m.reading.block()
	return tea.Batch(m.detail.layout(), m.reading.render())
}
