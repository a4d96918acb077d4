package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// The CLI's output, command by command, against golden files in
// testdata/golden, checked with the golden package the reader's screens
// use: go test -run TestCLIGolden -update rewrites them.

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
		{"man", []string{"man"}},
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
			requireGolden(t, tc.name, []byte(got))
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// goldenName gives golden.RequireEqual the name it makes the file's path
// from (testdata/<name>.golden): the CLI's files are
// testdata/golden/<case>.golden, not testdata/TestCLIGolden/<case>.golden.
type goldenName struct {
	testing.TB
	name string
}

func (g goldenName) Name() string { return g.name }

// requireGolden checks got against testdata/golden/<name>.golden, byte for
// byte. golden.RequireEqual reads "\r\n" as "\n" on both sides and writes
// the file so on -update; the RIS export's lines end in "\r\n", so the
// bytes are compared (and, on -update, written) as they are here too.
func requireGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.RequireEqual(goldenName{t, "golden/" + name}, got)
	path := filepath.Join("testdata", "golden", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s in its line endings (-update rewrites it)\n--- got\n%q\n--- want\n%q", path, got, want)
	}
}
