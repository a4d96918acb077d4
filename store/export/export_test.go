package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// The tests read the BibTeX output with a real BibTeX parser: Debian's
// python3-bibtexparser (make test-deps installs it), run on the exported
// file. An entry it cannot read is dropped by it, so the number of entries
// is checked against the number written.

type bibEntryParsed struct {
	typ, key string
	fields   map[string]string
}

// bibPython is the Python that has bibtexparser: Debian's, where apt puts
// it, else the first on the PATH.
func bibPython() string {
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

const bibParse = `
import json, sys
import bibtexparser
from bibtexparser.bparser import BibTexParser
parser = BibTexParser(common_strings=False)
parser.ignore_nonstandard_types = False
with open(sys.argv[1], encoding="utf-8") as f:
    db = bibtexparser.load(f, parser=parser)
json.dump(db.entries, sys.stdout)
`

func parseBibTeX(t *testing.T, src string) []bibEntryParsed {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.bib")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bibPython(), "-c", bibParse, path).Output()
	if err != nil {
		msg := err.Error()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("bibtexparser (python3-bibtexparser; make test-deps installs it): %s", msg)
	}
	var raw []map[string]string
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("bibtexparser's output: %v\n%s", err, out)
	}
	if n := strings.Count("\n"+src, "\n@"); len(raw) != n {
		t.Fatalf("bibtexparser read %d entries of %d:\n%s", len(raw), n, src)
	}
	var entries []bibEntryParsed
	for _, r := range raw {
		e := bibEntryParsed{typ: r["ENTRYTYPE"], key: r["ID"], fields: map[string]string{}}
		for k, v := range r {
			if k != "ENTRYTYPE" && k != "ID" {
				e.fields[strings.ToLower(k)] = v
			}
		}
		entries = append(entries, e)
	}
	return entries
}

var exportPapers = []store.Paper{
	{ID: "2505.09343", Title: "Insights into DeepSeek-V3: {Scaling}} Challenges & 100% $cost$ #1 a_b ~x^2 \\o/",
		Authors: []string{"Chenggang Zhao", "Chengqi Deng", "Zoë Ångström"}, Published: "2025-05-14",
		Categories: []string{"cs.DC", "cs.AR"}, Abstract: "We study *things*.\n\nSecond paragraph.", Starred: true,
		Tags: []string{"moe"}, Note: "read, \"twice\""},
	{ID: "2505.00002", Title: "Insights into more things", Authors: []string{"Wei Zhao"}, Published: "2025-05-01"},
	{ID: "2505.00001", Title: "Insights: the beginning", Authors: []string{"Li Zhao"}, Published: "2025-04-30"},
	{ID: "hep-th/9711200", Title: "The Large N Limit", Authors: []string{"Juan Maldacena"}, Published: "1997-11-27"},
}

func TestExportBibTeX(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "bibtex", exportPapers); err != nil {
		t.Fatal(err)
	}
	entries := parseBibTeX(t, buf.String())
	if len(entries) != len(exportPapers) {
		t.Fatalf("%d entries, want %d:\n%s", len(entries), len(exportPapers), buf.String())
	}
	wantKeys := []string{"zhao2025insightsb", "zhao2025insightsa", "zhao2025insights", "maldacena1997large"}
	for i, e := range entries {
		if e.typ != "misc" || e.key != wantKeys[i] {
			t.Errorf("entry %d: @%s{%s}, want @misc{%s}", i, e.typ, e.key, wantKeys[i])
		}
		for _, f := range []string{"title", "author", "year", "eprint", "archiveprefix", "url"} {
			if _, ok := e.fields[f]; !ok {
				t.Errorf("%s lacks %s", e.key, f)
			}
		}
		if e.fields["eprint"] != exportPapers[i].ID || e.fields["archiveprefix"] != "arXiv" ||
			e.fields["url"] != "https://arxiv.org/abs/"+exportPapers[i].ID {
			t.Errorf("%s: eprint/archivePrefix/url = %q %q %q", e.key, e.fields["eprint"], e.fields["archiveprefix"], e.fields["url"])
		}
	}
	first := entries[0].fields
	if want := `Insights into DeepSeek-V3: \textbraceleft{}Scaling\textbraceright{}\textbraceright{} Challenges \& 100\% \$cost\$ \#1 a\_b \textasciitilde{}x\textasciicircum{}2 \textbackslash{}o/`; first["title"] != want {
		t.Errorf("title = %q\nwant    %q", first["title"], want)
	}
	if want := "Chenggang Zhao and Chengqi Deng and Zoë Ångström"; first["author"] != want {
		t.Errorf("author = %q", first["author"])
	}
	if first["year"] != "2025" || first["primaryclass"] != "cs.DC" {
		t.Errorf("year/primaryClass = %q %q", first["year"], first["primaryclass"])
	}
	// Keys are a property of the set, not of its order.
	rev := []store.Paper{exportPapers[3], exportPapers[2], exportPapers[1], exportPapers[0]}
	var buf2 bytes.Buffer
	if err := Write(&buf2, "bibtex", rev); err != nil {
		t.Fatal(err)
	}
	for i, e := range parseBibTeX(t, buf2.String()) {
		if e.key != wantKeys[len(wantKeys)-1-i] {
			t.Errorf("reversed order: key %d = %s, want %s", i, e.key, wantKeys[len(wantKeys)-1-i])
		}
	}
}

