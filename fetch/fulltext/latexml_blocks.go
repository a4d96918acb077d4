package fulltext

// The block elements of a LaTeXML page: maths, captions, code, lists,
// tables and the bibliography.

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/store/textdoc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
