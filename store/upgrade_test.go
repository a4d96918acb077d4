package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// copyUpgradeDB copies the schema-4 database the previous release wrote
// (testdata/upgrade at the repository root) to a temporary directory.
func copyUpgradeDB(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "upgrade", "schema4.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "papers.db")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rawUserState reads every row of user state and sync history as stored,
// without going through the store's own reading.
func rawUserState(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]string{}
	for name, q := range map[string]string{
		"user_state": `SELECT id || '|' || coalesce(starred_at, '') || '|' || coalesce(read_at, '') || '|' || note
			FROM user_state ORDER BY id`,
		"user_tags": `SELECT u.id || '|' || t.name FROM user_tags u JOIN tags t ON t.tid = u.tid ORDER BY 1`,
		"syncs": `SELECT id || '|' || source || '|' || request || '|' || started || '|' ||
			coalesce(finished, '') || '|' || fetched || '|' || new || '|' || updated || '|' || error
			FROM syncs ORDER BY id`,
		"papers": `SELECT id || '|' || title || '|' || authors || '|' || published || '|' || daily || '|' ||
			upvotes || '|' || categories FROM papers ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out[name] = append(out[name], s)
		}
		rows.Close()
	}
	return out
}

// The previous release's database opens with this build, migrates, and
// keeps every star, tag, note, read mark and sync record.
func TestUpgradeSchema4KeepsUserState(t *testing.T) {
	path := copyUpgradeDB(t)
	before := rawUserState(t, path)
	if len(before["user_state"]) == 0 || len(before["syncs"]) == 0 {
		t.Fatalf("the fixture has no user state: %v", before)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var version int
	db.sql.QueryRow(`PRAGMA user_version`).Scan(&version)
	if version != SchemaVersion() {
		t.Fatalf("user_version = %d, want %d", version, SchemaVersion())
	}

	// What the previous build said about the starred papers.
	var state []struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		Tags      []string `json:"tags"`
		Starred   bool     `json:"starred"`
		StarredAt string   `json:"starred_at"`
		Read      bool     `json:"read"`
		ReadAt    string   `json:"read_at"`
		Note      string   `json:"note"`
	}
	readJSON(t, "schema4_state.json", &state)
	if len(state) == 0 {
		t.Fatal("no state in schema4_state.json")
	}
	for _, want := range state {
		p, err := db.Paper(ctx, want.ID)
		if err != nil {
			t.Fatalf("%s: %v", want.ID, err)
		}
		tags := slices.Clone(p.Tags)
		slices.Sort(tags)
		wantTags := slices.Clone(want.Tags)
		slices.Sort(wantTags)
		if p.Title != want.Title || p.Starred != want.Starred || p.Read != want.Read ||
			p.Note != want.Note || !slices.Equal(tags, wantTags) {
			t.Errorf("%s after upgrade: title %q starred %v read %v note %q tags %v; want %+v",
				want.ID, p.Title, p.Starred, p.Read, p.Note, p.Tags, want)
		}
		if got := p.StarredAt.UTC().Format(time.RFC3339); want.Starred && got != want.StarredAt {
			t.Errorf("%s starred at %s, want %s", want.ID, got, want.StarredAt)
		}
		if got := p.ReadAt.UTC().Format(time.RFC3339); want.Read && got != want.ReadAt {
			t.Errorf("%s read at %s, want %s", want.ID, got, want.ReadAt)
		}
	}
	if n, err := db.StarCount(ctx); err != nil || n != len(state) {
		t.Errorf("stars = %d, %v; want %d", n, err, len(state))
	}

	// What it said about the syncs.
	var syncs []struct {
		ID       int64  `json:"id"`
		Source   string `json:"source"`
		Request  string `json:"request"`
		Started  string `json:"started"`
		Finished string `json:"finished"`
		Fetched  int    `json:"fetched"`
		New      int    `json:"new"`
		Updated  int    `json:"updated"`
		Error    string `json:"error"`
	}
	readJSON(t, "schema4_syncs.json", &syncs)
	runs, err := db.Syncs(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != len(syncs) {
		t.Fatalf("%d syncs after upgrade, want %d", len(runs), len(syncs))
	}
	for i, want := range syncs {
		r := runs[i]
		got := []any{r.ID, r.Source, r.Request, r.Started.UTC().Format(time.RFC3339),
			r.Finished.UTC().Format(time.RFC3339), r.Fetched, r.New, r.Updated, r.Err}
		w := []any{want.ID, want.Source, want.Request, want.Started, want.Finished,
			want.Fetched, want.New, want.Updated, want.Error}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("sync %d after upgrade = %v, want %v", want.ID, got, w)
		}
	}
	db.Close()

	// And nothing else of it moved: every row of user state, user tags,
	// syncs and the papers' remote fields reads as before.
	after := rawUserState(t, path)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("stored rows changed by the upgrade:\nbefore %v\nafter  %v", before, after)
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "upgrade", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// An upgrade is all or nothing: a migration that fails part-way (a full
// disk, a kill) leaves the database at the version it had, which the
// build that wrote it still opens, whatever migrations before it
// succeeded.
func TestUpgradeIsOneTransaction(t *testing.T) {
	path := copyUpgradeDB(t)
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(migrations[:len(migrations):len(migrations)], func(tx *sql.Tx) error {
		if _, err := tx.Exec(`CREATE TABLE half_done (x)`); err != nil {
			return err
		}
		return errors.New("disk full")
	})
	if db, err := Open(path); err == nil {
		db.Close()
		t.Fatal("the failing upgrade succeeded")
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v, half int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name IN ('half_done', 'texts')").Scan(&half); err != nil {
		t.Fatal(err)
	}
	if v != 4 || half != 0 {
		t.Fatalf("after a failed upgrade: version %d, %d tables of the upgrade left", v, half)
	}
	migrations = saved
	db, err := Open(path)
	if err != nil {
		t.Fatalf("the next upgrade: %v", err)
	}
	db.Close()
}

// TestSearchIndexesMergeLate: a new database and an upgraded one both
// let their search indexes gather 16 segments a level before merging,
// and a search on the upgraded one still finds its papers.
func TestSearchIndexesMergeLate(t *testing.T) {
	upgraded, err := Open(copyUpgradeDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer upgraded.Close()
	for name, db := range map[string]*DB{"new": openTest(t), "upgraded": upgraded} {
		for _, index := range []string{"papers_fts", "recent_fts"} {
			var v int
			if err := db.sql.QueryRow(`SELECT v FROM ` + index + `_config WHERE k = 'automerge'`).Scan(&v); err != nil {
				t.Fatalf("%s database, %s: %v", name, index, err)
			}
			if v != 16 {
				t.Errorf("%s database, %s: automerge = %d, want 16", name, index, v)
			}
		}
	}
	var title string
	if err := upgraded.sql.QueryRow(`SELECT title FROM papers ORDER BY pid LIMIT 1`).Scan(&title); err != nil {
		t.Fatal(err)
	}
	word := strings.Fields(title)[0]
	q, err := ParseQuery(word)
	if err != nil {
		t.Fatal(err)
	}
	n, err := upgraded.Count(context.Background(), Filter{Query: q})
	if err != nil || n == 0 {
		t.Fatalf("search for %q after the upgrade: %d papers, %v", word, n, err)
	}
}
