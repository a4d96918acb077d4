package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
)

// TestUserStateRoundTrip moves stars, tags, notes, read marks and reading
// positions from one database to another through export --format json
// --starred and import-state, including a paper the new database does not
// hold yet.
func TestUserStateRoundTrip(t *testing.T) {
	cliEnv(t)
	ctx := context.Background()
	oldDB := sampleDB(t)
	ids := []string{"2511.08083", "2511.17127", "2508.15940"}
	for _, args := range [][]string{
		{"star", ids[0], ids[1], ids[2]},
		{"tag", ids[0], "kernels", "to-read"},
		{"tag", ids[2], "asic"},
	} {
		if _, errOut, code := runCLI(t, append([]string{"--db", oldDB}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	db, err := store.Open(oldDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetNote(ctx, ids[1], "compare with MI300X numbers"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRead(ctx, ids[1], true); err != nil {
		t.Fatal(err)
	}
	// Reading positions, one of them of the paper whose record is dropped
	// below; and a text, which the export mentions but does not carry.
	positions := map[string]int{ids[0]: 12, ids[2]: 3}
	for id, block := range positions {
		if err := db.SetReadingPosition(ctx, id, store.ReadingPosition{Block: block}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveText(ctx, store.Text{ID: ids[0], Source: "hf", Markdown: "# HipKittens\n\nFast kernels."}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	file := filepath.Join(t.TempDir(), "state.json")
	if _, errOut, code := runCLI(t, "--db", oldDB, "export", "--format", "json", "--starred", "-o", file); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	// Drop the record of one paper from the export, keeping its state: the
	// new database must keep the state of a paper it does not have.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(raw, &recs); err != nil || len(recs) != 3 {
		t.Fatalf("export: %v, %d records", err, len(recs))
	}
	for _, r := range recs {
		if want := float64(positions[r["id"].(string)]); r["reading_position"] != want {
			t.Errorf("export: %s reading_position = %v, want %v", r["id"], r["reading_position"], want)
		}
		if r["has_text"] != (r["id"] == ids[0]) {
			t.Errorf("export: %s has_text = %v", r["id"], r["has_text"])
		}
		if r["id"] == ids[2] {
			r["title"] = ""
		}
	}
	raw, _ = json.Marshal(recs)
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}

	newDB := filepath.Join(t.TempDir(), "new.db")
	out, errOut, code := runCLI(t, "--db", newDB, "import-state", file)
	if code != 0 || out != "imported the state of 3 papers (2 papers added)\n" {
		t.Fatalf("import-state: exit %d, %q %q", code, out, errOut)
	}
	// Importing twice changes nothing.
	if _, errOut, code := runCLI(t, "--db", newDB, "import-state", file); code != 0 {
		t.Fatalf("import-state again: %s", errOut)
	}
	check := func(db *store.DB) {
		t.Helper()
		for _, id := range ids {
			st, err := db.UserState(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Starred {
				t.Errorf("%s lost its star", id)
			}
		}
		st, _ := db.UserState(ctx, ids[0])
		if strings.Join(st.Tags, " ") != "kernels to-read" {
			t.Errorf("tags of %s = %v", ids[0], st.Tags)
		}
		st, _ = db.UserState(ctx, ids[1])
		if st.Note != "compare with MI300X numbers" || !st.Read {
			t.Errorf("note/read of %s = %q %v", ids[1], st.Note, st.Read)
		}
		st, _ = db.UserState(ctx, ids[2])
		if strings.Join(st.Tags, " ") != "asic" {
			t.Errorf("tags of %s = %v", ids[2], st.Tags)
		}
		for _, id := range ids {
			pos, ok, err := db.ReadingPosition(ctx, id)
			if want, set := positions[id]; err != nil || ok != set || pos.Block != want {
				t.Errorf("reading position of %s = %+v, %v, %v; want %d", id, pos, ok, err, want)
			}
		}
		// Texts stay on the machine that downloaded them.
		if has, err := db.HasText(ctx, ids[0]); has || err != nil {
			t.Errorf("a text came with the state: %v, %v", has, err)
		}
	}
	db2, err := store.Open(newDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	check(db2)
	if have, _ := db2.HasPaper(ctx, ids[2]); have {
		t.Fatalf("%s should not be stored yet", ids[2])
	}
	// Once a sync brings the paper, it shows starred and tagged.
	if _, err := fetch.LoadSample(ctx, db2); err != nil {
		t.Fatal(err)
	}
	p, err := db2.Paper(ctx, ids[2])
	if err != nil || !p.Starred || strings.Join(p.Tags, " ") != "asic" || p.Position != 3 {
		t.Fatalf("paper %s after sync: %v starred=%v tags=%v", ids[2], err, p.Starred, p.Tags)
	}
	n, err := db2.StarCount(ctx)
	if err != nil || n != 3 {
		t.Fatalf("stars = %d, %v", n, err)
	}
}

// A lost database costs at most a day of marks: the day's first sync (or
// reader) writes a backup beside the database, and import-state brings
// the marks back into a new one.
func TestDailyBackupSurvivesALostDatabase(t *testing.T) {
	srv := fixtureServer(t)
	dbPath, env := testEnv(t, srv)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	for _, args := range [][]string{{"star", "2511.08083"}, {"tag", "2511.08083", "kernels"}} {
		if _, errOut, code := paperboy(t, env, args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	if _, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15"); code != 0 {
		t.Fatalf("sync: %s", errOut)
	}
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), "backups", "state-*.json"))
	if len(backups) != 1 {
		t.Fatalf("backups after the day's first sync: %v", backups)
	}
	out, errOut, code := paperboy(t, env, "backup", "-o", filepath.Join(t.TempDir(), "now.json"))
	if code != 0 || !strings.Contains(out, "backed up the state of 1 papers") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}

	// The database is lost.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dbPath + suffix)
	}
	if _, errOut, code := paperboy(t, env, "import-state", backups[0]); code != 0 {
		t.Fatalf("import-state: %s", errOut)
	}
	out, _, _ = paperboy(t, env, "list", "--query", "is:starred tag:kernels", "--json")
	if !strings.Contains(out, `"id": "2511.08083"`) {
		t.Fatalf("after the restore, starred and tagged: %s", out)
	}
}
