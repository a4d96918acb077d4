package fulltext

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/store/textdoc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Convert turns an arXiv HTML paper (LaTeXML output) into Markdown:
// headings for the outline, paragraphs, lists, GFM tables, fenced code,
// footnotes, figure and table captions with the image's absolute URL as a
// link, math as $…$ and $$…$$ from MathML's alttext, and the bibliography
// as a numbered list under "## References". pageURL resolves relative
// links and images when the page has no <base>.
//
// What the Markdown promises its readers:
//   - a citation that LaTeXML links to its bibliography entry (#bib.bibN)
//     is written [N] (several as [3, 7]); an author-year citation keeps
//     its words and gains the number: (Vaswani et al., 2017 [12]). N is
//     the entry's position in the "## References" list, as References
//     reports it; Citations finds the markers.
//   - footnotes are marked [^N] in the text and given, as "> [^N] …",
//     right after the block that holds the marker.
//   - no raw HTML: tags become Markdown or vanish, text is escaped;
//     links are http(s) or mailto and absolute, anything else (javascript:,
//     data:) is kept as its text only; links within the paper (to a
//     section or figure) are kept as text only.
//
// Nothing is ever executed or fetched. The page may be hostile: it is
// parsed by x/net/html, which refuses nesting deeper than 512; such a page
// is flattened and parsed again, so it converts with its text intact.
func Convert(page []byte, pageURL *url.URL) (md string, err error) {
	// The page is a stranger's: whatever it does to this code must end as
	// an error for this one paper, never take the reader down with it.
	defer func() {
		if r := recover(); r != nil {
			md, err = "", fmt.Errorf("converting HTML: %v", r)
		}
	}()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		// The parser's only refusal is an element stack over 512 deep.
		doc, err = html.Parse(bytes.NewReader(flatten(page, maxDepth)))
		if err != nil {
			return "", fmt.Errorf("parsing HTML: %w", err)
		}
	}
	c := &converter{page: pageURL, base: pageURL}
	if pageURL == nil {
		c.page, c.base = &url.URL{}, &url.URL{}
	}
	if b := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Base && attr(n, "href") != "" }); b != nil {
		if u, err := c.base.Parse(clean(attr(b, "href"))); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			c.base = u
		}
	}
	// The paper is article.ltx_document. arXiv's pages put a
	// "package-alerts ltx_document" box about conversion problems before
	// it, which must not be taken for the paper.
	root := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Article && hasClass(n, "ltx_document") })
	if root == nil {
		root = find(doc, func(n *html.Node) bool { return hasClass(n, "ltx_document") && !hasClass(n, "package-alerts") })
	}
	if root == nil {
		root = find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	}
	if root == nil {
		root = doc
	}
	md = strings.Join(c.blocks(root), "\n\n")
	if md != "" {
		md += "\n"
	}
	return clean(md), nil
}

// maxNesting bounds the quotes and lists written inside one another: each
// level prefixes every line below it, so a hostile page nested hundreds
// deep would otherwise come out hundreds of times its size.
const maxNesting = 8

// maxDepth is where flatten starts dropping tags, well under the parser's
// 512 so implied elements (html, body, tbody…) fit too.
const maxDepth = 256

// flatten drops the start and end tags nested deeper than limit, keeping
// their text, so an absurdly deep page still parses. Tags that hold raw
// text (script, style…) are kept whatever their depth, so their content
// never turns into visible text.
func flatten(page []byte, limit int) []byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	var b bytes.Buffer
	b.Grow(len(page))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.Bytes()
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if voidElement[a] {
				b.Write(z.Raw())
				continue
			}
			depth++
			if depth > limit && !rawTextElement[a] {
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			depth--
			if depth >= limit && !rawTextElement[a] {
				continue
			}
			depth = max(depth, 0)
		}
		b.Write(z.Raw())
	}
}

var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

var rawTextElement = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true,
	atom.Xmp: true, atom.Iframe: true, atom.Noembed: true, atom.Noframes: true,
	atom.Noscript: true, atom.Plaintext: true,
}

type converter struct {
	page *url.URL // the page as requested
	base *url.URL // <base href> resolved against page, for relative URLs

	quotes, lists int // blockquotes and lists around the current node

	notes    []string // footnotes met in the current block, given after it
	nnotes   int
	inLink   int
	inTable  int
	emphasis int
	strong   int
}

