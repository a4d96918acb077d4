package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// TestRefreshSeesOtherWriters: a star made through another handle on the
// same file (another paperboy) shows after the periodic check.
func TestRefreshSeesOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	upsert(t, other, fixturePapers()...)
	mine, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	d := newDriver(t, testOptions(mine), 100, 30)
	check := func() {
		nm, cmd := d.m.Update(refreshTickMsg{})
		d.m = nm.(Model)
		d.send(cmd())
		d.settle()
	}
	check() // the first check counts as a change: one more requery
	if d.m.starCount != 0 {
		t.Fatalf("stars = %d", d.m.starCount)
	}
	if err := other.SetStarred(context.Background(), fixturePapers()[0].ID, true); err != nil {
		t.Fatal(err)
	}
	check()
	if d.m.starCount != 1 {
		t.Fatalf("a star made elsewhere: stars = %d, want 1", d.m.starCount)
	}
}
