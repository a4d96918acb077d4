package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func TestStarNewsOnStart(t *testing.T) {
	for _, tc := range []struct {
		msg  starNewsMsg
		want string
	}{
		{starNewsMsg{}, ""},
		{starNewsMsg{code: 2}, "2 starred papers now have code (News on your stars)"},
		{starNewsMsg{code: 1, model: 3}, "1 starred paper now has code · 3 starred papers now have models (News on your stars)"},
		{starNewsMsg{model: 1}, "1 starred paper now has a model (News on your stars)"},
	} {
		if got := starNewsText(tc.msg); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.msg, got, tc.want)
		}
	}
	ctx := context.Background()
	db := fixtureDB(t)
	for _, id := range []string{"2505.08001", "2505.07002"} {
		if err := db.SetStarred(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	upsert(t, db,
		store.Paper{ID: "2505.08001", Source: store.SourceHF, GitHubRepo: "https://github.com/x/vlm"},
		store.Paper{ID: "2505.07002", Source: store.SourceHF, GitHubRepo: "https://github.com/x/qec"})
	d := newDriver(t, testOptions(db), 120, 30)
	if v := plain(d.m.View()); !strings.Contains(v, "2 starred papers now have code") {
		t.Errorf("status on start:\n%s", v)
	}
	d.press("f")
	var line string
	for _, l := range strings.Split(plain(d.m.View()), "\n") {
		if strings.Contains(l, "News on your stars") {
			line = l
		}
	}
	if !strings.Contains(line, "News on your stars") || !strings.Contains(line, " 2 ") {
		t.Errorf("filter pane: %q", line)
	}
	// Told once: the next start says nothing.
	d2 := newDriver(t, testOptions(db), 120, 30)
	if strings.Contains(plain(d2.m.View()), "now have code") {
		t.Error("the news was told twice")
	}
}