// skipped are never rendered: scripts and styles, the page's chrome
// (navigation, table of contents, header and footer), forms, embedded
// objects and the MathML annotations.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Button: true, atom.Form: true, atom.Input: true, atom.Select: true,
	atom.Textarea: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
	atom.Base: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
	atom.Dialog: true,
}

var skippedClasses = []string{
	"ltx_page_navbar", "ltx_TOC", "ltx_page_footer", "ltx_page_header",
	"ltx_listing_data", "ltx_ERROR", "ltx_rdf", "ltx_pagination",
	"package-alerts", "html-header-logo", "html-header-nav",
}

func (c *converter) skip(n *html.Node) bool {
	if n.Type == html.CommentNode || n.Type == html.DoctypeNode {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	if skipped[n.DataAtom] {
		return true
	}
	if n.DataAtom == 0 && (n.Data == "annotation" || n.Data == "annotation-xml") {
		return true
	}
	for _, cl := range skippedClasses {
		if hasClass(n, cl) {
			return true
		}
	}
	return false
}

var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Ul: true,
	atom.Summary: true, atom.Center: true,
}

func (c *converter) isBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if blockAtoms[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Math {
		return attr(n, "display") == "block"
	}
	return hasClass(n, "ltx_tabular") || hasClass(n, "ltx_listing") || hasClass(n, "ltx_para")
}

// blocks renders the children of n as Markdown blocks. Runs of inline
// content become paragraphs; block children are rendered by block.
func (c *converter) blocks(n *html.Node) []string {
	var out []string
	var para strings.Builder
	flush := func() {
		if s := finishParagraph(para.String()); s != "" {
			out = append(out, s)
		}
		para.Reset()
		out = append(out, c.takeNotes()...)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if c.skip(ch) {
			continue
		}
		if c.isBlock(ch) {
			flush()
			out = append(out, c.block(ch)...)
			out = append(out, c.takeNotes()...)
			continue
		}
		if wrapsBlock(ch) {
			// A span around a table (\resizebox's ltx_transformed_outer,
			// ltx_inline-block): its content as blocks, or the table would
			// be flattened into a line of words.
			flush()
			out = append(out, c.blocks(ch)...)
			continue
		}
		para.WriteString(c.inline(ch))
	}
	flush()
	return out
}

