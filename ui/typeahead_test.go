package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// Keys typed faster than the terminal is read arrive as one message; each
// applies to the state the one before it left.
func TestKeysTypedAtOnce(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/vision")})
	d.settle()
	if d.m.focus() != focusSearch || d.m.search.input.Value() != "vision" || d.m.show.query.Empty() {
		t.Fatalf("/vision at once: focus %v, box %q", d.m.focus(), d.m.search.input.Value())
	}
}

// Esc and a key typed at once reach the reader as alt+key: it is both.
func TestEscAndKeyAtOnce(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	d.press("/")
	d.typeText("vision")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?"), Alt: true})
	d.settle()
	if d.m.layout != layoutHelp || !d.m.show.query.Empty() {
		t.Fatalf("esc ? at once: layout %v, query %v", d.m.layout, d.m.show.query)
	}
}

// Opening the filter pane and typing a tag's name and space at once
// selects that tag, though the tags are still loading when space comes.
func TestFilterTypeAheadWhileTagsLoad(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	// Open the pane but hold back its commands (the tags' query) until
	// the keys are in.
	nm, held := d.m.Update(keyMsg("f"))
	d.m = nm.(Model)
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("quant-ph")})
	d.send(keyMsg(" "))
	if d.m.filter.loaded || len(d.m.show.tags) != 0 {
		t.Fatalf("the tags are there before their query ran: %v", d.m.show.tags)
	}
	d.exec(held)
	d.settle()
	want := store.Tag{Kind: store.KindCategory, Name: "quant-ph"}
	if len(d.m.show.tags) != 1 || d.m.show.tags[0] != want {
		t.Fatalf("selected %v, want %v", d.m.show.tags, want)
	}
}

// Option+arrow on macOS sends alt+b and alt+f: in a text input they move
// by words, and the search stays.
func TestAltWordKeysInPrompts(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 100, 30)
	d.press("/")
	d.typeText("vision model")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b"), Alt: true})
	d.settle()
	if d.m.focus() != focusSearch || d.m.search.input.Value() != "vision model" || d.m.search.input.Position() != len("vision ") {
		t.Fatalf("alt+b in the search box: focus %v, value %q, cursor %d", d.m.focus(), d.m.search.input.Value(), d.m.search.input.Position())
	}
}
