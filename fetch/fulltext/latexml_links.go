package fulltext

// Links, citations, images and footnotes of a LaTeXML page.

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store/textdoc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// link renders an anchor. Only absolute http(s) and mailto links stay
// links, written so the reader sees the real URL; links into the paper
// itself keep their text only.
func (c *converter) link(n *html.Node) string {
	href := strings.TrimSpace(clean(attr(n, "href")))
	if href != "" {
		if num, ok := c.bibNumber(href); ok {
			return c.citeLink(n, num)
		}
	}
	if c.inLink > 0 {
		return c.inlineChildren(n)
	}
	c.inLink++
	text := c.inlineChildren(n)
	c.inLink--
	u := c.resolve(href)
	if u == nil || c.samePage(u) {
		return text
	}
	dest := linkDest(u)
	t := strings.TrimSpace(text)
	if t == "" || textdoc.UnescapeMarkdown(t) == u.String() {
		return spaced(text, func(string) string { return "<" + dest + ">" })
	}
	return spaced(text, func(t string) string { return "[" + t + "](" + dest + ")" })
}

// resolve makes href absolute against the page's base and keeps it only
// when it is http(s) or mailto.
func (c *converter) resolve(href string) *url.URL {
	if href == "" {
		return nil
	}
	u, err := c.base.Parse(href)
	if err != nil {
		return nil
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return nil
		}
		return u
	case "mailto":
		return u
	}
	return nil
}

func (c *converter) samePage(u *url.URL) bool {
	if u.Fragment == "" {
		return false
	}
	same := func(a, b *url.URL) bool {
		return a.Host == b.Host && strings.TrimSuffix(a.Path, "/") == strings.TrimSuffix(b.Path, "/")
	}
	return same(u, c.base) || same(u, c.page)
}

// linkDest writes a URL so that Markdown cannot misread it: the
// characters that would end or break a link destination are
// percent-encoded.
func linkDest(u *url.URL) string {
	s := u.String()
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C", "|", "%7C", "`", "%60")
	return r.Replace(s)
}

var bibHref = regexp.MustCompile(`#bib\.bib(\d+)$`)

func (c *converter) bibNumber(href string) (int, bool) {
	m := bibHref.FindStringSubmatch(href)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// citeLink renders a link to bibliography entry num: the number alone
// when the link text is that number (numeric styles), else the text with
// [num] after it (author-year styles), so every citation has a marker.
func (c *converter) citeLink(n *html.Node, num int) string {
	text := strings.TrimSpace(c.inlineChildren(n))
	marker := "[" + strconv.Itoa(num) + "]"
	if text == "" || textdoc.UnescapeMarkdown(text) == strconv.Itoa(num) || textdoc.UnescapeMarkdown(text) == marker {
		return marker
	}
	return text + " " + marker
}

var numericCite = regexp.MustCompile(`^[\[(]?\s*\d+(\s*[,;–-]\s*\d+)*\s*[\])]?$`)

// cite renders LaTeXML's <cite>. A numeric citation "[3, 7]" is written
// from the entries' numbers; any other keeps its words, each linked part
// followed by its [N].
func (c *converter) cite(n *html.Node) string {
	links := findAll(n, func(m *html.Node) bool { return m.DataAtom == atom.A }, true)
	var nums []string
	for _, a := range links {
		if num, ok := c.bibNumber(attr(a, "href")); ok {
			nums = append(nums, strconv.Itoa(num))
		}
	}
	if len(nums) > 0 && len(nums) == len(links) && numericCite.MatchString(strings.TrimSpace(textContent(n))) {
		return "[" + strings.Join(nums, ", ") + "]"
	}
	return c.inlineChildren(n)
}

// image renders an image as a link to it, never the image itself; inline
// data: images (logos, icons) are dropped.
func (c *converter) image(n *html.Node) string {
	u := c.resolve(strings.TrimSpace(clean(attr(n, "src"))))
	if u == nil || u.Scheme == "mailto" {
		return ""
	}
	// LaTeXML's alt is "Refer to caption" when the author gave none; the
	// file's name says more then.
	name := strings.Join(strings.Fields(clean(attr(n, "alt"))), " ")
	if name == "" || strings.EqualFold(name, "Refer to caption") {
		name = u.Path
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
	}
	if name == "" {
		name = "image"
	}
	return " [Image: " + escapeText(name) + "](" + linkDest(u) + ") "
}

// footnote writes the marker [^N] and keeps the note's text to be given
// after the current block.
func (c *converter) footnote(n *html.Node) string {
	content := find(n, func(m *html.Node) bool { return hasClass(m, "ltx_note_content") })
	if content == nil {
		content = n
	}
	c.nnotes++
	mark := "[^" + strconv.Itoa(c.nnotes) + "]"
	var b strings.Builder
	for ch := content.FirstChild; ch != nil; ch = ch.NextSibling {
		if hasClass(ch, "ltx_note_mark") || hasClass(ch, "ltx_tag_note") || hasClass(ch, "ltx_note_type") {
			continue
		}
		b.WriteString(c.inline(ch))
	}
	if text := strings.TrimSpace(collapseSpaces(b.String())); text != "" {
		c.notes = append(c.notes, "> "+mark+" "+text)
	}
	return mark
}
