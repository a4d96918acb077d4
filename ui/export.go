package ui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"

	"github.com/paperboy-reader/paperboy/store"
)

// ExportFormats are the formats Export writes, in the order help lists them.
var ExportFormats = []string{"bibtex", "markdown", "json", "csv", "ris"}

// FormatForPath picks an export format from a file name's extension
// (.bib, .md, .json, .csv, .ris); ok is false for any other.
func FormatForPath(path string) (format string, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".bib", ".bibtex":
		return "bibtex", true
	case ".md", ".markdown":
		return "markdown", true
	case ".json":
		return "json", true
	case ".csv":
		return "csv", true
	case ".ris":
		return "ris", true
	}
	return "", false
}

// Export writes papers in one of ExportFormats. Both `paperboy export`
// and the reader's export key use it.
func Export(w io.Writer, format string, papers []store.Paper) error {
	switch strings.ToLower(format) {
	case "bibtex", "bib":
		return exportBibTeX(w, papers)
	case "markdown", "md":
		return exportMarkdown(w, papers)
	case "json":
		return WriteJSON(w, papers)
	case "csv":
		return exportCSV(w, papers)
	case "ris":
		return exportRIS(w, papers)
	}
	return fmt.Errorf("unknown export format %q (use %s)", format, strings.Join(ExportFormats, ", "))
}

// JSON.

