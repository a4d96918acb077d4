package export

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Markdown: a heading per paper, then its fields and abstract.

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`,
)

// mdLinkEscaper keeps a link's target inside its parentheses.
var mdLinkEscaper = strings.NewReplacer(`(`, `%28`, `)`, `%29`, ` `, `%20`, `<`, `%3C`, `>`, `%3E`)

func writeMarkdown(w io.Writer, papers []store.Paper) error {
	var b strings.Builder
	for i, p := range papers {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## [%s](%s)\n\n", mdEscaper.Replace(safetext.ScreenLine(p.Title)), AbsURL(p.ID))
		for _, f := range Fields(p) {
			v := mdEscaper.Replace(f.Value)
			switch {
			case f.Text:
				b.WriteString("\n" + MarkdownText(f.Value) + "\n\n")
				continue
			case f.Value == "":
				continue // the user's own, not written yet
			case f.URL != "" && f.URL == f.Value:
				v = "<" + mdLinkEscaper.Replace(f.URL) + ">"
			case f.URL != "":
				v = "[" + v + "](" + mdLinkEscaper.Replace(f.URL) + ")"
			case f.Section == SectionYours:
				v = mdEscaper.Replace(strings.Join(strings.Fields(f.Value), " "))
			}
			if f.Note != "" {
				v += " (" + mdEscaper.Replace(f.Note) + ")"
			}
			if f.Label == "" {
				fmt.Fprintf(&b, "  %s\n", v) // a further value of the field above
				continue
			}
			fmt.Fprintf(&b, "- %s: %s\n", f.Label, v)
		}
		if abs := strings.TrimSpace(safetext.Screen(p.Abstract)); abs != "" {
			b.WriteString("\n" + MarkdownText(abs) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSV with a header row; lists are joined with "; ".

var (
	// Characters that Markdown (with GitHub extensions) gives a meaning
	// anywhere in a line.
	mdInline = strings.NewReplacer(
		`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
		`<`, `\<`, `>`, `\>`, `|`, `\|`, `!`, `\!`, `#`, `\#`,
		// Glamour prints these two escapes as they are; entities work.
		`&`, `&amp;`, `~`, `&#126;`,
	)
	// A line that starts a list, a quote, a heading or a rule.
	mdLineStart = regexp.MustCompile(`^([-+=]|\d+[.)])`)
)

// MarkdownText turns an abstract (plain text with paragraphs separated
// by blank lines) into Markdown that renders as the same text: every
// character Markdown would read as markup is escaped, so inline maths such
// as $O(n^2)$ or $\alpha$-entmax keeps its stars, underscores and
// backslashes, and no line turns into a heading, list or code block.
func MarkdownText(abstract string) string {
	abstract = safetext.Screen(abstract)
	lines := strings.Split(abstract, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l) // four leading spaces would make a code block
		l = mdInline.Replace(l)
		if m := mdLineStart.FindStringIndex(l); m != nil {
			// Escape the marker's last character: "\-", "1\.".
			l = l[:m[1]-1] + `\` + l[m[1]-1:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
