package export

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Published is the publication date with the version and its date beside
// it: "2025-05-14 · v3, updated 2025-06-02".
func Published(p store.Paper) string {
	s := p.Published
	var v []string
	if p.Version > 1 {
		v = append(v, fmt.Sprintf("v%d", p.Version))
	}
	if p.Revised != "" && p.Revised != p.Published {
		v = append(v, "updated "+p.Revised)
	}
	if len(v) > 0 {
		if s != "" {
			s += " · "
		}
		s += strings.Join(v, ", ")
	}
	return s
}

// DOIURL is the resolver link of a DOI.
func DOIURL(doi string) string {
	if doi == "" {
		return ""
	}
	return "https://doi.org/" + (&url.URL{Path: doi}).EscapedPath()
}

// Submitter is who submitted the paper to Hugging Face: "Name (@handle)".
func Submitter(p store.Paper) string {
	name, handle := safetext.ScreenLine(p.SubmitterName), safetext.ScreenLine(p.Submitter)
	switch {
	case name != "" && handle != "" && name != handle:
		return name + " (@" + handle + ")"
	case handle != "":
		return handle
	}
	return name
}

// RecordFields are the parts of a paper's record that arXiv and Hugging
// Face give beyond its title, authors, dates and votes, in the order the
// detail pane, `show` and the Markdown export list them: the publication
// (DOI, journal, the authors' comment, affiliations) and the Hugging Face
// page (claimed authors, the discussion, the thumbnail and media).
func RecordFields(p store.Paper) []Field {
	var out []Field
	add := func(label, value, link string) {
		if value = safetext.ScreenLine(value); value != "" {
			out = append(out, Field{Label: label, Value: value, URL: safetext.ScreenLine(link)})
		}
	}
	add("DOI", p.DOI, DOIURL(p.DOI))
	add("Journal", p.JournalRef, DOIURL(p.DOI))
	add("Comment", p.ArxivComment, "")
	add("Affiliations", strings.Join(affiliations(p.Affiliations), "; "), "")
	var claimed []string
	for _, a := range p.ClaimedAuthors {
		claimed = append(claimed, safetext.ScreenLine(a.Name)+" (@"+safetext.ScreenLine(a.User)+")")
	}
	add("On the Hub", strings.Join(claimed, ", "), "")
	if d := p.DiscussionURL(); d != "" {
		v := d
		if p.AuthorParticipating.Yes() {
			v += " (the authors take part)"
		}
		add("Discussion", v, d)
	}
	add("Thumbnail", p.Thumbnail, p.Thumbnail)
	for i, m := range p.MediaURLs {
		label := ""
		if i == 0 {
			label = "Media"
		}
		add(label, m, m)
	}
	return out
}

// affiliations are the distinct affiliations, in the authors' order.
func affiliations(affs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range affs {
		for _, part := range strings.Split(a, "; ") {
			if part = strings.TrimSpace(part); part != "" && !seen[part] {
				seen[part] = true
				out = append(out, part)
			}
		}
	}
	return out
}
