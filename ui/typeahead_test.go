package ui

import (
	"context"
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

// update applies msg and returns the commands it started without running
// them: what they fetch has not come yet.
func (d *driver) update(msg tea.Msg) tea.Cmd {
	nm, cmd := d.m.Update(msg)
	d.m = nm.(Model)
	return cmd
}

// A key for the paper under the cursor, typed while a new listing is on
// its way (enter on a search, then s at once), applies to the listing's
// first paper when it comes, not to nothing, and not to the old rows.
func TestPaperKeyWaitsForItsRow(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 100, 30)
	d.press("/")
	d.typeText("quantu")
	query := d.update(keyMsg("m")) // the listing of "quantum", not run yet
	enter := d.update(keyMsg("enter"))
	star := d.update(keyMsg("s"))
	if len(d.m.held) != 1 || star == nil {
		t.Fatalf("s before its row came: held %d keys", len(d.m.held))
	}
	if n, err := db.Count(context.Background(), store.Filter{View: store.ViewStarred}); err != nil || n != 0 {
		t.Fatalf("starred before the row came: %d %v", n, err)
	}
	d.exec(query)
	d.exec(enter)
	d.settle()
	if len(d.m.held) != 0 {
		t.Fatalf("%d keys still held once the row came", len(d.m.held))
	}
	p, err := db.Paper(context.Background(), "2505.07002")
	if err != nil || !p.Starred {
		t.Fatalf("the quantum survey, first of its search, is not starred: %v %v", p.Starred, err)
	}
	if n, _ := db.Count(context.Background(), store.Filter{View: store.ViewStarred}); n != 1 {
		t.Fatalf("%d papers starred, want the one", n)
	}
}

// Keys typed behind a waiting key wait too, in order; quitting does not
// wait, and after holdLimit the keys go to whatever is there.
func TestHeldKeysKeepOrder(t *testing.T) {
	db := bigDB(t, 500)
	d := newDriver(t, testOptions(db), 100, 30)
	d.settle()
	window := d.update(keyMsg("G")) // the last row is outside the loaded window
	if !d.m.list.pending() {
		t.Fatal("G: the last row is not on its way")
	}
	d.update(keyMsg("s"))
	d.update(keyMsg("j"))
	d.update(keyMsg("f"))
	if len(d.m.held) != 3 || d.m.layout != layoutList {
		t.Fatalf("held %d keys, layout %v", len(d.m.held), d.m.layout)
	}
	d.update(holdExpiredMsg{seq: d.m.holdSeq - 1}) // an older wait's clock
	if len(d.m.held) != 3 {
		t.Fatalf("a stale clock released the keys")
	}
	d.exec(d.update(holdExpiredMsg{seq: d.m.holdSeq}))
	if len(d.m.held) != 0 || d.m.layout != layoutFilter {
		t.Fatalf("after the wait: held %d, layout %v (f not applied)", len(d.m.held), d.m.layout)
	}
	d.exec(window) // the last row comes after all
	d.settle()
	if n, _ := db.Count(context.Background(), store.Filter{View: store.ViewStarred}); n != 0 {
		t.Fatalf("s, past its wait, starred %d papers it could not see", n)
	}

	d2 := newDriver(t, testOptions(bigDB(t, 500)), 100, 30)
	d2.settle()
	d2.update(keyMsg("G"))
	d2.update(keyMsg("s"))
	if cmd := d2.update(keyMsg("q")); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q waited behind a held key")
	}
}
