package fulltext

import (
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store/textdoc"
)

func TestCleanMarkdownAngles(t *testing.T) {
	md := CleanMarkdown("for all n<k and k>m, x < y, <https://a.org/x> and <b>bold</b> <span class=\"x\">s</span>.\n")
	want := "for all n\\<k and k>m, x < y, <https://a.org/x> and bold s.\n"
	if md != want {
		t.Errorf("CleanMarkdown = %q\nwant %q", md, want)
	}
	wantContains(t, render(t, md), "n<k and k>m")
}

// TestMarkdownPathological feeds 5 MB lines built to make a careless
// scanner quadratic; each must be read in linear time.
func TestMarkdownPathological(t *testing.T) {
	const size = 5 << 20
	var runs strings.Builder
	for k := 3000; k > 0 && runs.Len() < size; k-- {
		runs.WriteString(strings.Repeat("`", k) + " ")
	}
	for name, md := range map[string]string{
		"link openers":      strings.Repeat("](", size/2),
		"brackets heading":  "# " + strings.Repeat("[", size),
		"brackets in refs":  "## References\n\n1. " + strings.Repeat("[a", size/2),
		"backtick runs":     runs.String(),
		"money":             strings.Repeat("$5 ", size/3),
		"dollar pairs":      strings.Repeat("$$ ", size/3),
		"tag openers":       strings.Repeat("<a ", size/3),
		"comment openers":   strings.Repeat("x <!-- ", size/7),
		"backslashes":       strings.Repeat("\\", size),
		"citation brackets": strings.Repeat("[1, ", size/4),
		"many lines":        strings.Repeat("## References\n1. [1] a\n", size/24),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			out := CleanMarkdown(md)
			_ = textdoc.Outline(out)
			_ = textdoc.References(out)
			_ = textdoc.Citations(out)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("%s took %v", name, d)
			}
		})
	}
}
