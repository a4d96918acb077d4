package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest/benchgen"
	"github.com/paperboy-reader/paperboy/store/textdoc"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

// An abstract is text, never Markdown: no raw HTML, no link whose text
// hides its target, no autolink or bare URL turned into a terminal
// hyperlink (OSC 8), whatever the style.
func TestAbstractMarkdownIsPlainText(t *testing.T) {
	abstract := "<script>alert(1)</script> [click](http://evil.example/md) <http://auto.example/x> " +
		"bare http://bare.example/y ![img](http://evil.example/img.png) www.example.com " +
		"<a href=\"http://evil.example/a\">a</a> [ref][1]\n\n[1]: http://evil.example/ref\n\n# not a heading\n\n- not a list"
	for _, style := range []string{"dark", "light", "notty"} {
		r := New(theme.Style{Name: style})
		out, err := r.Render(r.Key("x", 200, abstract), abstract)
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

func TestAbstractMathSurvivesMarkdown(t *testing.T) {
	r := New(theme.Style{Name: "notty"})
	abstract := "We prove $O(n^2)$ bounds and use $\\alpha$-entmax.\n" +
		"Stars a*b*c and x_i_j stay; so do [brackets](not links), <tags> and `ticks`.\n" +
		"# not a heading\n- not a list\n1. not a list either\n    not code\n\nSecond paragraph ~kept~ | pipes & ![img](x) &amp; ~ 5%."
	out, err := r.Render(r.Key("x", 200, abstract), abstract)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(plain(out)), " ")
	for _, want := range []string{
		"$O(n^2)$", `$\alpha$-entmax`, "a*b*c", "x_i_j", "[brackets](not links)", "<tags>", "`ticks`",
		"# not a heading", "- not a list", "1. not a list either", "not code", "~kept~ | pipes & ![img](x) &amp; ~ 5%.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered abstract lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`\n\s*\n`).MatchString(plain(out)) {
		t.Errorf("paragraphs were merged:\n%s", out)
	}
}

func TestRenderCache(t *testing.T) {
	r := New(theme.Style{Name: "notty"})
	k := r.Key("id", 60, "text")
	if _, ok := r.Cached(k); ok {
		t.Fatal("cached before rendering")
	}
	a, _ := r.Render(k, "text")
	b, ok := r.Cached(k)
	if !ok || a != b {
		t.Fatal("render was not cached")
	}
	if r.Key("id", 60, "other") == k || r.Key("id", 61, "text") == k {
		t.Fatal("cache key ignores content or width")
	}
	if _, err := r.Render(r.Key("id", 80, "text"), "text"); err != nil {
		t.Fatal(err)
	}
	if r.made != 1 {
		t.Fatalf("%d Glamour renderers made, want one for all widths", r.made)
	}
}

const benchAbstract = `Transformer accelerators spend most of their energy moving data rather than computing on it. We present a systolic array whose dataflow keeps the attention matrix on chip, with $O(n^2)$ work split across 128 processing elements, and a scheduler that overlaps the softmax with the next tile's matrix multiplication.

On a 7 nm implementation the design reaches 92% utilisation on BERT-large and reduces off-chip traffic by 3.4x over a weight-stationary baseline, at an area cost of 6%. We release the RTL and the cycle-accurate simulator.`

// BenchmarkRenderAbstract renders an abstract for the detail pane: the
// first time (Glamour) and from the cache, as moving back to a paper does.
func BenchmarkRenderAbstract(b *testing.B) {
	b.Run("uncached", func(b *testing.B) {
		r := New(theme.Style{Name: "dark"})
		r.Render(r.Key("warm", 70, benchAbstract), benchAbstract) // the per-width renderer
		i := 0
		for b.Loop() {
			text := benchAbstract + fmt.Sprint(i)
			if _, err := r.Render(r.Key(fmt.Sprint(i), 70, text), text); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("cached", func(b *testing.B) {
		r := New(theme.Style{Name: "dark"})
		if _, err := r.Render(r.Key("x", 70, benchAbstract), benchAbstract); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			k := r.Key("x", 70, benchAbstract)
			if _, ok := r.Cached(k); !ok {
				b.Fatal("not cached")
			}
		}
	})
}

func plain(s string) string { return ansi.Strip(s) }

// A text is wrapped once: no word is left alone on a line inside a
// paragraph (Glamour's own wrapping strands them), tables keep their rows,
// and each block's first line is where Text says it is.
func TestTextWrapsOnceAndMapsBlocks(t *testing.T) {
	para := "Many applications in natural language processing rely on adapting one large-scale, pre-trained " +
		"language model to multiple downstream applications [1, 2]. For a pre-trained weight matrix we " +
		"constrain its update with a low-rank decomposition, and the rank is far below the dimensions."
	md := "# Title\n\n" + para + "\n\n| a | b |\n| --- | --- |\n| " + strings.Repeat("x", 150) + " | y |\n\n## Next\n\nLast words.\n"
	blocks := []int{0, strings.Index(md, "Many"), strings.Index(md, "| a"), strings.Index(md, "## Next"), strings.Index(md, "Last")}
	for _, width := range []int{60, 100, 120} {
		lines, starts, err := Text(theme.Style{Name: "notty"}, md, blocks, width)
		if err != nil {
			t.Fatal(err)
		}
		for b, want := range []string{"Title", "Many applications", "a", "Next", "Last words."} {
			if got := strings.TrimSpace(plain(lines[starts[b]])); !strings.Contains(got, want) {
				t.Errorf("width %d: block %d starts at %q, want %q", width, b, got, want)
			}
		}
		prose := lines[starts[1]:starts[2]]
		for i, l := range prose {
			w := len(strings.TrimSpace(plain(l)))
			if w > width {
				t.Errorf("width %d: prose line %d is %d wide", width, i, w)
			}
			if next := i + 1; next < len(prose) && strings.TrimSpace(plain(prose[next])) != "" && w < width/2 {
				t.Errorf("width %d: a short line inside the paragraph: %q", width, plain(l))
			}
		}
		if !strings.Contains(plain(strings.Join(lines, "\n")), strings.Repeat("x", 150)) {
			t.Errorf("width %d: the wide table cell was wrapped", width)
		}
	}
}

// BenchmarkReadingText lays out a downloaded text at 160 columns, as
// opening it in the reading view does (its first screen waits for this).
func BenchmarkReadingText(b *testing.B) {
	for _, words := range []int{15000, 60000} {
		md := benchgen.Text(words)
		blocks := textdoc.Blocks(md)
		b.Run(fmt.Sprintf("%dk_words", words/1000), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Text(theme.Style{Name: "dark"}, md, blocks, 160); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
