package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// The sections of a paper's record, in the order they are shown.
const (
	SectionRecord  = ""
	SectionLinks   = "Links"
	SectionSummary = "Summary"
	SectionYours   = "Yours"
)

// Field is one labelled value of a paper's record, clean for the screen.
// URL is where it leads when it is a link; Note is a remark shown dimmer
// beside it (a category's name, a repository's stars); Text marks a
// paragraph rather than a one-line value.
type Field struct {
	Section           string
	Label, Value, URL string
	Note              string
	Text              bool
}

// Fields is a paper's record as the detail pane, `show` and the Markdown
// export all list it, in order; each draws it its own way. A value that
// is unknown is left out, except the user's own (tags, note), which stay
// with an empty value for the reader to offer.
func Fields(p store.Paper) []Field {
	var out []Field
	add := func(section, label, value, url, note string) {
		if value != "" {
			out = append(out, Field{Section: section, Label: label, Value: value, URL: url, Note: note})
		}
	}
	authors := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = safetext.ScreenLine(a)
	}
	add(SectionRecord, "Authors", strings.Join(authors, ", "), "", "")
	org := safetext.ScreenLine(p.OrgDisplay)
	if p.OrgName != "" && p.OrgName != p.OrgDisplay {
		if org != "" {
			org += " (" + safetext.ScreenLine(p.OrgName) + ")"
		} else {
			org = safetext.ScreenLine(p.OrgName)
		}
	}
	add(SectionRecord, "Organisation", org, "", "")
	add(SectionRecord, "Submitted by", Submitter(p), "", "")
	add(SectionRecord, "Published", Published(p), "", "")
	add(SectionRecord, "Daily", p.Daily, "", "")
	var votes []string
	if p.Upvotes > 0 || p.Daily != "" {
		votes = append(votes, plural(p.Upvotes, "upvote"))
	}
	if p.Comments > 0 {
		votes = append(votes, plural(p.Comments, "comment"))
	}
	add(SectionRecord, "Votes", strings.Join(votes, " · "), "", "")
	id := safetext.ScreenLine(p.ID)
	add(SectionRecord, "arXiv", id, "", "")
	for i, c := range p.Categories {
		label := ""
		if i == 0 {
			label = "Categories"
		}
		add(SectionRecord, label, safetext.ScreenLine(c), "", store.CategoryName(c))
	}
	for _, f := range RecordFields(p) {
		f.Section = SectionRecord
		out = append(out, f)
	}

	add(SectionLinks, "Hugging Face", HFURL(id), HFURL(id), "")
	add(SectionLinks, "arXiv", AbsURL(id), AbsURL(id), "")
	add(SectionLinks, "PDF", PDFURL(id), PDFURL(id), "")
	gh := safetext.ScreenLine(p.GitHubRepo)
	stars := ""
	if p.GitHubStars > 0 {
		stars = "★ " + HumanInt(p.GitHubStars)
	}
	add(SectionLinks, "GitHub", gh, gh, stars)
	project := safetext.ScreenLine(p.ProjectPage)
	add(SectionLinks, "Project", project, project, "")

	if s := safetext.Screen(p.AISummary); strings.TrimSpace(s) != "" {
		out = append(out, Field{Section: SectionSummary, Value: s, Text: true})
	}
	kws := make([]string, len(p.AIKeywords))
	for i, k := range p.AIKeywords {
		kws[i] = safetext.ScreenLine(k)
	}
	add(SectionSummary, "Keywords", strings.Join(kws, ", "), "", "")

	out = append(out,
		Field{Section: SectionYours, Label: "Tags", Value: safetext.ScreenLine(strings.Join(p.Tags, " "))},
		Field{Section: SectionYours, Label: "Note", Value: safetext.Screen(p.Note)})
	return out
}

// plural is "1 upvote", "2 upvotes".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// HumanInt writes 1234567 as 1,234,567, as the reader and show print
// counts.
func HumanInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
