package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// TestRefreshSeesOtherWriters: a star made through another handle on the
// same file (another paperboy) shows after the periodic check.
func TestRefreshSeesOtherWriters(t *testing.T) {
	other, mine := twoHandles(t)
	defer func(was time.Duration) { refreshEvery = was }(refreshEvery)
	refreshEvery = 10 * time.Millisecond
	d := newDriver(t, testOptions(mine), 100, 30)
	if d.m.starCount != 0 {
		t.Fatalf("stars = %d", d.m.starCount)
	}
	if err := other.SetStarred(context.Background(), fixturePapers()[0].ID, true); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); d.m.starCount != 1 && time.Now().Before(deadline); {
		d.settle()
	}
	if d.m.starCount != 1 {
		t.Fatalf("a star made elsewhere: stars = %d, want 1", d.m.starCount)
	}
}

// TestWatchIsQuietWithoutChanges: the watch sends nothing while nobody
// writes (an idle reader gets no update, so draws no frame), and a
// message as soon as someone does.
func TestWatchIsQuietWithoutChanges(t *testing.T) {
	other, mine := twoHandles(t)
	ctx := context.Background()
	if _, err := mine.Changed(ctx); err != nil { // the first check counts as a change
		t.Fatal(err)
	}
	quiet, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if msg := watchChanges(quiet, mine, time.Millisecond)(); msg != nil {
		t.Fatalf("nothing changed, yet the watch sent %#v", msg)
	}
	if err := other.SetStarred(ctx, fixturePapers()[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if msg, ok := watchChanges(ctx, mine, time.Millisecond)().(refreshCheckMsg); !ok || !msg.changed {
		t.Fatalf("after a star elsewhere the watch sent %#v", msg)
	}
}

// twoHandles opens one database twice, as two paperboys would: the
// other writes, mine reads.
func twoHandles(t *testing.T) (other, mine *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	upsert(t, other, fixturePapers()...)
	if mine, err = store.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mine.Close() })
	return other, mine
}
