package ui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestRepeatedFramesChangeOnlyTheirBytes: a frame equal to the previous
// one never goes to the renderer as the same string twice in a row (the
// renderer would keep it and compare it at every tick), yet shows the
// same text in the same styles; a new frame goes out as drawn.
func TestRepeatedFramesChangeOnlyTheirBytes(t *testing.T) {
	var f frameMemo
	a := "\x1b[1mheader\x1b[0m\nrow one\nstatus"
	b := "\x1b[1mheader\x1b[0m\nrow two\nstatus"
	got := []string{f.vary(a), f.vary(a), f.vary(a), f.vary(a), f.vary(b), f.vary(b)}
	if got[0] != a || got[4] != b {
		t.Fatalf("a new frame was changed: %q, %q", got[0], got[4])
	}
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Errorf("frames %d and %d went out as the same string %q", i-1, i, got[i])
		}
	}
	for i, g := range got {
		want := a
		if i >= 4 {
			want = b
		}
		if ansi.Strip(g) != ansi.Strip(want) || strings.TrimSuffix(g, frameMark) != want {
			t.Errorf("frame %d is %q, want %q with at most a trailing reset", i, g, want)
		}
		if strings.Count(g, "\n") != strings.Count(want, "\n") {
			t.Errorf("frame %d has another number of lines: %q", i, g)
		}
	}
	if got := f.vary(""); got != "" {
		t.Errorf("an empty frame became %q", got)
	}
}

// TestIdleReleasesMemoryOnce: the release comes once the reader has been
// idle after start-up, once per idle spell however many keys came, again
// only after new input, and never after the reader stopped.
func TestIdleReleasesMemoryOnce(t *testing.T) {
	var released atomic.Int32
	done := make(chan struct{}, 8)
	r := newIdleRelease(20*time.Millisecond, func() {
		released.Add(1)
		done <- struct{}{}
	})
	waitReleases := func(want int32) {
		t.Helper()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("no release within 10 s; released %d times, want %d", released.Load(), want)
		}
		if got := released.Load(); got != want || r.pending() {
			t.Fatalf("released %d times (pending %v), want %d", got, r.pending(), want)
		}
	}
	waitReleases(1)
	for range 5 {
		r.input()
	}
	if !r.pending() {
		t.Fatal("input did not arm the next release")
	}
	waitReleases(2)
	// Stopped with a release due: a timer that fires anyway (it was
	// already on its way) releases nothing.
	r.after = time.Hour
	r.input()
	r.stop()
	if r.pending() {
		t.Fatal("a release is still due after stop")
	}
	r.fire()
	if got := released.Load(); got != 2 {
		t.Fatalf("released %d times by the time the reader stopped, want 2", got)
	}
}
