package fulltext

// Small helpers over x/net/html nodes.

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
