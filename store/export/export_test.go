package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// No BibTeX parser module is available from the module proxy here, so the
// tests read the output with a strict parser of the subset BibTeX defines
// for entries: @type{key, field={value}, ...} with balanced braces, where a
// backslash escapes the next character.

type bibEntryParsed struct {
	typ, key string
	fields   map[string]string
}

func parseBibTeX(t *testing.T, src string) []bibEntryParsed {
	t.Helper()
	var out []bibEntryParsed
	i := 0
	skipSpace := func() {
		for i < len(src) && strings.ContainsRune(" \t\r\n", rune(src[i])) {
			i++
		}
	}
	ident := func() string {
		start := i
		for i < len(src) && (src[i] == '_' || src[i] == '-' || src[i] == ':' || src[i] == '.' ||
			('a' <= src[i] && src[i] <= 'z') || ('A' <= src[i] && src[i] <= 'Z') || ('0' <= src[i] && src[i] <= '9')) {
			i++
		}
		return src[start:i]
	}
	expect := func(c byte) {
		t.Helper()
		skipSpace()
		if i >= len(src) || src[i] != c {
			t.Fatalf("bibtex: want %q at %d: %q", c, i, src[i:min(i+40, len(src))])
		}
		i++
	}
	for {
		skipSpace()
		if i >= len(src) {
			return out
		}
		expect('@')
		e := bibEntryParsed{typ: ident(), fields: map[string]string{}}
		expect('{')
		skipSpace()
		e.key = ident()
		if e.key == "" {
			t.Fatalf("bibtex: entry without a key at %d", i)
		}
		for {
			skipSpace()
			if src[i] == '}' {
				i++
				break
			}
			expect(',')
			skipSpace()
			if src[i] == '}' {
				i++
				break
			}
			name := strings.ToLower(ident())
			if name == "" {
				t.Fatalf("bibtex: want a field name at %d: %q", i, src[i:min(i+40, len(src))])
			}
			expect('=')
			expect('{')
			depth, start := 1, i
			for depth > 0 {
				if i >= len(src) {
					t.Fatalf("bibtex: unbalanced braces in %s", name)
				}
				switch src[i] {
				case '\\':
					i++
				case '{':
					depth++
				case '}':
					depth--
				}
				i++
			}
			if _, dup := e.fields[name]; dup {
				t.Fatalf("bibtex: field %s twice in %s", name, e.key)
			}
			e.fields[name] = src[start : i-1]
		}
		out = append(out, e)
	}
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
	if want := `Insights into DeepSeek-V3: \{Scaling\}\} Challenges \& 100\% \$cost\$ \#1 a\_b \textasciitilde{}x\textasciicircum{}2 \textbackslash{}o/`; first["title"] != want {
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
		"  title={Insights into DeepSeek-V3: \\{Scaling\\}\\} Challenges},\n" +
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
