package fetch

import (
	"testing"
	"time"
)

func TestCatchUp(t *testing.T) {
	now := time.Date(2025, 5, 20, 8, 0, 0, 0, time.UTC)
	f := Follow{HuggingFace: true, Days: 7}
	for _, tc := range []struct {
		last     time.Time
		max      int
		wantDays int
		from     string
	}{
		{time.Time{}, 30, 0, ""},                            // never synced: the configured days
		{now.Add(-time.Hour), 30, 0, ""},                    // synced today
		{now.AddDate(0, 0, -6), 30, 0, ""},                  // within the 7 days
		{now.AddDate(0, 0, -12), 30, 13, "2025-05-08"},      // the last sync's day to today
		{now.AddDate(0, 0, -100), 30, 30, "2025-04-21"},     // at most the maximum
		{now.AddDate(0, 0, -100).Add(-time.Hour), 5, 0, ""}, // a maximum below days: days
	} {
		got, days, from := CatchUp(f, tc.last, now, tc.max)
		if days != tc.wantDays || from != tc.from || (days > 0 && got.Days != days) || (days == 0 && got.Days != 7) {
			t.Errorf("last %v max %d: %d days from %q (Days %d), want %d from %q", tc.last, tc.max, days, from, got.Days, tc.wantDays, tc.from)
		}
	}
	if _, days, _ := CatchUp(Follow{Days: 7}, now.AddDate(0, 0, -20), now, 30); days != 0 {
		t.Error("caught up without Hugging Face followed")
	}
}
