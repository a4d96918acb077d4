package ui

import (
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// Clean makes a remote string safe to print on a terminal (see clean).
func Clean(s string) string { return cleanLine(s) }

// KeysText is the reader's key map as plain text, one binding a line,
// for `paperboy help keys`. It reads the same KeyMap as the help screen.
func KeysText() string {
	var b strings.Builder
	b.WriteString("Keys of the paperboy reader:\n")
	for _, col := range KeyHelp() {
		b.WriteString("\n")
		for _, k := range col {
			h := k.Help()
			fmt.Fprintf(&b, "  %-14s %s\n", h.Key, h.Desc)
		}
	}
	return b.String()
}

// PlainPaper is a paper as plain text, for `paperboy show` when its
// output is not a terminal.
func PlainPaper(p store.Paper) string {
	var b strings.Builder
	field := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-13s%s\n", label+":", value)
		}
	}
	b.WriteString(cleanLine(p.Title) + "\n\n")
	authors := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = cleanLine(a)
	}
	field("Authors", strings.Join(authors, ", "))
	org := cleanLine(p.OrgDisplay)
	if org == "" {
		org = cleanLine(p.OrgName)
	}
	field("Organisation", org)
	field("Published", p.Published)
	field("Daily", p.Daily)
	if p.Upvotes > 0 || p.Comments > 0 {
		field("Votes", fmt.Sprintf("%d upvotes, %d comments", p.Upvotes, p.Comments))
	}
	field("arXiv", p.ID)
	cats := make([]string, len(p.Categories))
	for i, c := range p.Categories {
		cats[i] = cleanLine(c)
		if name := store.CategoryName(c); name != "" {
			cats[i] += " (" + name + ")"
		}
	}
	field("Categories", strings.Join(cats, ", "))
	field("URL", hfURL(p.ID))
	field("Abstract URL", absURL(p.ID))
	field("PDF", pdfURL(p.ID))
	field("GitHub", cleanLine(p.GitHubRepo))
	field("Project", cleanLine(p.ProjectPage))
	kws := make([]string, len(p.AIKeywords))
	for i, k := range p.AIKeywords {
		kws[i] = cleanLine(k)
	}
	field("Keywords", strings.Join(kws, ", "))
	field("Tags", cleanLine(strings.Join(p.Tags, " ")))
	if p.Starred {
		field("Starred", p.StarredAt.Format("2006-01-02"))
	}
	field("Note", cleanLine(p.Note))
	if p.AISummary != "" {
		b.WriteString("\nSummary\n" + clean(p.AISummary) + "\n")
	}
	if p.Abstract != "" {
		b.WriteString("\nAbstract\n" + clean(p.Abstract) + "\n")
	}
	return b.String()
}
