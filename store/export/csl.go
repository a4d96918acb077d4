package export

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// CSL JSON, the input format of citeproc (Pandoc, Zotero, Mendeley…):
// https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html

// CSLItem is one paper as a CSL JSON item.
type CSLItem struct {
	ID             string    `json:"id"` // the BibTeX key, so [@key] cites the same paper either way
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	Author         []CSLName `json:"author,omitempty"`
	Issued         *CSLDate  `json:"issued,omitempty"`
	Abstract       string    `json:"abstract,omitempty"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Archive        string    `json:"archive"`
	Number         string    `json:"number"`
	Version        string    `json:"version,omitempty"`
	DOI            string    `json:"DOI,omitempty"`
	URL            string    `json:"URL"`
	Keyword        string    `json:"keyword,omitempty"`
	Note           string    `json:"note,omitempty"`   // the journal reference as arXiv gives it
	Annote         string    `json:"annote,omitempty"` // the user's note
}

// CSLName is a person's name in CSL's parts; a name of one word is a
// literal.
type CSLName struct {
	Given    string `json:"given,omitempty"`
	Particle string `json:"non-dropping-particle,omitempty"`
	Family   string `json:"family,omitempty"`
	Suffix   string `json:"suffix,omitempty"`
	Literal  string `json:"literal,omitempty"`
}

// CSLDate is a date as CSL's date-parts: [[year, month, day]].
type CSLDate struct {
	DateParts [][]int `json:"date-parts"`
}

// particles are the lower-case words that belong to a family name
// ("van" in Ludwig van Beethoven).
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "del": true,
	"della": true, "du": true, "des": true, "la": true, "le": true, "dos": true, "das": true, "ten": true,
	"ter": true, "zu": true, "al": true, "bin": true, "ibn": true,
}

var suffixes = map[string]bool{"jr": true, "jr.": true, "sr": true, "sr.": true, "ii": true, "iii": true, "iv": true}

// SplitName splits a name as arXiv writes it ("Given Names Family") into
// CSL's parts: the last word is the family name, with the lower-case
// particles before it and a "Jr." after it.
func SplitName(name string) CSLName {
	words := strings.Fields(safetext.ScreenLine(name))
	if len(words) == 0 {
		return CSLName{}
	}
	var n CSLName
	if len(words) > 2 && suffixes[strings.ToLower(strings.TrimSuffix(words[len(words)-1], ","))] {
		n.Suffix = words[len(words)-1]
		words = words[:len(words)-1]
		words[len(words)-1] = strings.TrimSuffix(words[len(words)-1], ",")
	}
	if len(words) == 1 {
		return CSLName{Literal: words[0]}
	}
	n.Family = words[len(words)-1]
	i := len(words) - 1
	for i > 1 && particles[words[i-1]] {
		i--
	}
	n.Particle = strings.Join(words[i:len(words)-1], " ")
	n.Given = strings.Join(words[:i], " ")
	return n
}

// dateParts is a YYYY-MM-DD date as [year, month, day], nil when it is
// not one.
func dateParts(d string) []int {
	var parts []int
	for _, s := range strings.SplitN(d, "-", 3) {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			break
		}
		parts = append(parts, n)
	}
	return parts
}

// containerTitle is the journal's name in a journal reference: its text
// before the volume ("Phys.Rev.D76:013009,2007" is Phys.Rev.D); the
// whole reference when it starts with a number.
func containerTitle(ref string) string {
	ref = safetext.ScreenLine(ref)
	i := strings.IndexFunc(ref, unicode.IsDigit)
	if i < 0 {
		return strings.TrimSpace(ref)
	}
	name := strings.TrimRight(ref[:i], " ,;:(")
	if len(strings.TrimSpace(name)) < 2 {
		return strings.TrimSpace(ref)
	}
	return strings.TrimSpace(name)
}

// DOI is the publication's DOI when arXiv knows one, else the DOI arXiv
// gives every new-style paper.
func DOI(p store.Paper) string {
	switch {
	case p.DOI != "":
		return safetext.ScreenLine(p.DOI)
	case !strings.Contains(p.ID, "/"):
		return "10.48550/arXiv." + p.ID
	}
	return ""
}

// CSL is one paper as a CSL item with the given id.
func CSL(p store.Paper, id string) CSLItem {
	it := CSLItem{
		ID: id, Type: "article", Title: safetext.ScreenLine(p.Title),
		Abstract: safetext.Paragraphs(safetext.Screen(p.Abstract)),
		Archive:  "arXiv", Number: p.ID, DOI: DOI(p), URL: AbsURL(p.ID),
		Annote: safetext.Screen(p.Note),
	}
	for _, a := range p.Authors {
		if n := SplitName(a); n != (CSLName{}) {
			it.Author = append(it.Author, n)
		}
	}
	if dp := dateParts(p.Published); dp != nil {
		it.Issued = &CSLDate{DateParts: [][]int{dp}}
	} else if dp := dateParts(p.Daily); dp != nil {
		it.Issued = &CSLDate{DateParts: [][]int{dp}}
	}
	if p.Version > 0 {
		it.Version = strconv.Itoa(p.Version)
	}
	if p.JournalRef != "" {
		it.ContainerTitle = containerTitle(p.JournalRef)
		it.Note = safetext.ScreenLine(p.JournalRef)
	}
	var kws []string
	for _, t := range append(append([]string(nil), p.Categories...), p.Tags...) {
		if t = safetext.ScreenLine(t); t != "" {
			kws = append(kws, t)
		}
	}
	it.Keyword = strings.Join(kws, ", ")
	return it
}

func writeCSL(w io.Writer, papers []store.Paper) error {
	keys := bibKeys(papers)
	items := make([]CSLItem, 0, len(papers))
	for _, p := range papers {
		items = append(items, CSL(p, keys[p.ID]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(items)
}
