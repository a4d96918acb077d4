package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/ui/config"
)

func TestSavedViewsFirstInFilter(t *testing.T) {
	db := fixtureDB(t)
	cfg, err := config.Parse("c.toml", []byte(`
[[views]]
name = "MoE"
query = "kw:\"mixture of experts\""
`))
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(db)
	opts.Views = cfg.Views
	d := newDriver(t, opts, 160, 40)
	d.press("f")
	want, err := db.Count(context.Background(), store.Filter{Query: cfg.Views[0].Parsed()})
	if err != nil || want != 2 {
		t.Fatalf("view count %d, %v", want, err)
	}
	pane := plain(d.m.filter.view(48, 30, true))
	lines := strings.Split(pane, "\n")
	if !strings.Contains(lines[2], "Saved views") || !strings.Contains(lines[3], "MoE") || !strings.HasSuffix(strings.TrimSpace(lines[3]), "2") {
		t.Fatalf("saved view not first with its count:\n%s", pane)
	}
	d.press("enter") // the cursor starts on the saved view
	if d.m.show.saved != 1 || d.m.list.total != 2 || (d.m.layout == layoutFilter) {
		t.Fatalf("saved view: selected %d, total %d", d.m.show.saved, d.m.list.total)
	}
	if !strings.Contains(plain(header(d.m, 160)), "MoE") {
		t.Errorf("header lacks the view: %q", plain(header(d.m, 160)))
	}
	// A search narrows the view further.
	d.press("/")
	d.typeText("vision")
	d.press("enter")
	if d.m.list.total != 1 {
		t.Fatalf("view + search: total %d", d.m.list.total)
	}
}

func TestExportKey(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 120, 30)
	d.press("E")
	if d.m.focus() != focusEdit || d.m.edit.input.Value() != exportPath {
		t.Fatalf("export prompt: focus %v value %q", d.m.focus(), d.m.edit.input.Value())
	}
	path := filepath.Join(t.TempDir(), "out.ris")
	d.m.edit.input.SetValue(path)
	d.press("enter")
	total, _ := db.Count(context.Background(), store.Filter{})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "ER  - "); n != total || total == 0 {
		t.Fatalf("exported %d records, want %d", n, total)
	}
	if !strings.Contains(plain(statusLine(d.m, 120)), "exported") {
		t.Errorf("status line: %q", plain(statusLine(d.m, 120)))
	}
	// A file name without a known extension is refused in place.
	d.press("E")
	d.m.edit.input.SetValue(filepath.Join(t.TempDir(), "out.txt"))
	d.press("enter")
	if d.m.focus() != focusEdit || d.m.edit.hint == "" {
		t.Fatalf("bad extension accepted")
	}
}
