package fetch

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// arXiv's metadata spells authors the way the submitters typed them, in
// TeX: "C. Bal\'azs", "M{\"u}ller", "{\o}". The snapshot's authors string
// is that spelling; its authors_parsed rebuilds names from parts and
// changes them ("C.-P. Yuan" becomes "C. -P. Yuan"), so names are read
// from the string.

// snapshotAuthor is one author of the snapshot's authors string.
type snapshotAuthor struct {
	Name        string
	Affiliation string // "" when none is given
}

// parseAuthors splits an arXiv authors string into names and
// affiliations. Names are separated by commas and by "and"; text in
// parentheses belongs to the author before it and is an affiliation, not a
// name, and its commas separate nothing. The numbered style
// "A. One (1), B. Two (1 and 2) ((1) MIT, (2) CERN)" is resolved through
// its legend.
func parseAuthors(s string) []snapshotAuthor {
	s = strings.Join(strings.Fields(safetext.Text(s)), " ")
	var out []snapshotAuthor
	var name, aff strings.Builder
	var affs []string
	depth := 0
	flush := func() {
		n := cleanName(name.String())
		if n != "" {
			out = append(out, snapshotAuthor{Name: n, Affiliation: strings.Join(affs, "; ")})
		} else if len(affs) > 0 && len(out) > 0 {
			// "(...)" after a separator: the last author's.
			last := &out[len(out)-1]
			last.Affiliation = strings.Join(append(nonEmpty(last.Affiliation), affs...), "; ")
		}
		name.Reset()
		affs = nil
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '(':
			if depth > 0 {
				aff.WriteByte(c)
			}
			depth++
			i++
			continue
		case c == ')' && depth > 0:
			depth--
			if depth > 0 {
				aff.WriteByte(c)
			} else {
				if a := strings.TrimSpace(aff.String()); a != "" {
					affs = append(affs, a)
				}
				aff.Reset()
			}
			i++
			continue
		case depth > 0:
			aff.WriteByte(c)
			i++
			continue
		case c == ',' || c == ';':
			flush()
			i++
			continue
		case c == ' ' && hasWordAt(s, i+1, "and"):
			flush()
			i += len(" and")
			continue
		case c == '\\' && strings.HasPrefix(s[i:], `\\`):
			// A TeX line break in a long list.
			flush()
			i += 2
			continue
		}
		name.WriteByte(c)
		i++
	}
	if a := strings.TrimSpace(aff.String()); a != "" {
		affs = append(affs, a) // an unclosed parenthesis
	}
	flush()
	return resolveLegend(out)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// hasWordAt reports whether s has word at i followed by a space or the
// end: "and" as a separator, not the start of "Anderson".
func hasWordAt(s string, i int, word string) bool {
	if !strings.HasPrefix(s[i:], word) {
		return false
	}
	j := i + len(word)
	return j == len(s) || s[j] == ' '
}

var (
	legendEntry = regexp.MustCompile(`\((\d+)\)\s*([^()]*)`)
	refList     = regexp.MustCompile(`^\d+(\s*(,|and|&)\s*\d+)*$`)
	refNumber   = regexp.MustCompile(`\d+`)
)

// resolveLegend turns numbered affiliations into their text: an author's
// "(1)" points into a legend "((1) MIT, (2) CERN)" given after the list,
// which parseAuthors has attached to the last author.
func resolveLegend(authors []snapshotAuthor) []snapshotAuthor {
	legend := map[string]string{}
	for i := range authors {
		parts := strings.Split(authors[i].Affiliation, "; ")
		kept := parts[:0]
		for _, p := range parts {
			if strings.HasPrefix(p, "(") {
				if entries := legendEntry.FindAllStringSubmatch(p, -1); len(entries) > 0 {
					for _, e := range entries {
						legend[e[1]] = strings.TrimRight(strings.TrimSpace(e[2]), " ,;")
					}
					continue
				}
			}
			kept = append(kept, p)
		}
		authors[i].Affiliation = strings.Join(kept, "; ")
	}
	if len(legend) == 0 {
		return authors
	}
	for i := range authors {
		a := authors[i].Affiliation
		if !refList.MatchString(a) {
			continue
		}
		var names []string
		for _, n := range refNumber.FindAllString(a, -1) {
			if l, ok := legend[n]; ok && l != "" {
				names = append(names, l)
			}
		}
		authors[i].Affiliation = strings.Join(names, "; ")
	}
	return authors
}

// cleanName decodes TeX in a name and trims what the list's punctuation
// left around it.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "and ")
	s = decodeTeX(s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " .,;:")
}

