package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// asking makes the driver's reader wait for the terminal's answer, as Run
// does when the theme follows the terminal.
func asking(d *driver) {
	d.m.bg.until = time.Now().Add(answerWait)
	d.m.bg.ask = nil
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func altRunes(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Alt: true}
}

// The terminal's answer comes in with the keys, split as the reads split
// it, amid keys typed in the search prompt: it restyles the reader, and
// the prompt holds the keys and nothing of the answer.
func TestBackgroundAnswerAmidKeys(t *testing.T) {
	defer lipgloss.SetHasDarkBackground(lipgloss.HasDarkBackground())
	for _, tc := range []struct {
		name  string
		parts []tea.KeyMsg
		style string
	}{
		{"light, ended by ST", []tea.KeyMsg{altRunes("]"), runes("11;rgb:ffff/"), runes("ffff/f0f0"), altRunes(`\`)}, "light"},
		{"dark, ended by BEL", []tea.KeyMsg{altRunes("]"), runes("11;rgb:1e1e/1e1e/2e2e"), {Type: tea.KeyCtrlG}}, "dark"},
		{"light, two hex digits", []tea.KeyMsg{altRunes("]"), runes("11;rgb:ff/ff/ff"), altRunes(`\`)}, "light"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lipgloss.SetHasDarkBackground(true)
			d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
			asking(d)
			d.press("/")
			d.typeText("vis")
			for _, k := range tc.parts {
				d.send(k)
			}
			d.typeText("ion")
			d.settle()
			if got := d.m.search.input.Value(); got != "vision" || d.m.focus() != focusSearch {
				t.Fatalf("search box %q (focus %v), want \"vision\" still being typed", got, d.m.focus())
			}
			if d.m.reading.style.Name != tc.style || lipgloss.HasDarkBackground() != (tc.style == "dark") {
				t.Fatalf("style %q, dark %v; want %s", d.m.reading.style.Name, lipgloss.HasDarkBackground(), tc.style)
			}
			if d.m.bg.waiting(time.Now()) {
				t.Fatal("still waiting for an answer that came")
			}
		})
	}
}

// Keys that start like an answer and are not one are the keys they were,
// in order: alt+] (esc and ], typed at once) leaves the search prompt, /
// opens it again, and what follows is typed in it.
func TestNotAnAnswerIsKeys(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	asking(d)
	d.press("/")
	d.typeText("vision")
	d.send(altRunes("]"))
	if len(d.m.bg.held) != 1 || d.m.focus() != focusSearch {
		t.Fatalf("alt+] with a question out: held %v, focus %v; want it held", d.m.bg.held, d.m.focus())
	}
	d.send(runes("/"))
	d.send(runes("ab"))
	d.settle()
	if d.m.focus() != focusSearch || d.m.search.input.Value() != "ab" {
		t.Fatalf("after alt+] / ab: focus %v, box %q; want a new search prompt holding \"ab\"", d.m.focus(), d.m.search.input.Value())
	}
	if len(d.m.bg.held) != 0 || !d.m.bg.waiting(time.Now()) {
		t.Fatalf("held %v, waiting %v: want nothing held and the answer still awaited", d.m.bg.held, d.m.bg.waiting(time.Now()))
	}

	// Without a question out, alt+] is a key at once.
	d = newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	d.press("/")
	d.typeText("vision")
	d.send(altRunes("]"))
	d.settle()
	if d.m.focus() == focusSearch || len(d.m.bg.held) != 0 {
		t.Fatalf("alt+] with no question out: focus %v, held %v", d.m.focus(), d.m.bg.held)
	}
}

// A person's alt+] while an answer is awaited acts once the gap an
// answer's bytes come in has passed, without waiting for another key.
func TestAltBracketAloneActs(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	asking(d)
	d.press("/")
	d.typeText("vision")
	cmd := d.update(altRunes("]"))
	if len(d.m.bg.held) != 1 || cmd == nil {
		t.Fatalf("alt+] with a question out: held %v; want it held, with a command ending the hold", d.m.bg.held)
	}
	d.exec(cmd) // the gap passes
	d.settle()
	if d.m.focus() == focusSearch || len(d.m.bg.held) != 0 {
		t.Fatalf("after the gap: focus %v, held %v; want esc and ] applied", d.m.focus(), d.m.bg.held)
	}
}

// An abstract rendered in the old style that comes after the answer
// restyled the reader is dropped: the detail stays in the new style.
func TestStaleRenderAfterRestyle(t *testing.T) {
	defer lipgloss.SetHasDarkBackground(lipgloss.HasDarkBackground())
	lipgloss.SetHasDarkBackground(true)
	d := newDriver(t, testOptions(fixtureDB(t)), 160, 40)
	d.settle()
	if d.m.detail.paper == nil || !d.m.detail.absDone {
		t.Fatal("no abstract on show to restyle")
	}
	old, key := d.m.detail.rend, d.m.detail.absKey
	asking(d)
	for _, k := range []tea.KeyMsg{altRunes("]"), runes("11;rgb:ffff/ffff/ffff"), altRunes(`\`)} {
		d.send(k)
	}
	d.settle()
	light := d.m.detail.abs
	if d.m.detail.rend == old || d.m.reading.style.Name != "light" {
		t.Fatal("the answer did not restyle the detail")
	}
	d.send(renderedMsg{key: key, rend: old, out: "stale, in the dark style"})
	if d.m.detail.abs != light {
		t.Fatalf("a render from the old style replaced the new one: %q", d.m.detail.abs)
	}
}
