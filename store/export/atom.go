package export

import (
	"encoding/xml"
	"io"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Atom 1.0 (RFC 4287): a feed of a view, so that a feed reader can follow
// a paperboy query. Each entry is a paper, identified by its arXiv page.

// Feed is what an Atom feed says of itself.
type Feed struct {
	Title   string
	ID      string // a stable IRI naming the feed
	Self    string // where it is published, or ""
	Updated time.Time
	Papers  []store.Paper
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Gen     atomGen     `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomGen struct {
	Name string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

// WriteAtom writes an Atom 1.0 feed of f's papers.
func WriteAtom(w io.Writer, f Feed) error {
	out := atomFeed{
		Title: safetext.ScreenLine(f.Title), ID: f.ID, Updated: f.Updated.UTC().Format(time.RFC3339),
		Author: atomPerson{Name: "paperboy"}, Gen: atomGen{Name: "paperboy"},
	}
	if f.Self != "" {
		out.Links = append(out.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: f.Self})
	}
	for _, p := range f.Papers {
		e := atomEntry{
			Title: safetext.ScreenLine(p.Title), ID: AbsURL(p.ID), Updated: entryTime(p, f.Updated),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: HFURL(p.ID)},
				{Rel: "related", Type: "text/html", Href: AbsURL(p.ID)},
				{Rel: "related", Type: "application/pdf", Href: PDFURL(p.ID)},
			},
		}
		if d, err := time.Parse("2006-01-02", p.Published); err == nil {
			e.Published = d.UTC().Format(time.RFC3339)
		}
		for _, a := range p.Authors {
			if a = safetext.ScreenLine(a); a != "" {
				e.Authors = append(e.Authors, atomPerson{Name: a})
			}
		}
		for _, c := range p.Categories {
			if c = safetext.ScreenLine(c); c != "" {
				e.Categories = append(e.Categories, atomCategory{Term: c})
			}
		}
		if abs := strings.TrimSpace(safetext.Screen(p.Abstract)); abs != "" {
			e.Summary = &atomText{Type: "text", Body: abs}
		}
		if sum := strings.TrimSpace(safetext.Screen(p.AISummary)); sum != "" {
			e.Content = &atomText{Type: "text", Body: "AI summary: " + sum}
		}
		out.Entries = append(out.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// entryTime is when an entry last changed in a way a reader cares for:
// the day of the paper's latest version, else its listing day, else the
// feed's time. (A sync that only brings new upvotes is not a change.)
func entryTime(p store.Paper, feed time.Time) string {
	for _, day := range []string{p.Revised, p.Date()} {
		if d, err := time.Parse("2006-01-02", day); err == nil {
			return d.UTC().Format(time.RFC3339)
		}
	}
	return feed.UTC().Format(time.RFC3339)
}