func TestBibKeysUnique(t *testing.T) {
	var papers []store.Paper
	for i := range 30 {
		papers = append(papers, store.Paper{ID: fmt.Sprintf("2501.%05d", i), Title: "Same", Authors: []string{"A Lee"}, Published: "2025-01-01"})
	}
	// A paper whose plain key is what a suffix would make.
	papers = append(papers, store.Paper{ID: "2502.00001", Title: "Samea", Authors: []string{"B Lee"}, Published: "2025-02-01"})
	keys := bibKeys(papers)
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Fatalf("key %s twice", k)
		}
		seen[k] = true
	}
	if keys["2501.00000"] != "lee2025same" || keys["2502.00001"] != "lee2025samea" || keys["2501.00001"] != "lee2025sameb" ||
		keys["2501.00027"] != "lee2025sameab" {
		t.Fatalf("keys = %v", keys)
	}
}

func TestExportRIS(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "ris", exportPapers[:1]); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\r\n"), "\r\n")
	if lines[0] != "TY  - ELEC" || lines[len(lines)-1] != "ER  - " {
		t.Fatalf("record must open with TY and close with ER:\n%s", buf.String())
	}
	tags := map[string][]string{}
	for _, l := range lines {
		if len(l) < 6 || l[2:6] != "  - " {
			t.Fatalf("malformed RIS line %q", l)
		}
		tags[l[:2]] = append(tags[l[:2]], l[6:])
	}
	if len(tags["AU"]) != 3 || tags["PY"][0] != "2025" || tags["UR"][0] != "https://arxiv.org/abs/2505.09343" ||
		tags["DO"][0] != "10.48550/arXiv.2505.09343" || !strings.HasPrefix(tags["AB"][0], "We study *things*. Second") {
		t.Fatalf("RIS tags: %v", tags)
	}
}

func TestExportCSVAndJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "csv", exportPapers); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(exportPapers)+1 || recs[0][0] != "id" || recs[1][0] != "2505.09343" || recs[1][11] != `read, "twice"` {
		t.Fatalf("csv: %q", recs)
	}
	buf.Reset()
	if err := Write(&buf, "json", exportPapers); err != nil {
		t.Fatal(err)
	}
	var js []PaperJSON
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	back := FromJSON(js[0])
	if back.ID != "2505.09343" || !back.Starred || back.Note != exportPapers[0].Note || back.Source != store.SourceArxiv ||
		len(back.Tags) != 1 {
		t.Fatalf("json round trip: %+v", back)
	}
	buf.Reset()
	if err := Write(&buf, "markdown", exportPapers[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "## [Insights into DeepSeek-V3") || !strings.Contains(buf.String(), `We study \*things\*.`) {
		t.Fatalf("markdown:\n%s", buf.String())
	}
	if err := Write(&buf, "docx", nil); err == nil {
		t.Fatal("unknown format accepted")
	}
	for path, want := range map[string]string{"a.bib": "bibtex", "x/a.MD": "markdown", "a.json": "json", "a.csv": "csv", "a.ris": "ris"} {
		if got, ok := ForPath(path); !ok || got.Name != want {
			t.Errorf("ForPath(%s) = %s", path, got.Name)
		}
	}
}

func TestBibTeX(t *testing.T) {
	p := store.Paper{ID: "2505.09343", Title: "Insights into DeepSeek-V3: {Scaling}} Challenges",
		Authors: []string{"Chenggang Zhao", "Chengqi Deng"}, Published: "2025-05-14", Categories: []string{"cs.DC", "cs.AR"}}
	got := BibTeX(p)
	want := "@misc{zhao2025insights,\n" +
		"  title={Insights into DeepSeek-V3: \\textbraceleft{}Scaling\\textbraceright{}\\textbraceright{} Challenges},\n" +
		"  author={Chenggang Zhao and Chengqi Deng},\n" +
		"  year={2025},\n" +
		"  eprint={2505.09343},\n" +
		"  archivePrefix={arXiv},\n" +
		"  primaryClass={cs.DC},\n" +
		"  url={https://arxiv.org/abs/2505.09343}\n}"
	if got != want {
		t.Fatalf("bibtex:\n%s\nwant:\n%s", got, want)
	}
}