// wrapsBlock reports whether span n holds a table, a list, a figure or
// code, not counting what is inside notes, math and citations, which are
// rendered inline whatever they hold.
func wrapsBlock(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom != atom.Span || hasClass(n, "ltx_note") {
		return false
	}
	var walk func(*html.Node) bool
	walk = func(m *html.Node) bool {
		for ch := m.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode || hasClass(ch, "ltx_note") {
				continue
			}
			switch ch.DataAtom {
			case atom.Math, atom.Cite, atom.A:
				continue
			case atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Figure, atom.Pre:
				return true
			}
			if hasClass(ch, "ltx_tabular") || hasClass(ch, "ltx_listing") || walk(ch) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

// finishParagraph folds the spaces left where inline pieces meet and
// escapes what would start another kind of block.
func finishParagraph(s string) string {
	s = strings.TrimSpace(collapseSpaces(s))
	return escapeLineStart(s)
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && prev == ' ' {
			continue
		}
		prev = s[i]
		b.WriteByte(s[i])
	}
	return b.String()
}

func (c *converter) takeNotes() []string {
	if len(c.notes) == 0 {
		return nil
	}
	n := c.notes
	c.notes = nil
	return n
}

func (c *converter) block(n *html.Node) []string {
	switch {
	case hasClass(n, "ltx_bibliography"):
		return c.bibliography(n)
	case n.DataAtom == atom.Table && (hasClass(n, "ltx_equation") || hasClass(n, "ltx_equationgroup") || hasClass(n, "ltx_eqn_table")):
		return c.equations(n)
	case n.DataAtom == atom.Math:
		if m := displayMath(mathTeX(n)); m != "" {
			return []string{m}
		}
		return nil
	case hasClass(n, "ltx_tabular") || n.DataAtom == atom.Table:
		if t := c.table(n); t != "" {
			return []string{t}
		}
		return nil
	case hasClass(n, "ltx_listing") || n.DataAtom == atom.Pre:
		return c.code(n)
	case n.DataAtom == atom.Figure:
		// A figure or float table: its content in order (images as links,
		// tables, subfigures) and its caption.
		return c.blocks(n)
	case n.DataAtom == atom.Figcaption:
		return c.caption(n)
	case n.DataAtom == atom.Ul || n.DataAtom == atom.Ol:
		return c.list(n)
	case n.DataAtom == atom.Dl:
		return c.descriptions(n)
	case n.DataAtom == atom.Blockquote:
		if c.quotes >= maxNesting {
			return c.blocks(n)
		}
		c.quotes++
		defer func() { c.quotes-- }()
		return quote(c.blocks(n))
	case n.DataAtom == atom.Hr:
		return []string{"---"}
	case isHeading(n):
		return c.heading(n)
	case hasClass(n, "ltx_authors"):
		if s := finishParagraph(c.inlineChildren(n)); s != "" {
			return []string{s}
		}
		return nil
	}
	return c.blocks(n)
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// headingLevels map LaTeXML's title classes to Markdown levels, so the
// outline follows the paper's structure rather than the h-tags LaTeXML
// picked (an abstract is h6, a paragraph title h4 or h5).
var headingLevels = []struct {
	class string
	level int
}{
	{"ltx_title_document", 1},
	{"ltx_title_abstract", 2}, {"ltx_title_section", 2}, {"ltx_title_appendix", 2},
	{"ltx_title_bibliography", 2}, {"ltx_title_acknowledgements", 2}, {"ltx_title_index", 2},
	{"ltx_title_chapter", 2}, {"ltx_title_part", 2},
	{"ltx_title_subsection", 3}, {"ltx_title_subsubsection", 4},
	{"ltx_title_paragraph", 5}, {"ltx_title_subparagraph", 6},
}

func (c *converter) heading(n *html.Node) []string {
	text := strings.TrimSpace(collapseSpaces(c.inlineChildren(n)))
	if text == "" {
		return nil
	}
	// Theorem and proof titles are run-in ("Theorem 1.", "Proof."), not
	// sections: bold, not headings.
	if hasClass(n, "ltx_title_theorem") || hasClass(n, "ltx_title_proof") {
		return []string{"**" + text + "**"}
	}
	level := 0
	for _, hl := range headingLevels {
		if hasClass(n, hl.class) {
			level = hl.level
			break
		}
	}
	if level == 0 {
		level = int(n.Data[1] - '0')
	}
	if strings.HasSuffix(text, "#") {
		text = text[:len(text)-1] + "\\#"
	}
	return []string{strings.Repeat("#", level) + " " + text}
}

// inline renders n as inline Markdown.
func (c *converter) inline(n *html.Node) string {
	switch n.Type {
	case html.TextNode:
		return escapeText(foldSpace(clean(n.Data)))
	case html.ElementNode:
	default:
		return ""
	}
	if c.skip(n) {
		return ""
	}
	switch {
	case n.DataAtom == atom.Br:
		return " "
	case n.DataAtom == atom.Math:
		tex := mathTeX(n)
		if attr(n, "display") == "block" {
			return " " + displayMath(tex) + " "
		}
		return inlineMath(tex)
	case n.DataAtom == atom.A:
		return c.link(n)
	case n.DataAtom == atom.Cite:
		return c.cite(n)
	case n.DataAtom == atom.Img:
		return c.image(n)
	case hasClass(n, "ltx_note"):
		// Footnotes, footnote texts, endnotes, \thanks: out of the line.
		return c.footnote(n)
	case n.DataAtom == atom.Code || n.DataAtom == atom.Tt || n.DataAtom == atom.Kbd || n.DataAtom == atom.Samp ||
		(hasClass(n, "ltx_font_typewriter") && find(n, isMathOrLink) == nil):
		return spaced(textContent(n), func(s string) string { return codeSpan(s, c.inTable > 0) })
	case n.DataAtom == atom.Strong || n.DataAtom == atom.B || hasClass(n, "ltx_font_bold"):
		if c.strong > 0 {
			return c.inlineChildren(n)
		}
		c.strong++
		s := c.inlineChildren(n)
		c.strong--
		return spaced(s, func(s string) string { return "**" + s + "**" })
	case n.DataAtom == atom.Em || n.DataAtom == atom.I || hasClass(n, "ltx_font_italic") || hasClass(n, "ltx_emph"):
		if c.emphasis > 0 {
			return c.inlineChildren(n)
		}
		c.emphasis++
		s := c.inlineChildren(n)
		c.emphasis--
		return spaced(s, func(s string) string { return "*" + s + "*" })
	case c.isBlock(n), n.DataAtom == atom.Td, n.DataAtom == atom.Th, hasClass(n, "ltx_td"):
		// A block inside inline content (a table cell, a caption), or a
		// cell of a table met there: its words, set apart by spaces.
		return " " + c.inlineChildren(n) + " "
	}
	return c.inlineChildren(n)
}

func isMathOrLink(n *html.Node) bool { return n.DataAtom == atom.Math || n.DataAtom == atom.A }

func (c *converter) inlineChildren(n *html.Node) string {
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		b.WriteString(c.inline(ch))
	}
	return b.String()
}

// spaced applies wrap to s without its outer spaces and puts them back
// outside: "** bold**" is not bold in Markdown, " **bold**" is.
func spaced(s string, wrap func(string) string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return collapseSpaces(s)
	}
	lead, trail := "", ""
	if strings.HasPrefix(s, " ") {
		lead = " "
	}
	if strings.HasSuffix(s, " ") {
		trail = " "
	}
	return lead + wrap(t) + trail
}

