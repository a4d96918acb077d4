package fulltext

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"

	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func convertFixture(t *testing.T) string {
	t.Helper()
	page, err := os.ReadFile("testdata/arxiv_2106.00001.html")
	if err != nil {
		t.Fatal(err)
	}
	md, err := Convert(page, mustURL(t, "https://arxiv.org/html/2106.00001/"))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

func wantContains(t *testing.T, md string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(md, w) {
			t.Errorf("Markdown lacks %q\n--- Markdown:\n%s", w, md)
		}
	}
}

func wantNotContains(t *testing.T, md string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(md, w) {
			t.Errorf("Markdown has %q\n--- Markdown:\n%s", w, md)
		}
	}
}

func TestConvertStructure(t *testing.T) {
	md := convertFixture(t)
	wantContains(t, md,
		"# Sparse Attention with Entmax[^1]\n\n> [^1] Work done while visiting the Analytical Society.\n",
		"## Abstract\n",
		"## 1 Introduction\n",
		"### 2.1 The entmax mapping\n",
		"## References\n",
		// Lists: bullets dropped, numbers kept.
		"- a sparse mapping, computed with `torch.sort`;\n- an adaptive $\\alpha$ per head.",
		"1. sort $\\mathbf{z}$;\n2. find the threshold $\\tau$.",
		// Emphasis and links with their real URL.
		"We make **three** contributions (see Section 2):",
		"Code: <https://github.com/example/entmax>.",
		// Code listing as its source, indentation and all.
		"```python\ndef entmax(z, alpha=1.5):\n        return z**2 * \"a b\"\n```",
	)
	// The page's chrome is gone: navigation, TOC, footer, scripts, styles.
	wantNotContains(t, md, "tikz-cd", "HTML conversions sometimes", "ltx_", "max-width", "addons_new", "Mascot", "Generated", "data:", "⬇")
}

func TestConvertOutline(t *testing.T) {
	var got []string
	for _, h := range textdoc.Outline(convertFixture(t)) {
		got = append(got, fmt.Sprintf("%d %s", h.Level, h.Title))
	}
	want := "[1 Sparse Attention with Entmax 2 Abstract 2 1 Introduction 2 2 Method 3 2.1 The entmax mapping 3 2.2 Results 2 References]"
	if fmt.Sprint(got) != want {
		t.Errorf("Outline = %v\nwant %v", got, want)
	}
}

func TestConvertMath(t *testing.T) {
	md := convertFixture(t)
	wantContains(t, md,
		"$\\alpha$-entmax",
		"$O(n^{2})$",
		"$a\\_{i,j}$",
		// Display math from an equation table, numbered with \tag.
		"\n$$\\alpha\\text{-entmax}(\\mathbf{z})=\\operatorname\\*{argmax}\\_{\\mathbf{p}\\in\\Delta}\\\\;\\mathbf{p}^{\\top}\\mathbf{z}+H^{T}\\_{\\alpha}(\\mathbf{p}) \\tag{1}$$\n",
		// An align group: a row per line, its cells joined, its number.
		"\n$$\\displaystyle\\tau^{\\*} \\displaystyle=\\frac{1}{k}\\Big(\\sum\\_{j\\leq k}z\\_{(j)}-1\\Big) \\tag{2}$$\n\n"+
			"$$\\displaystyle p\\_{i} \\displaystyle=\\[z\\_{i}-\\tau^{\\*}\\]\\_{+} \\tag{3}$$\n",
		// LaTeX's own escapes keep their backslash.
		"$\\Delta=\\\\{\\mathbf{p}:\\\\\\|\\mathbf{p}\\\\\\|\\_{1}=1\\\\}$",
	)
	// The MathML's other annotations never show.
	wantNotContains(t, md, "italic_α", "𝛼")
}

