package ui

import (
	"strings"

	"github.com/paperboy-reader/paperboy/fetch"
)

// clean makes remote text safe to put on the screen with the same
// sanitiser every remote string went through before it was stored
// (fetch.CleanText: escape sequences, C0 and C1 controls, DEL, bidi
// overrides and invalid UTF-8 go). Carriage returns show as line breaks.
//
// The store only ever holds sanitised text, but everything that reaches
// the terminal goes through here again.
func clean(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return fetch.CleanText(s)
}

// cleanLine is clean for text shown on one line: newlines and tabs become
// single spaces and runs of spaces collapse.
func cleanLine(s string) string {
	s = clean(s)
	if !strings.ContainsAny(s, "\n\t  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
