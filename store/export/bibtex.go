package export

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// BibTeX, in arXiv's own form.

// BibTeX is one paper's entry with its own key, for the copy key.
func BibTeX(p store.Paper) string { return bibEntry(p, bibKey(p, bibYear(p))) }

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
	// A published paper carries its DOI and, as a note every style prints,
	// the journal reference.
	if p.DOI != "" {
		fmt.Fprintf(&b, "  doi={%s},\n", bibEscape(safetext.ScreenLine(p.DOI)))
	}
	if p.JournalRef != "" {
		fmt.Fprintf(&b, "  note={%s},\n", bibEscape(safetext.ScreenLine(p.JournalRef)))
	}
	fmt.Fprintf(&b, "  url={%s}\n}", AbsURL(p.ID))
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

func writeBibTeX(w io.Writer, papers []store.Paper) error {
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
// its field early. BibTeX counts every brace, a backslashed one too, so a
// brace is written as a command (\textbraceleft{}), whose own braces
// balance. Non-ASCII text stays UTF-8, which biber and modern BibTeX read
// as it is.
var bibReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`,
	`{`, `\textbraceleft{}`, `}`, `\textbraceright{}`,
	`&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`, `_`, `\_`,
	`~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
)

func bibEscape(s string) string { return bibReplacer.Replace(s) }