// foldSpace folds HTML whitespace to single spaces, as a browser shows it.
func foldSpace(s string) string {
	if !strings.ContainsAny(s, "\n\t\r\f") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\n', '\t', '\r', '\f':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipped[n.DataAtom] {
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return clean(b.String())
}

// mathTeX is the LaTeX of a MathML element: LaTeXML writes it to alttext
// and to an application/x-tex annotation; the MathML's own text is the
// last resort.
func mathTeX(n *html.Node) string {
	if t := attr(n, "alttext"); strings.TrimSpace(t) != "" {
		return clean(t)
	}
	if a := find(n, func(m *html.Node) bool {
		return m.Type == html.ElementNode && m.Data == "annotation" && attr(m, "encoding") == "application/x-tex"
	}); a != nil {
		return textContent(a)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(m *html.Node) {
		if m.Type == html.ElementNode && (m.Data == "annotation" || m.Data == "annotation-xml") {
			return
		}
		if m.Type == html.TextNode {
			b.WriteString(m.Data)
		}
		for ch := m.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return clean(b.String())
}

// equations renders LaTeXML's equation tables (equation, align, eqnarray,
// gather) as one $$…$$ per row, the row's pieces joined and its number
// given as \tag{n}.
func (c *converter) equations(n *html.Node) []string {
	var out []string
	rows := findAll(n, func(m *html.Node) bool { return m.DataAtom == atom.Tr }, false)
	if len(rows) == 0 {
		rows = []*html.Node{n}
	}
	for _, row := range rows {
		var parts []string
		for _, m := range findAll(row, func(m *html.Node) bool { return m.DataAtom == atom.Math }, false) {
			if t := strings.TrimSpace(mathTeX(m)); t != "" {
				parts = append(parts, t)
			}
		}
		if len(parts) == 0 {
			continue
		}
		tex := strings.Join(parts, " ")
		if tag := find(row, func(m *html.Node) bool {
			return hasClass(m, "ltx_tag_equation") || hasClass(m, "ltx_tag_equationgroup") || hasClass(m, "ltx_eqn_eqno")
		}); tag != nil {
			if t := strings.Trim(strings.TrimSpace(textContent(tag)), "()"); t != "" {
				tex += ` \tag{` + t + `}`
			}
		}
		if m := displayMath(tex); m != "" {
			out = append(out, m)
		}
	}
	return out
}

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

func (c *converter) caption(n *html.Node) []string {
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if hasClass(ch, "ltx_tag") {
			if t := strings.TrimSpace(collapseSpaces(c.inline(ch))); t != "" {
				b.WriteString("**" + t + "** ")
			}
			continue
		}
		b.WriteString(c.inline(ch))
	}
	if s := finishParagraph(b.String()); s != "" {
		return []string{s}
	}
	return nil
}

func (c *converter) code(n *html.Node) []string {
	var lines []string
	if src, ok := listingSource(n); ok {
		lines = strings.Split(strings.TrimRight(src, "\n"), "\n")
	} else if hasClass(n, "ltx_listing") {
		for _, l := range findAll(n, func(m *html.Node) bool { return hasClass(m, "ltx_listingline") }, false) {
			lines = append(lines, strings.TrimRight(strings.TrimLeft(textContent(l), "\n"), " \n"))
		}
	} else {
		lines = strings.Split(strings.TrimRight(textContent(n), "\n"), "\n")
	}
	if len(lines) == 0 {
		return nil
	}
	text := strings.Join(lines, "\n")
	// LaTeX listings show spaces inside strings as the visible-space sign.
	text = strings.ReplaceAll(text, "\u2423", " ")
	text = strings.ReplaceAll(text, "\u00a0", " ")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	lang := ""
	for _, cl := range strings.Fields(attr(n, "class")) {
		if l, ok := strings.CutPrefix(cl, "ltx_lst_language_"); ok {
			lang = strings.ToLower(l)
		}
	}
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	return []string{fence + lang + "\n" + text + "\n" + fence}
}

// listingSource is a listing's code as its author wrote it: LaTeXML
// offers it for download as a base64 data: URL, with the indentation the
// rendered lines lose.
func listingSource(n *html.Node) (string, bool) {
	data := find(n, func(m *html.Node) bool { return hasClass(m, "ltx_listing_data") })
	if data == nil {
		return "", false
	}
	a := find(data, func(m *html.Node) bool { return m.DataAtom == atom.A })
	if a == nil {
		return "", false
	}
	href := attr(a, "href")
	comma := strings.IndexByte(href, ',')
	if comma < 0 || !strings.HasPrefix(href, "data:text/plain") || !strings.HasSuffix(href[:comma], ";base64") {
		return "", false
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(href[comma+1:]))
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	return clean(strings.ReplaceAll(string(b), "\r\n", "\n")), true
}

// list renders ul and ol. LaTeXML puts each item's label in a tag span
// ("•", "1.", "(a)"): bullets are dropped, numbers become the ordered
// list's, other labels lead the item's text.
func (c *converter) list(n *html.Node) []string {
	if c.lists >= maxNesting {
		// Deeper lists are their items' blocks, left where the enclosing
		// lists put them.
		var out []string
		for li := n.FirstChild; li != nil; li = li.NextSibling {
			if li.Type == html.ElementNode && c.isBlock(li) {
				out = append(out, c.block(li)...)
			} else if s := finishParagraph(c.inline(li)); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c.lists++
	defer func() { c.lists-- }()
	ordered := n.DataAtom == atom.Ol
	var items []string
	i := 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if c.skip(li) {
			continue
		}
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			// Text or an element straight inside the list (broken or
			// flattened HTML): an item of its own, so no word is lost.
			var body string
			if li.Type == html.ElementNode && c.isBlock(li) {
				body = strings.Join(c.block(li), "\n\n")
			} else {
				body = finishParagraph(c.inline(li))
			}
			if body != "" {
				items = append(items, "- "+indent(body, 2))
			}
			continue
		}
		i++
		label := ""
		// The label is the item's own child: a nested list's are its own.
		for tag := li.FirstChild; tag != nil; tag = tag.NextSibling {
			if hasClass(tag, "ltx_tag_item") || hasClass(tag, "ltx_tag_enumerate") {
				label = strings.TrimSpace(textContent(tag))
				li.RemoveChild(tag)
				break
			}
		}
		body := strings.Join(c.blocks(li), "\n\n")
		marker := "- "
		if ordered {
			marker = strconv.Itoa(i) + ". "
		}
		switch {
		case label == "" || label == "•" || label == "–" || label == "-" || label == "∙" || label == "◦":
		case ordered && (label == strconv.Itoa(i)+"." || label == strconv.Itoa(i)):
		default:
			marker = "- "
			body = "**" + escapeText(label) + "** " + body
		}
		items = append(items, marker+indent(body, len(marker)))
	}
	if len(items) == 0 {
		return nil
	}
	return []string{strings.Join(items, "\n")}
}

func (c *converter) descriptions(n *html.Node) []string {
	var items []string
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		body := strings.Join(c.blocks(ch), "\n\n")
		if body == "" {
			continue
		}
		if ch.DataAtom == atom.Dt {
			body = "**" + body + "**"
		}
		items = append(items, "- "+indent(body, 2))
	}
	if len(items) == 0 {
		return nil
	}
	return []string{strings.Join(items, "\n")}
}