// Accent commands and the combining marks they stand for.
var texAccents = map[byte]rune{
	'\'': 0x301, '`': 0x300, '^': 0x302, '"': 0x308, '~': 0x303, '=': 0x304, '.': 0x307,
	'u': 0x306, 'v': 0x30c, 'H': 0x30b, 'c': 0x327, 'k': 0x328, 'r': 0x30a, 'd': 0x323, 'b': 0x331,
}

// Letters TeX writes as commands.
var texLetters = map[string]string{
	"o": "ø", "O": "Ø", "ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
	"oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
	"th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
}

// decodeTeX turns TeX accents and letter commands into Unicode and drops
// grouping braces: `M{\"u}ller` → "Müller", `\'{e}` → "é", `{\o}` → "ø",
// `\'\i` → "í". Anything it does not know stays as written.
func decodeTeX(s string) string {
	if !strings.ContainsAny(s, `\{}`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '{' || c == '}':
			i++
			continue
		case c == '\\' && i+1 < len(s):
			if mark, ok := texAccents[s[i+1]]; ok && (!isLetter(s[i+1]) || i+2 < len(s) && !isLetter(s[i+2])) {
				// The accented letter: next, or in braces, or a
				// letter command (\i).
				j := i + 2
				for j < len(s) && (s[j] == ' ' && isLetter(s[i+1]) || s[j] == '{') {
					j++
				}
				base, n := accentBase(s[j:])
				if base != "" {
					b.WriteString(compose(base, mark))
					i = j + n
					for i < len(s) && s[i] == '}' {
						i++
					}
					continue
				}
			}
			// A letter command: \o, \ss, \aa ...
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if l, ok := texLetters[s[i+1:j]]; ok {
				b.WriteString(l)
				i = j
				if i < len(s) && s[i] == ' ' {
					i++ // the space that ends a command
				}
				continue
			}
			if j == i+1 && (s[j] == '&' || s[j] == '_' || s[j] == '$' || s[j] == '%' || s[j] == '#') {
				b.WriteByte(s[j]) // \& → &
				i = j + 1
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// accentBase reads the letter an accent applies to: one character, or a
// letter command such as \i.
func accentBase(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	if s[0] == '\\' {
		j := 1
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		switch s[1:j] {
		case "i":
			return "i", j
		case "j":
			return "j", j
		}
		if l, ok := texLetters[s[1:j]]; ok {
			return l, j
		}
		return "", 0
	}
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) {
		return "", 0
	}
	return string(r), n
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// compose writes base with a combining mark, as one precomposed letter
// where Unicode has it (names are compared and searched letter by letter).
func compose(base string, mark rune) string {
	if r, ok := precomposed[base+string(mark)]; ok {
		return string(r)
	}
	return base + string(mark)
}

// precomposed maps letter + combining mark to the precomposed letter, for
// the Latin letters with accents TeX names carry.
var precomposed = func() map[string]rune {
	m := map[string]rune{}
	add := func(mark rune, pairs string) {
		rs := []rune(pairs)
		for i := 0; i+1 < len(rs); i += 2 {
			m[string(rs[i])+string(mark)] = rs[i+1]
		}
	}
	add(0x301, "aáeéiíoóuúyýAÁEÉIÍOÓUÚYÝcćCĆnńNŃsśSŚzźZŹlĺLĹrŕRŔgǵGǴ")
	add(0x300, "aàeèiìoòuùAÀEÈIÌOÒUÙnǹNǸ")
	add(0x302, "aâeêiîoôuûAÂEÊIÎOÔUÛcĉCĈgĝGĜhĥHĤjĵJĴsŝSŜwŵWŴyŷYŶ")
	add(0x308, "aäeëiïoöuüyÿAÄEËIÏOÖUÜYŸ")
	add(0x303, "aãoõnñAÃOÕNÑiĩIĨuũUŨ")
	add(0x304, "aāeēiīoōuūAĀEĒIĪOŌUŪ")
	add(0x307, "zżZŻeėEĖcċCĊgġGĠIİ")
	add(0x306, "aăAĂgğGĞuŭUŬeĕEĔiĭIĬoŏOŎ")
	add(0x30c, "cčCČsšSŠzžZŽrřRŘeěEĚnňNŇdďDĎtťTŤ")
	add(0x30b, "oőOŐuűUŰ")
	add(0x327, "cçCÇsşSŞtţTŢgģGĢkķKĶlļLĻnņNŅrŗRŖ")
	add(0x328, "aąAĄeęEĘ")
	add(0x30a, "aåAÅuůUŮ")
	return m
}()