func TestConvertTable(t *testing.T) {
	md := convertFixture(t)
	wantContains(t, md,
		"**Table 1:** BLEU on WMT14 (higher is better).",
		"| Model | BLEU |  |\n| --- | --- | --- |\n| softmax | 27.3 | $\\pm 0.1$ |\n| $1.5$-entmax \\| ours | **28.1** | $\\|x\\|$ |",
		// Rows shorter than the header are left to GFM to fill.
		"| short row |\n",
	)
}

func TestConvertCaptionsAndFootnotes(t *testing.T) {
	md := convertFixture(t)
	wantContains(t, md,
		// The image is a link, resolved against <base href>.
		"[Image: x1.png](https://arxiv.org/html/2106.00001v2/x1.png)",
		"**Figure 1:** Attention maps of softmax and $1.5$-entmax.",
		// The footnote marker stays in the text, the note follows the block.
		"(Martins & Astudillo, 2016 [3]).[^2] We make",
		"\n> [^2] Sparsemax is the case $\\alpha=2$.\n",
	)
}

func TestConvertCitationsAndReferences(t *testing.T) {
	md := convertFixture(t)
	wantContains(t, md, "are dense [1, 2];", "2016 [3])")
	refs := textdoc.References(md)
	want := []struct {
		n     int
		start string
		id    string
	}{
		{1, "Edward J. Hu", "2106.09685"},
		{2, "Ashish Vaswani", "1706.03762"},
		{3, "André F. T. Martins", "1602.02068"},
		{4, "Juan Maldacena", "hep-th/9711200"},
		{5, "Ian Agol", "math/0309136"},
		{6, "Donald E. Knuth", ""},
	}
	if len(refs) != len(want) {
		t.Fatalf("References = %d entries, want %d: %+v", len(refs), len(want), refs)
	}
	for i, w := range want {
		r := refs[i]
		if r.N != w.n || !strings.HasPrefix(r.Text, w.start) || r.ArxivID != w.id {
			t.Errorf("ref %d = %+v, want N=%d text %q… id %q", i, r, w.n, w.start, w.id)
		}
	}
	// Every marker leads to an entry.
	cites := textdoc.Citations(md)
	var got []int
	for _, c := range cites {
		if !strings.HasPrefix(md[c.Offset:], "[") {
			t.Errorf("citation offset %d does not point at its marker: %q", c.Offset, md[c.Offset:c.Offset+c.Len])
		}
		got = append(got, c.Refs...)
	}
	if fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("cited %v, want [1 2 3]", got)
	}
}

// TestMathSurvivesGlamour renders the Markdown as the reader does and
// checks that math reads exactly as the LaTeX source.
func TestMathSurvivesGlamour(t *testing.T) {
	md := convertFixture(t)
	out := render(t, md)
	for _, w := range []string{
		"$\\alpha$-entmax",
		"$O(n^{2})$",
		"$a_{i,j}$",
		"$\\Delta=\\{\\mathbf{p}:\\|\\mathbf{p}\\|_{1}=1\\}$",
		"\\operatorname*{argmax}_{\\mathbf{p}\\in\\Delta}\\;\\mathbf{p}^{\\top}",
		"\\tag{1}$$",
		"$$\\displaystyle p_{i} \\displaystyle=[z_{i}-\\tau^{*}]_{+} \\tag{3}$$",
		"$|x|$",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("rendered text lacks %q\n--- rendered:\n%s", w, out)
		}
	}

	// Math that Markdown would otherwise mangle: emphasis from _ and *,
	// entities, emoji shortcodes, HTML, strikethrough.
	for _, tex := range []string{
		`O(n^2)`, `\alpha`, `a_{i,j}`, `f(x)_{+} + g(y)_{+}`, `a * b * c`,
		`\{x\}`, `x \, y \; z \\ w`, `\&amp; &lt; &x`, `a:b:c`, `a<b>c`, `~~s~~`,
		`\$5`, `[a](b)`, "`c`", `\|v\|`,
	} {
		md := "Before " + inlineMath(tex) + " after.\n\n" + displayMath(tex) + "\n"
		out := render(t, md)
		if !strings.Contains(out, "$"+tex+"$") {
			t.Errorf("inline %q renders as\n%s", tex, out)
		}
		if !strings.Contains(out, "$$"+tex+"$$") {
			t.Errorf("display %q renders as\n%s", tex, out)
		}
	}
}

