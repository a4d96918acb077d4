package export

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// A digest is what a cron job mails in the morning: sections of papers
// (what came matching a view, what For you picked), each paper with its
// title, authors, links, upvotes, AI summary and why it is there.

// Digest is a dated list of sections.
type Digest struct {
	Title    string
	Date     time.Time
	Sections []DigestSection
}

// DigestSection is a heading and its papers; Empty says why there are
// none when there are none.
type DigestSection struct {
	Title   string
	Entries []DigestEntry
	Empty   string
}

// DigestEntry is one paper and why it was picked.
type DigestEntry struct {
	Paper store.Paper
	Why   string
}

// DigestFormats are the formats WriteDigest writes.
var DigestFormats = []string{"markdown", "html", "text"}

// WriteDigest writes d as Markdown, HTML or plain text.
func WriteDigest(w io.Writer, format string, d Digest) error {
	var b strings.Builder
	switch format {
	case "markdown", "md":
		digestMarkdown(&b, d)
	case "html":
		digestHTML(&b, d)
	case "text", "txt":
		digestText(&b, d)
	default:
		return fmt.Errorf("unknown digest format %q (use %s)", format, strings.Join(DigestFormats, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// entryFacts is the line under a title: authors, upvotes, the day.
func entryFacts(p store.Paper) string {
	var parts []string
	if a := authorsLine(p.Authors); a != "" {
		parts = append(parts, a)
	}
	if p.Upvotes > 0 {
		parts = append(parts, plural(p.Upvotes, "upvote"))
	}
	if d := p.Date(); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// authorsLine names at most three authors, then how many more.
func authorsLine(authors []string) string {
	names := make([]string, 0, 4)
	for i, a := range authors {
		if i == 3 {
			names = append(names, fmt.Sprintf("%d more", len(authors)-3))
			break
		}
		names = append(names, safetext.ScreenLine(a))
	}
	return strings.Join(names, ", ")
}

func digestMarkdown(b *strings.Builder, d Digest) {
	fmt.Fprintf(b, "# %s, %s\n", mdEscaper.Replace(safetext.ScreenLine(d.Title)), d.Date.Format("2006-01-02"))
	for _, s := range d.Sections {
		fmt.Fprintf(b, "\n## %s (%d)\n\n", mdEscaper.Replace(safetext.ScreenLine(s.Title)), len(s.Entries))
		if len(s.Entries) == 0 {
			b.WriteString(mdEscaper.Replace(s.Empty) + "\n")
		}
		for _, e := range s.Entries {
			p := e.Paper
			fmt.Fprintf(b, "### [%s](%s)\n\n", mdEscaper.Replace(safetext.ScreenLine(p.Title)), HFURL(p.ID))
			fmt.Fprintf(b, "%s  \n[arXiv](%s) · [PDF](%s)\n", mdEscaper.Replace(entryFacts(p)), AbsURL(p.ID), PDFURL(p.ID))
			if sum := strings.TrimSpace(p.AISummary); sum != "" {
				b.WriteString("\n> " + MarkdownText(strings.Join(strings.Fields(sum), " ")) + "\n")
			}
			if e.Why != "" {
				b.WriteString("\n*Why:* " + mdEscaper.Replace(safetext.ScreenLine(e.Why)) + "\n")
			}
			b.WriteString("\n")
		}
	}
}

func digestHTML(b *strings.Builder, d Digest) {
	esc := func(s string) string { return html.EscapeString(safetext.ScreenLine(s)) }
	title := esc(d.Title) + ", " + d.Date.Format("2006-01-02")
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n<h1>%s</h1>\n", title, title)
	for _, s := range d.Sections {
		fmt.Fprintf(b, "<h2>%s (%d)</h2>\n", esc(s.Title), len(s.Entries))
		if len(s.Entries) == 0 {
			fmt.Fprintf(b, "<p>%s</p>\n", esc(s.Empty))
			continue
		}
		b.WriteString("<ul>\n")
		for _, e := range s.Entries {
			p := e.Paper
			fmt.Fprintf(b, "<li>\n<p><a href=\"%s\"><strong>%s</strong></a><br>\n%s<br>\n<a href=\"%s\">arXiv</a> · <a href=\"%s\">PDF</a></p>\n",
				html.EscapeString(HFURL(p.ID)), esc(p.Title), esc(entryFacts(p)), html.EscapeString(AbsURL(p.ID)), html.EscapeString(PDFURL(p.ID)))
			if sum := strings.TrimSpace(p.AISummary); sum != "" {
				fmt.Fprintf(b, "<blockquote>%s</blockquote>\n", esc(sum))
			}
			if e.Why != "" {
				fmt.Fprintf(b, "<p><em>Why:</em> %s</p>\n", esc(e.Why))
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</body>\n</html>\n")
}

func digestText(b *strings.Builder, d Digest) {
	head := safetext.ScreenLine(d.Title) + ", " + d.Date.Format("2006-01-02")
	b.WriteString(head + "\n" + strings.Repeat("=", len([]rune(head))) + "\n")
	for _, s := range d.Sections {
		h := fmt.Sprintf("%s (%d)", safetext.ScreenLine(s.Title), len(s.Entries))
		b.WriteString("\n" + h + "\n" + strings.Repeat("-", len([]rune(h))) + "\n")
		if len(s.Entries) == 0 {
			b.WriteString(s.Empty + "\n")
		}
		for i, e := range s.Entries {
			p := e.Paper
			fmt.Fprintf(b, "\n%d. %s\n   %s\n   %s\n", i+1, safetext.ScreenLine(p.Title), entryFacts(p), HFURL(p.ID))
			if sum := strings.TrimSpace(p.AISummary); sum != "" {
				b.WriteString("   " + safetext.ScreenLine(sum) + "\n")
			}
			if e.Why != "" {
				b.WriteString("   Why: " + safetext.ScreenLine(e.Why) + "\n")
			}
		}
	}
}
