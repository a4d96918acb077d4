package textdoc

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// Reference is one numbered entry of a text's bibliography.
type Reference struct {
	N       int    // its number: the list's own (1., [12]) or its position
	Text    string // plain text, Markdown undone
	ArxivID string // normalised arXiv id it cites, "" when none
}

// referencesHeading matches the titles bibliographies go by.
var referencesHeading = regexp.MustCompile(`(?i)^(\d+\.?\s+)?(references|bibliography|works cited|literature cited|citations)\s*$`)

// References returns the entries of the last bibliography in markdown
// (from Convert or from Hugging Face): the items under a heading named
// References or Bibliography, up to the next heading of the same or a
// higher level. Items are "N. text", "[N] text", "- [N] text" or plain
// list items (numbered by position); lines that continue an item are
// part of it.
func References(markdown string) []Reference {
	hs := Outline(markdown)
	start, end := -1, len(markdown)
	for i, h := range hs {
		if referencesHeading.MatchString(h.Title) {
			start = h.Offset
			end = len(markdown)
			for _, next := range hs[i+1:] {
				if next.Level <= h.Level {
					end = next.Offset
					break
				}
			}
		}
	}
	if start < 0 {
		return nil
	}
	body := markdown[start:end]
	if i := strings.IndexByte(body, '\n'); i >= 0 {
		body = body[i+1:]
	} else {
		return nil
	}
	var refs []Reference
	var cur *Reference
	var text []string
	finish := func() {
		if cur != nil {
			cur.Text = plainText(strings.Join(text, " "))
			cur.ArxivID = FindArxivID(strings.Join(text, " "))
			if cur.Text != "" {
				refs = append(refs, *cur)
			}
		}
		cur, text = nil, nil
	}
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if n, rest, ok := itemStart(t); ok && len(line)-len(strings.TrimLeft(line, " ")) < 2 {
			finish()
			if n == 0 {
				n = len(refs) + 1
			}
			cur = &Reference{N: n}
			text = []string{rest}
			continue
		}
		if cur != nil {
			text = append(text, t)
		}
	}
	finish()
	return refs
}

var (
	orderedItem = regexp.MustCompile(`^(\d{1,4})[.)]\s+(.*)$`)
	bracketItem = regexp.MustCompile(`^(?:[-*+]\s+)?\\?\[(\d{1,4})\\?\]\s*(.*)$`)
	bulletItem  = regexp.MustCompile(`^[-*+]\s+(.*)$`)
)

func itemStart(t string) (int, string, bool) {
	if m := bracketItem.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2], true
	}
	if m := orderedItem.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2], true
	}
	if m := bulletItem.FindStringSubmatch(t); m != nil {
		return 0, m[1], true
	}
	return 0, "", false
}

// Old-style archive names, for ids such as hep-th/9901001 or
// math.GT/0309136 written without "arXiv:".
const oldArchives = `(?:hep-th|hep-ph|hep-ex|hep-lat|gr-qc|astro-ph|cond-mat|math-ph|math|nucl-th|nucl-ex|quant-ph|physics|nlin|cs|q-bio|q-fin|stat|chao-dyn|solv-int|patt-sol|adap-org|comp-gas|alg-geom|dg-ga|funct-an|q-alg|acc-phys|ao-sci|atom-ph|bayes-an|chem-ph|cmp-lg|mtrl-th|plasm-ph|supr-con)`

