package ui

import (
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

func TestTrend(t *testing.T) {
	t0 := time.Date(2025, 5, 10, 8, 0, 0, 0, time.UTC)
	h := []store.HistoryPoint{
		{At: t0, Upvotes: 0},
		{At: t0.Add(2 * time.Hour), Upvotes: 7}, // same day: the later counts
		{At: t0.AddDate(0, 0, 1), Upvotes: 14},
		// no sync on day 2: it keeps day 1's count
		{At: t0.AddDate(0, 0, 3), Upvotes: 35},
		{At: t0.AddDate(0, 0, 4), Upvotes: 72},
	}
	now := t0.AddDate(0, 0, 4).Add(time.Hour)
	if got, want := dailyUpvotes(h, now, 10), []int{7, 14, 14, 35, 72}; !equalInts(got, want) {
		t.Errorf("dailyUpvotes = %v, want %v", got, want)
	}
	if got := dailyUpvotes(h, now, 2); !equalInts(got, []int{35, 72}) {
		t.Errorf("the last 2 days = %v", got)
	}
	for _, tc := range []struct {
		p     store.Paper
		width int
		want  string
	}{
		{store.Paper{History: h, Upvotes24h: 37}, 40, "▁▁▁▄█ +37 today"},
		{store.Paper{History: h, Upvotes24h: 37}, 12, "▁█ +37 today"},
		// Days without a change keep the day before's count.
		{store.Paper{History: h[:1]}, 40, "▁▁▁▁▁"},
	} {
		if got := trend(&tc.p, now, tc.width); got != tc.want {
			t.Errorf("trend(width %d) = %q, want %q", tc.width, got, tc.want)
		}
	}
	// First seen today: no line yet, only the gain.
	for _, tc := range []struct {
		p     store.Paper
		width int
		want  string
	}{
		{store.Paper{History: h[:2], Upvotes24h: 7}, 40, "+7 today"},
		{store.Paper{History: h[:1]}, 40, ""},
	} {
		if got := trend(&tc.p, t0.Add(3*time.Hour), tc.width); got != tc.want {
			t.Errorf("trend(width %d) = %q, want %q", tc.width, got, tc.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