// indent indents every line after the first by n spaces, so a list
// item's later paragraphs stay in the item.
func indent(s string, n int) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func quote(blocks []string) []string {
	if len(blocks) == 0 {
		return nil
	}
	s := strings.Join(blocks, "\n\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return []string{strings.Join(lines, "\n")}
}

// maxTablePadding bounds the empty cells written for colspans in one
// table.
const maxTablePadding = 10000

// table renders a LaTeXML tabular (a <table>, or spans with ltx_tr and
// ltx_td) as a GFM table. GFM needs a header row: the first row is it.
// Spanned columns get empty cells so the columns stay aligned.
func (c *converter) table(n *html.Node) string {
	isRow := func(m *html.Node) bool { return m.DataAtom == atom.Tr || hasClass(m, "ltx_tr") }
	isCell := func(m *html.Node) bool {
		return m.DataAtom == atom.Td || m.DataAtom == atom.Th || hasClass(m, "ltx_td")
	}
	var rows [][]string
	width := 0
	pad := maxTablePadding
	c.inTable++
	for _, r := range findAll(n, isRow, false) {
		var cells []string
		for _, cell := range findAll(r, isCell, false) {
			text := strings.TrimSpace(collapseSpaces(c.inlineChildren(cell)))
			cells = append(cells, text)
			if span, err := strconv.Atoi(attr(cell, "colspan")); err == nil && span > 1 {
				for k := 1; k < span && pad > 0; k++ {
					cells = append(cells, "")
					pad--
				}
			}
		}
		if len(cells) == 0 {
			continue
		}
		width = max(width, len(cells))
		rows = append(rows, cells)
	}
	c.inTable--
	if len(rows) == 0 || width == 0 {
		return ""
	}
	// Only the header is padded to the widest row: GFM fills short rows
	// itself, and padding every row of a hostile table (one row of a
	// million cells, a million rows of one) would square its size.
	var b strings.Builder
	writeRow := func(cells []string, n int) {
		b.WriteString("|")
		for k := 0; k < n; k++ {
			cell := ""
			if k < len(cells) {
				cell = cells[k]
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	writeRow(rows[0], width)
	b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
	for _, r := range rows[1:] {
		writeRow(r, len(r))
	}
	return strings.TrimRight(b.String(), "\n")
}

// bibliography renders the references as "## References" and a numbered
// list; entry N is LaTeXML's bib.bibN, the one citations point to.
func (c *converter) bibliography(n *html.Node) []string {
	var out []string
	if h := find(n, isHeading); h != nil {
		out = append(out, c.heading(h)...)
	} else {
		out = append(out, "## References")
	}
	items := findAll(n, func(m *html.Node) bool { return hasClass(m, "ltx_bibitem") }, false)
	var list []string
	for i, item := range items {
		var parts []string
		for ch := item.FirstChild; ch != nil; ch = ch.NextSibling {
			if c.skip(ch) {
				continue
			}
			s := strings.TrimSpace(collapseSpaces(c.inline(ch)))
			if s == "" {
				continue
			}
			// A numeric label ("[12]") repeats the list's number; an
			// author-year label ("Vaswani et al. (2017)") says more.
			if hasClass(ch, "ltx_tag_bibitem") && numericCite.MatchString(textdoc.UnescapeMarkdown(s)) {
				continue
			}
			parts = append(parts, s)
		}
		text := escapeLineStart(strings.Join(parts, " "))
		text = strings.Join(append([]string{text}, c.takeNotes()...), " ")
		num := strconv.Itoa(i + 1)
		list = append(list, num+". "+text)
	}
	if len(list) > 0 {
		out = append(out, strings.Join(list, "\n"))
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, f := range strings.Fields(a.Val) {
				if f == class {
					return true
				}
			}
		}
	}
	return false
}

// find returns the first element in n's subtree (n included) for which
// ok holds, depth first.
func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if f := find(ch, ok); f != nil {
			return f
		}
	}
	return nil
}

// findAll returns the elements below n for which ok holds. Unless nested,
// it does not look inside a match: rows of an inner table are the inner
// table's.
func findAll(n *html.Node, ok func(*html.Node) bool, nested bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(m *html.Node) {
		for ch := m.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			if ok(ch) {
				out = append(out, ch)
				if !nested {
					continue
				}
			}
			// Rows and cells of a nested tabular belong to it.
			if ch != n && (ch.DataAtom == atom.Table || hasClass(ch, "ltx_tabular")) && !nested {
				continue
			}
			walk(ch)
		}
	}
	walk(n)
	return out
}