var arxivPatterns = []*regexp.Regexp{
	// arxiv.org/abs/…, /pdf/…, /html/…, export. and www. included.
	regexp.MustCompile(`(?i)arxiv\.org/(?:abs|pdf|html|format)/([0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?|` + oldArchives + `(?:\.[A-Za-z-]{2,})?/[0-9]{7}(?:v[0-9]+)?)`),
	// arXiv:2106.09685, arXiv 2106.09685v2, arXiv:hep-th/9901001.
	regexp.MustCompile(`(?i)\barxiv\s*[:.]?\s*([0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?|` + oldArchives + `(?:\.[A-Za-z-]{2,})?/[0-9]{7}(?:v[0-9]+)?)`),
	// The DOI arXiv registers: 10.48550/arXiv.2106.09685.
	regexp.MustCompile(`(?i)10\.48550/arxiv\.([0-9]{4}\.[0-9]{4,5})`),
	// DBLP's CoRR style: "CoRR, abs/2106.09685".
	regexp.MustCompile(`\babs/([0-9]{4}\.[0-9]{4,5})\b`),
	// A bare old-style id.
	regexp.MustCompile(`(?:^|[\s(\[,;])(` + oldArchives + `(?:\.[A-Za-z-]{2,})?/[0-9]{7}(?:v[0-9]+)?)\b`),
}

// FindArxivID returns the first arXiv id text cites, normalised with
// store.NormalizeID ("arxiv.org/pdf/2106.09685v2" → "2106.09685",
// "math.GT/0309136" → "math/0309136"), or "".
func FindArxivID(text string) string {
	text = UnescapeMarkdown(text)
	best, bestAt := "", len(text)+1
	for _, re := range arxivPatterns {
		m := re.FindStringSubmatchIndex(text)
		if m == nil || m[2] >= bestAt {
			continue
		}
		id, err := store.NormalizeID(text[m[2]:m[3]])
		if err != nil {
			continue
		}
		best, bestAt = id, m[2]
	}
	return best
}

// Citation is one citation marker in the text: "[12]" cites 12, "[3, 5–7]"
// cites 3, 5, 6 and 7.
type Citation struct {
	Offset int   // byte offset of the marker's "[" in the Markdown
	Len    int   // length of the marker in bytes
	Refs   []int // the reference numbers it cites, as in Reference.N
}

var (
	citeMarker = regexp.MustCompile(`\\?\[(\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*)\\?\]`)
	// A link to a LaTeXML bibliography entry, as Markdown made from arXiv's
	// HTML by others keeps them: [12](#bib.bib12), [Hu et al.](…#bib.bib3).
	citeLink = regexp.MustCompile(`\[([^\[\]]{0,200})\]\(<?[^()\s<>]*#bib\.bib(\d{1,4})>?\)`)
)

// Citations finds the citation markers of markdown in order, outside
// fenced code: [12] and [3, 7] as Convert writes them (and as most
// numeric styles print them), [3-5] ranges too, and links to a LaTeXML
// entry ([Hu et al.](#bib.bib3)) as other converters keep them. Any other
// link ([12](url)) and a footnote marker ([^1]) are not citations.
func Citations(markdown string) []Citation {
	var out []Citation
	forEachLine(markdown, func(line string, _, off int, _ string, _ int, inFence bool) {
		if inFence {
			return
		}
		links := citeLink.FindAllStringSubmatchIndex(line, -1)
		for _, m := range links {
			n, _ := strconv.Atoi(line[m[4]:m[5]])
			out = append(out, Citation{Offset: off + m[0], Len: m[1] - m[0], Refs: []int{n}})
		}
		for _, m := range citeMarker.FindAllStringSubmatchIndex(line, -1) {
			if m[1] < len(line) && line[m[1]] == '(' {
				continue // a link: a citation only if it goes to #bib.bibN
			}
			refs := expandRefs(line[m[2]:m[3]])
			if len(refs) == 0 {
				continue
			}
			out = append(out, Citation{Offset: off + m[0], Len: m[1] - m[0], Refs: refs})
		}
	})
	slices.SortFunc(out, func(a, b Citation) int { return a.Offset - b.Offset })
	return out
}

func expandRefs(s string) []int {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			continue
		}
		if !isRange {
			out = append(out, a)
			continue
		}
		b, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil || b < a || b-a > 100 {
			out = append(out, a)
			continue
		}
		for k := a; k <= b; k++ {
			out = append(out, k)
		}
	}
	return out
}
