package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
)

var update = flag.Bool("update", false, "rewrite the golden files of the CLI tests")

// sampleDB makes a database holding the bundled sample.
func sampleDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "papers.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := fetch.LoadSample(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return path
}

// cliEnv isolates the commands from the machine's own files.
func cliEnv(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("PAPERBOY_DB", "")
	t.Setenv("PAPERBOY_CONFIG", "")
	t.Setenv("NO_COLOR", "1")
	return home
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestCLIGolden(t *testing.T) {
	home := cliEnv(t)
	db := sampleDB(t)
	good := filepath.Join("ui", "testdata", "config", "good_full.toml")
	bad := filepath.Join("ui", "testdata", "config", "bad_unknown_key.toml")
	const one = "2511.08083"
	cases := []struct {
		name string
		args []string
	}{
		{"version", []string{"--version"}},
		{"list", []string{"--db", db, "list", "--limit", "5"}},
		{"list_json", []string{"--db", db, "list", "--limit", "2", "--json"}},
		{"list_query", []string{"--db", db, "list", "--query", "amd OR fpga", "--sort", "top"}},
		{"list_bad_query", []string{"--db", db, "list", "--query", `"open`}},
		{"show", []string{"--db", db, "show", one}},
		{"show_json", []string{"--db", db, "show", "--json", "arXiv:" + one + "v2"}},
		{"show_missing", []string{"--db", db, "show", "2101.00001"}},
		{"show_no_id", []string{"--db", db, "show"}},
		{"stats", []string{"--db", db, "stats", "--top", "5", "--months", "6"}},
		{"stats_json", []string{"--db", db, "stats", "--json", "--top", "3", "--months", "3"}},
		{"syncs_json", []string{"--db", db, "syncs", "--json"}},
		{"config_defaults", []string{"config"}},
		{"config_file", []string{"--config", good, "config"}},
		{"config_json", []string{"--config", good, "config", "--json"}},
		{"config_bad", []string{"--config", bad, "config"}},
		{"reader_bad_config", []string{"--config", bad, "--db", db}},
		{"export_bibtex", []string{"--db", db, "export", "--format", "bibtex", "--query", "amd"}},
		{"export_markdown", []string{"--db", db, "export", "--format", "markdown", "--query", "hipkittens"}},
		{"export_json", []string{"--db", db, "export", "--format", "json", "--query", "hipkittens"}},
		{"export_csv", []string{"--db", db, "export", "--format", "csv", "--query", "amd"}},
		{"export_ris", []string{"--db", db, "export", "--format", "ris", "--query", "hipkittens"}},
		{"export_bad_format", []string{"--db", db, "export", "--format", "docx"}},
		{"help_keys", []string{"help", "keys"}},
		{"help_export", []string{"help", "export"}},
		{"list_help", []string{"list", "--help"}},
		{"unknown_command", []string{"frobnicate"}},
		{"unknown_flag", []string{"list", "--frobnicate"}},
		{"completion_bad", []string{"completion"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.args...)
			got := "exit " + itoa(code) + "\n--- stdout\n" + out + "--- stderr\n" + errOut
			got = strings.ReplaceAll(got, home, "$HOME")
			got = strings.ReplaceAll(got, filepath.Dir(db), "$DBDIR")
			golden := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestCLIGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (-update rewrites it)\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestCLICompletionAndMan(t *testing.T) {
	cliEnv(t)
	for _, sh := range []string{"bash", "zsh", "fish"} {
		out, errOut, code := runCLI(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "paperboy") || errOut != "" {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", sh, code, len(out), errOut)
		}
	}
	out, _, code := runCLI(t, "man")
	for _, want := range []string{".TH PAPERBOY 1", ".SH COMMANDS", `\fBpaperboy export\fR`, ".SH KEYS", "export list to a file", ".SH EXIT STATUS"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("man page lacks %q (exit %d)", want, code)
		}
	}
	// Every command takes --help and shows an example.
	root := (&cli{}).commands()
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		out, _, code := runCLI(t, c.Name(), "--help")
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d, no examples:\n%s", c.Name(), code, out)
		}
	}
}

// TestUserStateRoundTrip moves stars, tags, notes and read marks from one
// database to another through export --format json --starred and
// import-state, including a paper the new database does not hold yet.
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
	if err != nil || !p.Starred || strings.Join(p.Tags, " ") != "asic" {
		t.Fatalf("paper %s after sync: %v starred=%v tags=%v", ids[2], err, p.Starred, p.Tags)
	}
	n, err := db2.StarCount(ctx)
	if err != nil || n != 3 {
		t.Fatalf("stars = %d, %v", n, err)
	}
}