func render(t *testing.T, md string, opts ...glamour.TermRendererOption) string {
	t.Helper()
	r, err := glamour.NewTermRenderer(append([]glamour.TermRendererOption{
		glamour.WithStandardStyle(styles.NoTTYStyle), glamour.WithWordWrap(0),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestConvertListingWithoutSource(t *testing.T) {
	page := `<html><body><article class="ltx_document">
<div class="ltx_listing ltx_lst_language_C ltx_listing">
<div class="ltx_listingline">
<span class="ltx_text ltx_font_typewriter">int</span><span class="ltx_text ltx_lst_space"> </span><span class="ltx_text">x</span><span class="ltx_text ltx_lst_string">"a<span class="ltx_text ltx_lst_space">␣</span>b"</span><span>;</span>
</div>
<div class="ltx_listingline">
<span class="ltx_text">return</span><span class="ltx_text"> ` + "```" + `</span>
</div>
</div>
<pre class="ltx_verbatim ltx_font_typewriter">  verbatim *kept*
    as is</pre>
</article></body></html>`
	md, err := Convert([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, md, "````c\nint x\"a b\";\nreturn ```\n````", "```\n  verbatim *kept*\n    as is\n```")
}

func TestConvertHostile(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>x</title>
<script>alert("head")</script><style>body{color:red}</style></head><body>
<article class="ltx_document">
<h1 class="ltx_title ltx_title_document">Title` + "\x1b]0;owned\x07" + `</h1>
<p class="ltx_p">Text with ` + "\x1b[31mred\x1b[0m" + ` and &#27;[2J cleared and &#x202E;reversed.
<script>document.write("inline")</script><style>p{}</style>
<a href="javascript:alert(1)">click me</a>
<a href="data:text/html,<script>alert(1)</script>">data link</a>
<a href="JaVaScRiPt:alert(2)">mixed case</a>
<a href="https://example.org/a b(c)">real</a>
<a href="/relative/path">relative</a>
<img src="javascript:alert(3)" alt="x">
<img src="fig` + "\x1b[2Jone\x07" + `.png" alt="y">
<a href="https://example.org/` + "\x1b]8;;https://evil.example/\x07" + `x">osc link</a>
<math alttext="x` + "\x1b]52;c;aGVsbG8=\x07" + `+1" display="inline"></math>
<b>**not bold**</b> <span>_not_ *em* [not](link) &lt;b&gt;tag&lt;/b&gt; #hash</span>
<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>
<form><input value="secret"><button>Go</button></form>
</p>
<p class="ltx_p"># not a heading</p>
<p class="ltx_p">2017. not a list</p>
</article></body></html>`
	md, err := Convert([]byte(page), mustURL(t, "https://arxiv.org/html/2106.00001/"))
	if err != nil {
		t.Fatal(err)
	}
	if i := safetext.FirstUnsafe(md); i >= 0 {
		t.Fatalf("unsafe byte at %d: %q", i, md[max(0, i-10):min(len(md), i+10)])
	}
	wantNotContains(t, md, "owned", "alert", "document.write", "color:red", "javascript", "JaVaScRiPt",
		"data:", "secret", "Go", "evil", "aGVsbG8", "\x1b", "[2J", "<b>", "<script")
	wantContains(t, md,
		"Text with red and cleared and reversed.",
		"click me",
		"data link",
		"[real](https://example.org/a%20b%28c%29)",
		"[relative](https://arxiv.org/relative/path)",
		"[Image: y](https://arxiv.org/html/2106.00001/figone.png)",
		"[osc link](https://example.org/x)",
		"$x+1$",
		"**\\*\\*not bold\\*\\***",
		"\\_not\\_ \\*em\\* \\[not\\](link) \\<b\\>tag\\</b\\> #hash",
		"\n\\# not a heading\n",
		"\n2017\\. not a list\n",
	)
	// Rendered, no link text hides its URL and nothing becomes HTML.
	out := render(t, md)
	wantContains(t, out, "https://example.org/a%20b%28c%29", "**not bold**", "<b>tag</b>")
}

// deepPage nests n elements inside one another.
func deepPage(n int, tag string) []byte {
	var b strings.Builder
	b.WriteString(`<html><body><article class="ltx_document"><h1 class="ltx_title ltx_title_document">Deep</h1>`)
	for range n {
		b.WriteString("<" + tag + ">x ")
	}
	b.WriteString("bottom")
	for range n {
		b.WriteString("</" + tag + ">")
	}
	b.WriteString("</article></body></html>")
	return []byte(b.String())
}

func TestConvertDeepNesting(t *testing.T) {
	for _, tag := range []string{"div", "span", "b", "ul", "table", "blockquote"} {
		t.Run(tag, func(t *testing.T) {
			start := time.Now()
			md, err := Convert(deepPage(10000, tag), mustURL(t, "https://arxiv.org/html/1/"))
			if err != nil {
				t.Fatalf("deep %s: %v", tag, err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("deep %s took %v", tag, d)
			}
			if !strings.Contains(md, "bottom") || strings.Count(md, "x") != 10000 {
				t.Errorf("deep %s lost words: %d of 10000 x, bottom %v", tag, strings.Count(md, "x"), strings.Contains(md, "bottom"))
			}
			if len(md) > 1<<20 {
				t.Errorf("deep %s came out %d bytes", tag, len(md))
			}
			if !strings.Contains(md, "# Deep") {
				t.Errorf("deep %s lost the title:\n%.300s", tag, md)
			}
		})
	}
}

// TestConvertOutputBounded feeds pages whose naive Markdown would be far
// larger than they are.
func TestConvertOutputBounded(t *testing.T) {
	wrap := func(open, inner, close string, depth, repeat int) []byte {
		return []byte(`<html><body><article class="ltx_document">` + strings.Repeat(open, depth) +
			strings.Repeat(inner, repeat) + strings.Repeat(close, depth) + `</article></body></html>`)
	}
	for name, page := range map[string][]byte{
		"paragraphs in deep quotes": wrap("<blockquote>", "<p>x</p>", "</blockquote>", 400, 50000),
		"items in deep lists":       wrap("<ul><li>", "<p>x</p>", "</li></ul>", 200, 50000),
		"wide and long table": []byte(`<table class="ltx_tabular"><tr>` + strings.Repeat("<td>c</td>", 100000) + "</tr>" +
			strings.Repeat("<tr><td>r</td></tr>", 100000) + "</table>"),
		"huge colspans": []byte(`<table class="ltx_tabular">` + strings.Repeat(`<tr><td colspan="99999">c</td></tr>`, 50000) + "</table>"),
	} {
		t.Run(name, func(t *testing.T) {
			md, err := Convert(page, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(md) > 4*len(page)+1<<20 {
				t.Errorf("%d bytes of HTML came out as %d of Markdown", len(page), len(md))
			}
		})
	}
}

func TestConvertBigDocument(t *testing.T) {
	page, err := os.ReadFile("testdata/arxiv_2106.00001.html")
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	i := strings.Index(s, `<section class="ltx_section" id="S1">`)
	j := strings.Index(s, `<section class="ltx_bibliography"`)
	body := s[i:j]
	var b strings.Builder
	b.WriteString(s[:i])
	for b.Len() < 5<<20 {
		b.WriteString(body)
	}
	b.WriteString(s[j:])
	start := time.Now()
	md, err := Convert([]byte(b.String()), mustURL(t, "https://arxiv.org/html/2106.00001/"))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("5 MB took %v", d)
	}
	if n := strings.Count(md, "## 1 Introduction"); n < 100 {
		t.Errorf("only %d copies of the section converted", n)
	}
	if len(textdoc.References(md)) != 6 {
		t.Errorf("references of the big document: %d", len(textdoc.References(md)))
	}
}
