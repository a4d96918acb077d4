package ui

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestIdleReleasesMemoryOnce: once the reader is idle after input it
// hands memory back, once per idle spell however many keys came, and
// again only after new input.
func TestIdleReleasesMemoryOnce(t *testing.T) {
	defer func(was time.Duration) { idleAfter = was }(idleAfter)
	idleAfter = 20 * time.Millisecond
	var released atomic.Int32
	opts := testOptions(fixtureDB(t))
	opts.ReleaseMemory = func() { released.Add(1) }
	d := newDriver(t, opts, 100, 30)
	waitReleases := func(want int32) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); released.Load() < want && time.Now().Before(deadline); {
			d.settle()
		}
		if got := released.Load(); got != want {
			t.Fatalf("released %d times, want %d", got, want)
		}
	}
	if released.Load() != 0 {
		t.Fatal("released memory before any input")
	}
	for range 5 {
		d.send(keyMsg("j"))
	}
	waitReleases(1)
	// No input: no idle check is scheduled, and nothing more is released.
	if d.m.idle.pending {
		t.Fatal("an idle check is still scheduled after the release")
	}
	d.settle()
	if got := released.Load(); got != 1 {
		t.Fatalf("released %d times without new input, want 1", got)
	}
	d.press("k")
	waitReleases(2)
}
