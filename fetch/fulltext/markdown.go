package fulltext

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/paperboy-reader/paperboy/store/textdoc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// CleanMarkdown makes Markdown from a stranger (Hugging Face's papers/{id}.md)
// safe and faithful to render with Glamour, line by line and leaving
// fenced code alone:
//   - raw HTML never passes: an <img> becomes a link to the image, other
//     tags and comments are dropped (their text stays);
//   - a link whose scheme is not http(s) or mailto (javascript:, data:…)
//     is broken into plain text, so it shows but does nothing;
//   - math between $…$ or $$…$$ is escaped as Convert escapes it, so
//     LaTeX reads as written; $$ blocks over several lines are joined;
//   - control characters and escape sequences go (safetext.Text).
//
// Markdown written by Convert needs none of this; it is for the other
// source.
func CleanMarkdown(md string) string {
	md = clean(strings.ReplaceAll(md, "\r\n", "\n"))
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fence := ""
	inComment := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if fence != "" {
			out = append(out, line)
			if textdoc.IsFenceClose(line, fence) {
				fence = ""
			}
			continue
		}
		if f := textdoc.FenceOpen(line); f != "" {
			fence = f
			out = append(out, line)
			continue
		}
		if inComment {
			j := strings.Index(line, "-->")
			if j < 0 {
				continue
			}
			line = line[j+3:]
			inComment = false
		}
		// A $$ display opened on this line and closed on a later one is
		// joined into one line.
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "$$") && !strings.Contains(t[2:], "$$") {
			for j := i + 1; j < len(lines) && j <= i+50; j++ {
				if strings.Contains(lines[j], "$$") {
					line = strings.Join(lines[i:j+1], " ")
					i = j
					break
				}
			}
		}
		line, inComment = cleanLine(line)
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

var (
	unsafeRefDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?([A-Za-z][A-Za-z0-9+.-]*):`)
	// Anchored, so each ] costs only what follows it, not the whole line.
	inlineLink = regexp.MustCompile(`^\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*):`)
)

func safeScheme(s string) bool {
	switch strings.ToLower(s) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// cleanLine cleans one line outside fenced code. It returns whether the
// line ends inside an HTML comment.
func cleanLine(line string) (string, bool) {
	if m := unsafeRefDef.FindStringSubmatch(line); m != nil && !safeScheme(m[1]) {
		i := strings.IndexByte(line, '[')
		line = line[:i] + "\\" + line[i:]
	}
	var b strings.Builder
	b.Grow(len(line))
	var runs *backtickRuns
	for i := 0; i < len(line); {
		ch := line[i]
		switch {
		case ch == '\\' && i+1 < len(line):
			b.WriteString(line[i : i+2])
			i += 2
		case ch == '`':
			// A code span shows its content literally: copy it whole.
			n := textdoc.RunLen(line[i:], '`')
			if runs == nil {
				runs = newBacktickRuns(line)
			}
			// Only look for the closer when a run as long exists further
			// on, so a line of unmatched runs costs linear time.
			if runs.longestAfter(i+n) >= n {
				if j := strings.Index(line[i+n:], line[i:i+n]); j >= 0 {
					end := i + n + j + n
					b.WriteString(line[i:end])
					i = end
					continue
				}
			}
			b.WriteString(line[i : i+n])
			i += n
		case ch == '$':
			if s, n := mathSpan(line[i:]); n > 0 {
				b.WriteString(s)
				i += n
				continue
			}
			b.WriteByte(ch)
			i++
		case ch == '<':
			if strings.HasPrefix(line[i:], "<!--") {
				j := strings.Index(line[i+4:], "-->")
				if j < 0 {
					return b.String(), true
				}
				i += 4 + j + 3
				continue
			}
			if s, n := rawTag(line[i:]); n > 0 {
				b.WriteString(s)
				i += n
				continue
			}
			if autolink.MatchString(line[i:]) || i+1 == len(line) || !mayOpenHTML(line[i+1]) {
				b.WriteByte(ch)
				i++
				continue
			}
			// Not an HTML element ("n<k and k>m"): a literal <, so goldmark
			// cannot take it for raw HTML either.
			b.WriteString("\\<")
			i++
		case ch == ']':
			if m := inlineLink.FindStringSubmatchIndex(line[i:]); m != nil && !safeScheme(line[i+m[2]:i+m[3]]) {
				b.WriteString("]\\(")
				i += 2
				continue
			}
			b.WriteByte(ch)
			i++
		default:
			b.WriteByte(ch)
			i++
		}
	}
	return b.String(), false
}

