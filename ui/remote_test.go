package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func TestSearchBeyondTheLibrary(t *testing.T) {
	db := fixtureDB(t)
	var asked []string
	offline := errors.New("dial tcp: network is unreachable")
	down := false
	opts := testOptions(db)
	opts.IsOffline = func(err error) bool { return errors.Is(err, offline) }
	opts.SearchRemote = func(ctx context.Context, q string) (int, error) {
		asked = append(asked, q)
		if down {
			return 0, offline
		}
		_, err := db.UpsertPapers(ctx, []store.Paper{{ID: "2505.99999", Title: "Zebrafish locomotion from the Hub",
			Published: "2025-05-16", Daily: "2025-05-16", Source: store.SourceHF}})
		return 1, err
	}
	d := newDriver(t, opts, 100, 24)
	d.press("/")
	d.typeText("zebrafish")
	if d.m.list.total != 0 {
		t.Fatalf("the library already has it: %d", d.m.list.total)
	}
	d.press("ctrl+r")
	v := plain(d.m.View())
	if d.m.list.total != 1 || !strings.Contains(v, "Zebrafish locomotion from the Hub") || !strings.Contains(v, "1 from Hugging Face") {
		t.Fatalf("after asking Hugging Face (%d):\n%s", d.m.list.total, v)
	}
	if d.m.focus() != focusSearch || d.m.search.input.Value() != "zebrafish" {
		t.Error("the search was left")
	}
	down = true
	d.typeText(" swim")
	d.press("ctrl+r")
	if v := plain(d.m.View()); !strings.Contains(v, "offline") {
		t.Errorf("offline, the hint says:\n%s", v)
	}
	if len(asked) != 2 || asked[1] != "zebrafish swim" {
		t.Errorf("asked %q", asked)
	}
}
