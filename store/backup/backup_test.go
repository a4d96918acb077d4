package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
)

func openDB(t *testing.T, name string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The user's work survives the loss of the database: a backup restores
// every star, read mark, tag, note and reading position, of stored papers
// and of papers not stored yet.
func TestBackupRestoresTheUsersWork(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, "a.db")
	if _, err := db.UpsertPapers(ctx, []store.Paper{
		{ID: "2505.09343", Title: "Insights into DeepSeek-V3", Published: "2025-05-14", Source: store.SourceArxiv},
		{ID: "2505.00002", Title: "Untouched", Published: "2025-05-01", Source: store.SourceArxiv},
	}); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetStarred(ctx, "2505.09343", true))
	must(db.SetRead(ctx, "2505.09343", true))
	must(db.SetNote(ctx, "2505.09343", "compare with our kernels"))
	must(db.SetTags(ctx, "2505.09343", "moe", "to-read"))
	must(db.SetReadingPosition(ctx, "2505.09343", store.ReadingPosition{Block: 12}))
	// State of a paper the database does not hold (from an earlier import).
	if _, err := db.ImportUserState(ctx, []store.UserState{{ID: "2401.00001", Starred: true, Tags: []string{"later"}}}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	path, err := Daily(ctx, db, dir, day)
	if err != nil || path == "" {
		t.Fatalf("Daily: %q %v", path, err)
	}
	if again, err := Daily(ctx, db, dir, day.Add(3*time.Hour)); err != nil || again != "" {
		t.Fatalf("a second backup the same day: %q %v", again, err)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	records, err := export.ReadJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 2 {
		t.Fatalf("backup holds %d papers, want the 2 with user state: %+v", len(records), records)
	}
	fresh := openDB(t, "b.db")
	if _, _, err := fresh.RestoreState(ctx, records); err != nil {
		t.Fatal(err)
	}
	st, err := fresh.UserState(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Starred || !st.Read || st.Note != "compare with our kernels" || len(st.Tags) != 2 || st.Position != 12 {
		t.Errorf("restored state: %+v", st)
	}
	if p, err := fresh.Paper(ctx, "2505.09343"); err != nil || p.Title != "Insights into DeepSeek-V3" {
		t.Errorf("restored paper: %v %v", p.Title, err)
	}
	if st, _ := fresh.UserState(ctx, "2401.00001"); !st.Starred || len(st.Tags) != 1 {
		t.Errorf("state of a paper not stored: %+v", st)
	}
}

func TestDailyKeepsTheLastSeven(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, "a.db")
	dir := t.TempDir()
	start := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for d := 0; d < 10; d++ {
		if _, err := Daily(ctx, db, dir, start.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
	}
	// Another program's file in the directory is left alone.
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Daily(ctx, db, dir, start.AddDate(0, 0, 10)); err != nil {
		t.Fatal(err)
	}
	paths, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != Keep || filepath.Base(paths[0]) != "state-2026-11-11.json" || filepath.Base(paths[Keep-1]) != "state-2026-11-05.json" {
		t.Fatalf("kept %v", paths)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("another file was removed: %v", err)
	}
}
