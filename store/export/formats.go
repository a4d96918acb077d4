// Package export writes papers in the formats other tools read (BibTeX,
// CSL JSON, Markdown, JSON, CSV, RIS), the plain and Markdown text of one paper, and
// reads back the JSON that `import-state` restores. `paperboy export`,
// `list --json`, `show`, the reader's export and copy keys, the help texts
// and the shell completion all take their formats from here.
package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// Format is one export format: its name, the other names and file
// extensions it answers to, and its writer.
type Format struct {
	Name    string
	Aliases []string
	Exts    []string // with the dot, lower case
	Write   func(w io.Writer, papers []store.Paper) error
}

// formats are the formats, in the order help lists them.
var formats = []Format{
	{Name: "bibtex", Aliases: []string{"bib"}, Exts: []string{".bib", ".bibtex"}, Write: writeBibTeX},
	{Name: "csl-json", Aliases: []string{"csl", "csljson"}, Exts: []string{".csl.json"}, Write: writeCSL},
	{Name: "markdown", Aliases: []string{"md"}, Exts: []string{".md", ".markdown"}, Write: writeMarkdown},
	{Name: "json", Exts: []string{".json"}, Write: WriteJSON},
	{Name: "csv", Exts: []string{".csv"}, Write: writeCSV},
	{Name: "ris", Exts: []string{".ris"}, Write: writeRIS},
}

// Formats lists every format.
func Formats() []Format { return append([]Format(nil), formats...) }

// Names are the formats' names, in order.
func Names() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return names
}

// Extensions are each format's own file extension (the first it answers
// to), in order.
func Extensions() []string {
	exts := make([]string, len(formats))
	for i, f := range formats {
		exts[i] = f.Exts[0]
	}
	return exts
}

// Lookup finds a format by its name or an alias, in any case.
func Lookup(name string) (Format, bool) {
	name = strings.ToLower(name)
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return Format{}, false
}

// ForPath picks the format a file name's extension names, the longest
// that matches (a.csl.json is CSL JSON, a.json paperboy's JSON); ok is
// false for any other extension.
func ForPath(path string) (Format, bool) {
	name := strings.ToLower(filepath.Base(path))
	var best Format
	n := 0
	for _, f := range formats {
		for _, e := range f.Exts {
			if len(e) > n && len(name) > len(e) && strings.HasSuffix(name, e) {
				best, n = f, len(e)
			}
		}
	}
	return best, n > 0
}

// Write writes papers in the named format.
func Write(w io.Writer, format string, papers []store.Paper) error {
	f, ok := Lookup(format)
	if !ok {
		return fmt.Errorf("unknown export format %q (use %s)", format, strings.Join(Names(), ", "))
	}
	return f.Write(w, papers)
}

// WriteFile writes papers to a file in a format, whole or not at all.
func WriteFile(path, format string, papers []store.Paper) error {
	return WriteFileWith(path, func(w io.Writer) error { return Write(w, format, papers) })
}

// WriteFileWith writes a file whole or not at all: write fills a
// temporary file in the same directory, renamed over the target when it
// succeeded (a feed reader polling the file never sees half of it).
func WriteFileWith(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".paperboy-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