// PaperJSON is the JSON shape of a paper: `paperboy list --json`, `show
// --json` and `export --format json` all print it, and `import-state`
// reads it back.
type PaperJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Authors      []string `json:"authors"`
	Abstract     string   `json:"abstract"`
	Published    string   `json:"published"`
	Daily        string   `json:"daily"`
	Upvotes      int      `json:"upvotes"`
	Comments     int      `json:"comments"`
	Organization string   `json:"organization"`
	Categories   []string `json:"categories"`
	Keywords     []string `json:"keywords"`
	Tags         []string `json:"tags"`
	Starred      bool     `json:"starred"`
	StarredAt    string   `json:"starred_at,omitempty"`
	Read         bool     `json:"read"`
	ReadAt       string   `json:"read_at,omitempty"`
	Note         string   `json:"note"`
	AISummary    string   `json:"ai_summary"`
	GitHub       string   `json:"github"`
	GitHubStars  int      `json:"github_stars"`
	ProjectPage  string   `json:"project_page"`
	URL          string   `json:"url"`
	ArxivURL     string   `json:"arxiv_url"`
	PDFURL       string   `json:"pdf_url"`
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func stampJSON(on bool, t time.Time) string {
	if !on || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ToJSON converts a paper to its JSON shape.
func ToJSON(p store.Paper) PaperJSON {
	return PaperJSON{
		ID: p.ID, Title: p.Title, Authors: nonNil(p.Authors), Abstract: p.Abstract,
		Published: p.Published, Daily: p.Daily, Upvotes: p.Upvotes, Comments: p.Comments,
		Organization: p.OrgName, Categories: nonNil(p.Categories), Keywords: nonNil(p.AIKeywords),
		Tags: nonNil(p.Tags), Starred: p.Starred, StarredAt: stampJSON(p.Starred, p.StarredAt),
		Read: p.Read, ReadAt: stampJSON(p.Read, p.ReadAt), Note: p.Note, AISummary: p.AISummary,
		GitHub: p.GitHubRepo, GitHubStars: p.GitHubStars, ProjectPage: p.ProjectPage,
		URL: hfURL(p.ID), ArxivURL: absURL(p.ID), PDFURL: pdfURL(p.ID),
	}
}

// FromJSON turns an exported paper back into a paper record (remote fields
// and user state).
func FromJSON(j PaperJSON) store.Paper {
	p := store.Paper{
		ID: j.ID, Title: j.Title, Authors: j.Authors, Abstract: j.Abstract, Published: j.Published,
		Daily: j.Daily, Upvotes: j.Upvotes, Comments: j.Comments, OrgName: j.Organization,
		Categories: j.Categories, AIKeywords: j.Keywords, AISummary: j.AISummary,
		GitHubRepo: j.GitHub, GitHubStars: j.GitHubStars, ProjectPage: j.ProjectPage,
		Tags: j.Tags, Starred: j.Starred, Read: j.Read, Note: j.Note,
	}
	p.Source = store.SourceHF
	if len(j.Categories) > 0 {
		p.Source = store.SourceArxiv
	}
	if t, err := time.Parse(time.RFC3339, j.StarredAt); err == nil {
		p.StarredAt = t
	}
	if t, err := time.Parse(time.RFC3339, j.ReadAt); err == nil {
		p.ReadAt = t
	}
	return p
}

// WriteJSON writes papers as an indented JSON array of PaperJSON.
func WriteJSON(w io.Writer, papers []store.Paper) error {
	out := make([]PaperJSON, 0, len(papers))
	for _, p := range papers {
		out = append(out, ToJSON(p))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// BibTeX, in arXiv's own form.

// bibtex is one paper's entry with its own key, for the copy key.
func bibtex(p store.Paper) string { return bibEntry(p, bibKey(p, bibYear(p))) }

func bibYear(p store.Paper) string {
	if len(p.Published) >= 4 {
		return p.Published[:4]
	}
	if len(p.Daily) >= 4 {
		return p.Daily[:4]
	}
	return ""
}

func bibEntry(p store.Paper, key string) string {
	year := bibYear(p)
	authors := make([]string, 0, len(p.Authors))
	for _, a := range p.Authors {
		authors = append(authors, bibEscape(safetext.ScreenLine(a)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", key)
	fmt.Fprintf(&b, "  title={%s},\n", bibEscape(safetext.ScreenLine(p.Title)))
	fmt.Fprintf(&b, "  author={%s},\n", strings.Join(authors, " and "))
	if year != "" {
		fmt.Fprintf(&b, "  year={%s},\n", year)
	}
	fmt.Fprintf(&b, "  eprint={%s},\n", bibEscape(p.ID))
	b.WriteString("  archivePrefix={arXiv},\n")
	if c := p.PrimaryCategory(); c != "" {
		fmt.Fprintf(&b, "  primaryClass={%s},\n", bibEscape(safetext.ScreenLine(c)))
	}
	fmt.Fprintf(&b, "  url={%s}\n}", absURL(p.ID))
	return b.String()
}

// bibKey is lastname + year + first real word of the title: vaswani2017attention.
func bibKey(p store.Paper, year string) string {
	last := "anon"
	if len(p.Authors) > 0 {
		f := strings.Fields(safetext.ScreenLine(p.Authors[0]))
		if len(f) > 0 {
			last = f[len(f)-1]
		}
	}
	word := ""
	skip := map[string]bool{"a": true, "an": true, "the": true, "on": true, "of": true, "for": true, "and": true, "to": true, "in": true}
	for _, w := range strings.Fields(safetext.ScreenLine(p.Title)) {
		w = keyPart(w)
		if w != "" && !skip[w] {
			word = w
			break
		}
	}
	key := keyPart(last) + year + word
	if key == "" {
		key = "arxiv" + keyPart(p.ID)
	}
	return key
}

// keyPart keeps the lower-case ASCII letters and digits of a word.
func keyPart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibKeys gives every paper a unique key. Papers whose keys clash are
// taken in arXiv id order (oldest first): the first keeps the plain key,
// the next get a, b, c… So keys depend only on the set of papers, not on
// the order they are listed in, and an older paper keeps its key when a
// newer namesake arrives.
func bibKeys(papers []store.Paper) map[string]string {
	byBase := map[string][]string{}
	for _, p := range papers {
		base := bibKey(p, bibYear(p))
		byBase[base] = append(byBase[base], p.ID)
	}
	bases := make([]string, 0, len(byBase))
	for b := range byBase {
		bases = append(bases, b)
	}
	sort.Strings(bases)
	used := map[string]bool{}
	for _, b := range bases {
		used[b] = true
	}
	keys := map[string]string{}
	for _, b := range bases {
		ids := byBase[b]
		sort.Strings(ids)
		keys[ids[0]] = b
		n := 0
		for _, id := range ids[1:] {
			if _, done := keys[id]; done { // the same paper twice
				continue
			}
			var k string
			for {
				k = b + suffix(n)
				n++
				if !used[k] {
					break
				}
			}
			used[k] = true
			keys[id] = k
		}
	}
	return keys
}

// suffix is a, b, …, z, aa, ab, …
func suffix(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n = n/26 - 1
		if n < 0 {
			return s
		}
	}
}

func exportBibTeX(w io.Writer, papers []store.Paper) error {
	keys := bibKeys(papers)
	for i, p := range papers {
		sep := "\n\n"
		if i == len(papers)-1 {
			sep = "\n"
		}
		if _, err := io.WriteString(w, bibEntry(p, keys[p.ID])+sep); err != nil {
			return err
		}
	}
	return nil
}

// bibEscape makes text safe inside a braced BibTeX field and for TeX:
// the special characters are escaped, so a brace in a title can never end
// its field early. Non-ASCII text stays UTF-8, which biber and modern
// BibTeX read as it is.
var bibReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`,
	`{`, `\{`, `}`, `\}`,
	`&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

func bibEscape(s string) string { return bibReplacer.Replace(s) }

// Markdown: a heading per paper, then its fields and abstract.

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`,
)

func exportMarkdown(w io.Writer, papers []store.Paper) error {
	var b strings.Builder
	for i, p := range papers {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## [%s](%s)\n\n", mdEscaper.Replace(safetext.ScreenLine(p.Title)), absURL(p.ID))
		authors := make([]string, len(p.Authors))
		for j, a := range p.Authors {
			authors[j] = mdEscaper.Replace(safetext.ScreenLine(a))
		}
		if len(authors) > 0 {
			fmt.Fprintf(&b, "- Authors: %s\n", strings.Join(authors, ", "))
		}
		fmt.Fprintf(&b, "- arXiv: [%s](%s) · [PDF](%s) · [Hugging Face](%s)\n", p.ID, absURL(p.ID), pdfURL(p.ID), hfURL(p.ID))
		if d := p.Date(); d != "" {
			fmt.Fprintf(&b, "- Date: %s\n", d)
		}
		if len(p.Categories) > 0 {
			fmt.Fprintf(&b, "- Categories: %s\n", mdEscaper.Replace(safetext.ScreenLine(strings.Join(p.Categories, ", "))))
		}
		if len(p.Tags) > 0 {
			fmt.Fprintf(&b, "- Tags: %s\n", mdEscaper.Replace(safetext.ScreenLine(strings.Join(p.Tags, ", "))))
		}
		if p.Note != "" {
			fmt.Fprintf(&b, "- Note: %s\n", mdEscaper.Replace(safetext.ScreenLine(p.Note)))
		}
		if abs := strings.TrimSpace(safetext.Screen(p.Abstract)); abs != "" {
			b.WriteString("\n" + abstractMarkdown(abs) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSV with a header row; lists are joined with "; ".

var csvHeader = []string{"id", "title", "authors", "published", "daily", "categories",
	"keywords", "tags", "upvotes", "starred", "read", "note", "url", "pdf_url"}

func exportCSV(w io.Writer, papers []store.Paper) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range papers {
		rec := []string{p.ID, safetext.ScreenLine(p.Title), safetext.ScreenLine(strings.Join(p.Authors, "; ")), p.Published, p.Daily,
			safetext.ScreenLine(strings.Join(p.Categories, "; ")), safetext.ScreenLine(strings.Join(p.AIKeywords, "; ")),
			safetext.ScreenLine(strings.Join(p.Tags, "; ")), strconv.Itoa(p.Upvotes), strconv.FormatBool(p.Starred),
			strconv.FormatBool(p.Read), safetext.ScreenLine(p.Note), absURL(p.ID), pdfURL(p.ID)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RIS: one record per paper, "TAG  - value" lines, ER closes a record.
// arXiv preprints are "ELEC" (a web page/electronic source) with the
// arXiv URL and, when arXiv assigned one, the DOI 10.48550/arXiv.ID.

func exportRIS(w io.Writer, papers []store.Paper) error {
	var b strings.Builder
	line := func(tag, v string) {
		v = safetext.ScreenLine(v)
		if v != "" {
			fmt.Fprintf(&b, "%s  - %s\r\n", tag, v)
		}
	}
	for _, p := range papers {
		line("TY", "ELEC")
		line("TI", p.Title)
		for _, a := range p.Authors {
			line("AU", a)
		}
		if y := bibYear(p); y != "" {
			line("PY", y)
		}
		if p.Published != "" {
			line("DA", strings.ReplaceAll(p.Published, "-", "/"))
		}
		line("AB", strings.Join(strings.Fields(safetext.Screen(p.Abstract)), " "))
		for _, c := range p.Categories {
			line("KW", c)
		}
		for _, t := range p.Tags {
			line("KW", t)
		}
		line("PB", "arXiv")
		line("UR", absURL(p.ID))
		line("L1", pdfURL(p.ID))
		if !strings.Contains(p.ID, "/") {
			line("DO", "10.48550/arXiv."+p.ID)
		}
		line("N1", p.Note)
		b.WriteString("ER  - \r\n\r\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// TerminalPaper is a paper as Markdown rendered for a terminal of the given
// width in a theme (see Options.Theme), for `paperboy show`.
func TerminalPaper(p store.Paper, theme string, width int) (string, error) {
	var md strings.Builder
	if err := exportMarkdown(&md, []store.Paper{p}); err != nil {
		return "", err
	}
	style, custom, err := resolveTheme(theme)
	if err != nil {
		return "", err
	}
	r := newRenderer(style)
	r.custom = custom
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(r.styleConfig()), glamour.WithWordWrap(max(width-4, 20)),
		glamour.WithColorProfile(lipgloss.ColorProfile()))
	if err != nil {
		return "", err
	}
	return tr.Render(md.String())
}
