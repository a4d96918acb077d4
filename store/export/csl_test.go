package export

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paperboy-reader/paperboy/store"
)

// testdata/csl-data.json is the CSL-JSON schema as the Citation Style
// Language project publishes it (github.com/citation-style-language/schema,
// schemas/input/csl-data.json).
func cslSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/csl-data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("csl-data.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("csl-data.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateCSL(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

var cslPapers = append([]store.Paper{
	{ID: "0706.1234", Title: "A published one", Authors: []string{"Ludwig van Beethoven", "Martin Luther King Jr.", "Prince"},
		Published: "2007-06-08", DOI: "10.1103/PhysRevD.76.013009", JournalRef: "Phys.Rev.D76:013009,2007", Version: 3,
		Categories: []string{"hep-ph"}, Abstract: "  Line one\nof a paragraph.\n\n  \x1b]8;;https://evil\x1b\\Second\x1b]8;;\x1b\\.",
		Tags: []string{"to-read"}},
	{ID: "2501.00009", Title: "Only a day", Authors: nil, Daily: "2025-01-03"},
}, exportPapers...)

func TestCSLJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "csl-json", cslPapers); err != nil {
		t.Fatal(err)
	}
	s := cslSchema(t)
	if err := validateCSL(t, s, buf.Bytes()); err != nil {
		t.Fatalf("the export is not valid CSL JSON: %v\n%s", err, buf.String())
	}
	golden.RequireEqual(t, buf.Bytes())

	var items []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != len(cslPapers) {
		t.Fatalf("%d items, want %d", len(items), len(cslPapers))
	}
	first := items[0]
	for k, want := range map[string]any{"type": "article", "archive": "arXiv", "number": "0706.1234",
		"DOI": "10.1103/PhysRevD.76.013009", "container-title": "Phys.Rev.D", "URL": "https://arxiv.org/abs/0706.1234",
		"keyword": "hep-ph, to-read", "version": "3", "abstract": "Line one of a paragraph.\n\nSecond."} {
		if first[k] != want {
			t.Errorf("%s = %#v, want %#v", k, first[k], want)
		}
	}
	if strings.Contains(buf.String(), "evil") || strings.Contains(buf.String(), `\u001b`) {
		t.Errorf("an escape sequence of the abstract reached the export")
	}
	// The ids are the BibTeX keys.
	keys := bibKeys(cslPapers)
	for i, it := range items {
		if it["id"] != keys[cslPapers[i].ID] {
			t.Errorf("item %d: id %v, want the BibTeX key %s", i, it["id"], keys[cslPapers[i].ID])
		}
	}
	// The schema is applied for real: an item CSL does not know fails.
	bad := bytes.Replace(buf.Bytes(), []byte(`"archive":`), []byte(`"archiveID":`), 1)
	if err := validateCSL(t, s, bad); err == nil {
		t.Fatal("the schema accepted an unknown field")
	}
}

func TestSplitName(t *testing.T) {
	for in, want := range map[string]CSLName{
		"Chenggang Zhao":         {Given: "Chenggang", Family: "Zhao"},
		"Juan M. Maldacena":      {Given: "Juan M.", Family: "Maldacena"},
		"Ludwig van Beethoven":   {Given: "Ludwig", Particle: "van", Family: "Beethoven"},
		"Martin Luther King Jr.": {Given: "Martin Luther", Family: "King", Suffix: "Jr."},
		"Prince":                 {Literal: "Prince"},
		"  ":                     {},
	} {
		if got := SplitName(in); got != want {
			t.Errorf("SplitName(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestForPathLongestSuffix(t *testing.T) {
	for path, want := range map[string]string{"refs.csl.json": "csl-json", "x/REFS.CSL.JSON": "csl-json",
		"state.json": "json", "csl.json": "json", "a.bib": "bibtex"} {
		if got, ok := ForPath(path); !ok || got.Name != want {
			t.Errorf("ForPath(%s) = %q, want %s", path, got.Name, want)
		}
	}
	if _, ok := ForPath("a.docx"); ok {
		t.Error("ForPath(a.docx) found a format")
	}
	if f, ok := Lookup("CSL"); !ok || f.Name != "csl-json" {
		t.Error("csl is not an alias of csl-json")
	}
}
