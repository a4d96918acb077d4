package export

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Plain is a paper as plain text, for `paperboy show` when its
// output is not a terminal.
func Plain(p store.Paper) string {
	var b strings.Builder
	field := func(label, value string) {
		if value != "" {
			if label != "" {
				label += ":"
			}
			fmt.Fprintf(&b, "%-14s%s\n", label, value)
		}
	}
	b.WriteString(safetext.ScreenLine(p.Title) + "\n\n")
	authors := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = safetext.ScreenLine(a)
	}
	field("Authors", strings.Join(authors, ", "))
	org := safetext.ScreenLine(p.OrgDisplay)
	if org == "" {
		org = safetext.ScreenLine(p.OrgName)
	}
	field("Organisation", org)
	field("Submitted by", Submitter(p))
	field("Published", Published(p))
	field("Daily", p.Daily)
	if p.Upvotes > 0 || p.Comments > 0 {
		field("Votes", fmt.Sprintf("%d upvotes, %d comments", p.Upvotes, p.Comments))
	}
	field("arXiv", p.ID)
	cats := make([]string, len(p.Categories))
	for i, c := range p.Categories {
		cats[i] = safetext.ScreenLine(c)
		if name := store.CategoryName(c); name != "" {
			cats[i] += " (" + name + ")"
		}
	}
	field("Categories", strings.Join(cats, ", "))
	for _, f := range RecordFields(p) {
		field(f.Label, f.Value)
	}
	field("URL", HFURL(p.ID))
	field("Abstract URL", AbsURL(p.ID))
	field("PDF", PDFURL(p.ID))
	field("GitHub", safetext.ScreenLine(p.GitHubRepo))
	field("Project", safetext.ScreenLine(p.ProjectPage))
	kws := make([]string, len(p.AIKeywords))
	for i, k := range p.AIKeywords {
		kws[i] = safetext.ScreenLine(k)
	}
	field("Keywords", strings.Join(kws, ", "))
	field("Tags", safetext.ScreenLine(strings.Join(p.Tags, " ")))
	if p.Starred {
		field("Starred", p.StarredAt.Format("2006-01-02"))
	}
	field("Note", safetext.ScreenLine(p.Note))
	if p.AISummary != "" {
		b.WriteString("\nSummary\n" + safetext.Screen(p.AISummary) + "\n")
	}
	if p.Abstract != "" {
		b.WriteString("\nAbstract\n" + safetext.Screen(p.Abstract) + "\n")
	}
	return b.String()
}

// Markdown is one paper as the Markdown export writes it, for `paperboy
// show` to render on a terminal.
func Markdown(p store.Paper) string {
	var b strings.Builder
	writeMarkdown(&b, []store.Paper{p}) // a strings.Builder never fails
	return b.String()
}
