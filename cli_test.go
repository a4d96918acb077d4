package main

// The CLI in process: run() with its arguments, the environment kept
// away from the machine's own files.

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
)

// sampleDB makes a database holding the bundled sample.
func sampleDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "papers.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The sample's history starts at a fixed time, so the JSON goldens
	// stay the same from run to run.
	db.SetClock(func() time.Time { return time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC) })
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

func TestCLICompletionAndMan(t *testing.T) {
	cliEnv(t)
	for _, sh := range []string{"bash", "zsh", "fish"} {
		out, errOut, code := runCLI(t, "completion", sh)
		if code != 0 || !strings.Contains(out, "paperboy") || errOut != "" {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", sh, code, len(out), errOut)
		}
	}
	out, _, code := runCLI(t, "man")
	for _, want := range []string{".TH PAPERBOY 1", ".SH COMMANDS", `\fBexport\fP`, ".SH KEYS", "export list to a file", ".SH EXIT STATUS", `\fBZOTERO_API_KEY\fP`} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("man page lacks %q (exit %d)", want, code)
		}
	}
	// Every command takes --help and shows an example.
	root := newRootCmd(&cli{})
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
