package fulltext

import (
	"os"
	"testing"

	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
)

// The converters take strangers' pages: whatever they are fed, they must
// return, and what they return must be safe to print.

func FuzzConvert(f *testing.F) {
	if b, err := os.ReadFile("testdata/arxiv_2106.00001.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<article class="ltx_document"><p>a <math alttext="x_{1}" display="block"></math> <cite><a href="#bib.bib2">2</a></cite></p><table class="ltx_tabular"><tr><td colspan="99999">x</td></tr></table></article>`))
	f.Add([]byte("<ul><li><ul><li><span class=\"ltx_note ltx_role_footnote\"><span class=\"ltx_note_content\">n\x1b[2J</span></span>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		md, err := Convert(page, mustURL(t, "https://arxiv.org/html/2106.00001/"))
		if err != nil {
			return
		}
		if i := safetext.FirstUnsafe(md); i >= 0 {
			t.Fatalf("unsafe byte at %d in %q", i, md)
		}
		_ = textdoc.Outline(md)
		_ = textdoc.References(md)
		_ = textdoc.Citations(md)
	})
}

func FuzzCleanMarkdown(f *testing.F) {
	if b, err := os.ReadFile("testdata/hf_2106.09685.md"); err == nil {
		f.Add(string(b))
	}
	f.Add("$$a\n<b>\n$$ `x` $y$ <img src=\"https://a/b\"> [l](javascript:x) <!-- c\n")
	f.Fuzz(func(t *testing.T, md string) {
		out := CleanMarkdown(md)
		if i := safetext.FirstUnsafe(out); i >= 0 {
			t.Fatalf("unsafe byte at %d in %q", i, out)
		}
		_ = textdoc.Outline(out)
		_ = textdoc.References(out)
		_ = textdoc.Citations(out)
	})
}
