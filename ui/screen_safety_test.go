package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/paperboy-reader/paperboy/store"
)

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain":                          "plain",
		"red\x1b[31mtext\x1b[0m":         "redtext",
		"osc\x1b]52;c;ZXZpbA==\x07after": "oscafter",
		"bell\x07 nul\x00 del\x7f":       "bell nul del",
		"c1\u009b31m":                    "c1",
		"bidi\u202egnp.exe\u202c":        "bidignp.exe",
		"marks\u200e\u200f\u061c\u2066":  "marks",
		"keep\nlines\tand tabs":          "keep\nlines    and tabs", // a tab is as wide as the layout counts it
		"cr\r\nlf":                       "cr\n\nlf",
		"数学 🚀":                           "数学 🚀",
	}
	for in, want := range cases {
		if got := safetext.Screen(in); got != want {
			t.Errorf("safetext.Screen(%q) = %q, want %q", in, got, want)
		}
	}
	if got := safetext.ScreenLine("a\n b\t\tc"); got != "a b c" {
		t.Errorf("cleanLine = %q", got)
	}
}

func TestRemoteControlSequencesNeverReachTheScreen(t *testing.T) {
	db := openDB(t)
	upsert(t, db, store.Paper{ID: "2505.00001", Title: "Evil \x1b]0;pwned\x07title\u202e", Abstract: "x\x1b[2J",
		Authors: []string{"Mallory\x1b[31m"}, Published: "2025-05-01", Source: store.SourceHF, OrgDisplay: "Org\x9b1m"})
	d := newDriver(t, testOptions(db), 160, 48)
	v := d.m.View()
	// Only the reader's own SGR styling may remain; with the ASCII
	// profile of the tests there is none.
	v = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(v, "")
	// And its own links, to the pages it names.
	v = regexp.MustCompile(`\x1b\]8;;(https://(huggingface\.co/papers|arxiv\.org/(abs|pdf))/2505\.00001)?\x1b\\`).ReplaceAllString(v, "")
	if strings.ContainsAny(v, "\x1b\x07\u202e\u009b") || strings.Contains(v, "\x9b") {
		t.Fatalf("control characters on screen: %q", v)
	}
}
