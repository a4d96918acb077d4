package fulltext

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

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

// maxTablePadding bounds the empty cells written for colspans in one
// table.
const maxTablePadding = 10000
