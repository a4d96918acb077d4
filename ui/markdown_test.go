package ui

import (
	"strings"
	"testing"
)

// An abstract is text, never Markdown: no raw HTML, no link whose text
// hides its target, no autolink or bare URL turned into a terminal
// hyperlink (OSC 8), whatever the style.
func TestAbstractMarkdownIsPlainText(t *testing.T) {
	abstract := "<script>alert(1)</script> [click](http://evil.example/md) <http://auto.example/x> " +
		"bare http://bare.example/y ![img](http://evil.example/img.png) www.example.com " +
		"<a href=\"http://evil.example/a\">a</a> [ref][1]\n\n[1]: http://evil.example/ref\n\n# not a heading\n\n- not a list"
	for _, style := range []string{"dark", "light", "notty"} {
		r := newRenderer(style)
		out, err := r.render(r.key("x", 200, abstract), abstract)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "\x1b]8;") || strings.Contains(out, "\x1b]") {
			t.Errorf("%s: the render carries an OSC sequence (hyperlink): %q", style, out)
		}
		text := strings.Join(strings.Fields(plain(out)), " ")
		for _, want := range []string{
			"<script>alert(1)</script>", "[click](http://evil.example/md)", "<http://auto.example/x>",
			"bare http://bare.example/y", "![img](http://evil.example/img.png)", `<a href="http://evil.example/a">a</a>`,
			"[ref][1]", "[1]: http://evil.example/ref", "# not a heading", "- not a list",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q is not shown as typed in:\n%s", style, want, text)
			}
		}
	}
}
