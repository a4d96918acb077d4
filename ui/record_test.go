package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// The detail pane shows the full record, and the reader says once that
// arXiv has a new version of a starred paper.
func TestFullRecordAndNewVersionOfAStar(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	p := store.Paper{ID: "2505.09343", Title: "Insights into DeepSeek-V3", Authors: []string{"Chenggang Zhao"},
		Abstract: "Context: limits.\n\nMethods: co-design.", Published: "2025-05-14", Categories: []string{"cs.DC"},
		Version: 2, Revised: "2025-05-20", Source: store.SourceArxiv}
	upsert(t, db, p)
	if err := db.SetStarred(ctx, p.ID, true); err != nil {
		t.Fatal(err)
	}
	p.Version, p.Revised = 3, "2025-06-02"
	p.DOI, p.JournalRef = "10.1145/3695053.3731412", "ISCA '25"
	upsert(t, db, p)

	d := newDriver(t, testOptions(db), 160, 48)
	screen := plain(d.m.View())
	for _, want := range []string{
		"v3 of a starred paper: Insights into DeepSeek-V3",
		"2025-05-14 · v3, updated 2025-06-02",
		"DOI          10.1145/3695053.3731412",
		"Journal      ISCA '25",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	// Said once: the next reader does not say it again.
	d2 := newDriver(t, testOptions(db), 160, 48)
	if s := plain(d2.m.View()); strings.Contains(s, "starred paper") {
		t.Errorf("the notice came again:\n%s", s)
	}
}