// backtickRuns knows, for any position of a line, the longest run of
// backticks that starts there or later.
type backtickRuns struct {
	start   []int // start of each run, ascending
	longest []int // longest[k]: the longest of runs k, k+1, …
}

func newBacktickRuns(line string) *backtickRuns {
	r := &backtickRuns{}
	var lens []int
	for i := 0; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		n := textdoc.RunLen(line[i:], '`')
		r.start = append(r.start, i)
		lens = append(lens, n)
		i += n
	}
	r.longest = make([]int, len(lens))
	best := 0
	for k := len(lens) - 1; k >= 0; k-- {
		best = max(best, lens[k])
		r.longest[k] = best
	}
	return r
}

func (r *backtickRuns) longestAfter(pos int) int {
	k, _ := slices.BinarySearch(r.start, pos)
	if k == len(r.start) {
		return 0
	}
	return r.longest[k]
}

// mathSpan recognises math at the start of s with pandoc's rules for
// dollars: $$…$$, or $…$ whose content neither starts nor ends with a
// space and whose closing $ is not followed by a digit (so "$5 and $10"
// is money, not math). It returns the escaped math and the bytes used.
func mathSpan(s string) (string, int) {
	if strings.HasPrefix(s, "$$") {
		j := strings.Index(s[2:], "$$")
		if j < 0 || strings.TrimSpace(s[2:2+j]) == "" {
			return "", 0
		}
		return displayMath(unescapeMarkdownInMath(s[2 : 2+j])), j + 4
	}
	if len(s) < 3 || s[1] == ' ' || s[1] == '$' {
		return "", 0
	}
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '$':
			if s[j-1] == ' ' || j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
				return "", 0
			}
			return inlineMath(unescapeMarkdownInMath(s[1:j])), j + 1
		}
	}
	return "", 0
}

// unescapeMarkdownInMath takes back the Markdown escapes a writer may have put in
// math for renderers without math support: when the math has \_ (or \*)
// and no bare _ (or *), those backslashes are Markdown's, not LaTeX's
// (LaTeX's \_ is a literal underscore, rare in math), and escapeMath will
// put them back in its own way.
func unescapeMarkdownInMath(s string) string {
	for _, ch := range []string{"_", "*"} {
		esc := "\\" + ch
		if strings.Contains(s, esc) && !strings.Contains(strings.ReplaceAll(s, esc, ""), ch) {
			s = strings.ReplaceAll(s, esc, ch)
		}
	}
	return s
}

// url0 is the empty base: a relative image path in Markdown has no
// page to be resolved against, so only absolute images become links.
var url0 url.URL

var autolink = regexp.MustCompile(`^<(?i:https?://|mailto:)[^<>\s]*>`)

var tagStart = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>`)

// rawTag recognises a tag of a known HTML element at the start of s and
// returns what to
// write instead: an <img> as a link to its image, a <br> as a space,
// any other as nothing (its text, between the tags, stays).
func rawTag(s string) (string, int) {
	m := tagStart.FindString(s)
	if m == "" {
		return "", 0
	}
	z := html.NewTokenizer(strings.NewReader(m))
	tt := z.Next()
	if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
		return "", len(m)
	}
	name, hasAttr := z.TagName()
	a := atom.Lookup(name)
	if a == 0 {
		return "", 0
	}
	switch a {
	case atom.Br:
		return " ", len(m)
	case atom.Img:
		var src, alt string
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "src":
				src = string(v)
			case "alt":
				alt = string(v)
			}
		}
		c := &converter{base: &url0}
		u := c.resolve(strings.TrimSpace(clean(src)))
		if u == nil || u.Scheme == "mailto" {
			return "", len(m)
		}
		label := strings.TrimSpace(clean(alt))
		if label == "" {
			label = "image"
		}
		return "[Image: " + escapeText(label) + "](" + linkDest(u) + ")", len(m)
	}
	return "", len(m)
}

// mayOpenHTML reports whether c after a < could make goldmark see raw
// HTML: a tag, a closing tag, a comment or declaration, an instruction.
func mayOpenHTML(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}
