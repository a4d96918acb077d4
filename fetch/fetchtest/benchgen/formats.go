package benchgen

// The generated corpus written in the formats paperboy imports: arXiv's
// snapshot (JSON lines), saved Hugging Face responses, and RSS for the
// newsboat comparison.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type snapVersion struct {
	Version string `json:"version"`
	Created string `json:"created"`
}

type snapRecord struct {
	ID            string        `json:"id"`
	Submitter     string        `json:"submitter"`
	Authors       string        `json:"authors"`
	Title         string        `json:"title"`
	Comments      *string       `json:"comments"`
	JournalRef    *string       `json:"journal-ref"`
	DOI           *string       `json:"doi"`
	ReportNo      *string       `json:"report-no"`
	Categories    string        `json:"categories"`
	License       *string       `json:"license"`
	Abstract      string        `json:"abstract"`
	Versions      []snapVersion `json:"versions"`
	UpdateDate    string        `json:"update_date"`
	AuthorsParsed [][]string    `json:"authors_parsed"`
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// wrap breaks text the way the snapshot does (lines of about 80 columns,
// continuation lines indented by two spaces).
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// snapWriter writes papers as arxiv-metadata-oai-snapshot.json lines.
type snapWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newSnapWriter(w io.Writer) *snapWriter {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &snapWriter{bw: bw, enc: enc}
}

func (sw *snapWriter) add(p *Paper) error {
	lic := license
	r := snapRecord{
		ID: p.ID, Submitter: p.Submitter, Title: wrap(p.Title, 78, "  "),
		Comments: optional(p.Comments), JournalRef: optional(p.JournalRef), DOI: optional(p.DOI),
		Categories: strings.Join(p.Categories, " "), License: &lic,
		Abstract:   "  " + wrap(p.Abstract, 78, "") + "\n",
		UpdateDate: p.Updated.Format(time.DateOnly),
	}
	names := p.AuthorNames()
	if len(names) > 1 {
		r.Authors = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	} else {
		r.Authors = names[0]
	}
	for _, a := range p.Authors {
		r.AuthorsParsed = append(r.AuthorsParsed, []string{a[0], a[1], a[2]})
	}
	for v := 1; v <= p.Versions; v++ {
		t := p.Created.Add(time.Duration(v-1) * 30 * 24 * time.Hour)
		r.Versions = append(r.Versions, snapVersion{Version: fmt.Sprintf("v%d", v), Created: t.Format("Mon, 2 Jan 2006 15:04:05 GMT")})
	}
	return sw.enc.Encode(&r)
}

func (sw *snapWriter) close() error { return sw.bw.Flush() }

// WriteSnapshot writes n papers as arxiv-metadata-oai-snapshot.json lines.
func WriteSnapshot(w io.Writer, n int) error {
	sw := newSnapWriter(w)
	if err := Each(n, sw.add); err != nil {
		return err
	}
	return sw.close()
}

type hfAuthor struct {
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
}

type hfPaper struct {
	ID                 string     `json:"id"`
	Authors            []hfAuthor `json:"authors"`
	PublishedAt        string     `json:"publishedAt"`
	SubmittedOnDailyAt string     `json:"submittedOnDailyAt"`
	Title              string     `json:"title"`
	Summary            string     `json:"summary"`
	Upvotes            int        `json:"upvotes"`
	AIKeywords         []string   `json:"ai_keywords"`
}

type hfItem struct {
	Paper       hfPaper `json:"paper"`
	PublishedAt string  `json:"publishedAt"`
	Title       string  `json:"title"`
	NumComments int     `json:"numComments"`
}

// hfWriter writes the Hugging Face listing entries of the papers listed
// there, as one JSON array.
type hfWriter struct {
	bw    *bufio.Writer
	enc   *json.Encoder
	count int
}

func newHFWriter(w io.Writer) *hfWriter {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	bw.WriteString("[\n")
	return &hfWriter{bw: bw, enc: enc}
}

func (hw *hfWriter) add(p *Paper) error {
	if !p.HF {
		return nil
	}
	if hw.count > 0 {
		hw.bw.WriteString(",")
	}
	hw.count++
	it := hfItem{
		Paper: hfPaper{
			ID: p.ID, PublishedAt: p.Created.Format(time.RFC3339), Title: p.Title,
			SubmittedOnDailyAt: p.Daily.Format(time.RFC3339), Summary: p.Abstract,
			Upvotes: p.Upvotes, AIKeywords: p.Keywords,
		},
		PublishedAt: p.Daily.Format(time.RFC3339), Title: p.Title, NumComments: p.Upvotes / 7,
	}
	for _, a := range p.AuthorNames() {
		it.Paper.Authors = append(it.Paper.Authors, hfAuthor{Name: a})
	}
	return hw.enc.Encode(&it)
}

func (hw *hfWriter) close() error {
	hw.bw.WriteString("]\n")
	return hw.bw.Flush()
}

// WriteHF writes the Hugging Face listing entries of the n papers' share
// that is on Hugging Face, as one JSON array; it returns how many.
func WriteHF(w io.Writer, n int) (int, error) {
	hw := newHFWriter(w)
	if err := Each(n, hw.add); err != nil {
		return 0, err
	}
	return hw.count, hw.close()
}

// WriteRSS writes the n papers as one RSS 2.0 feed, newest first as feeds
// are, for readers that take feeds.
func WriteRSS(w io.Writer, n int) error {
	var items []string
	err := Each(n, func(p *Paper) error {
		var b strings.Builder
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://arxiv.org/abs/%s</link><guid>arxiv:%s</guid>",
			html.EscapeString(p.Title), p.ID, p.ID)
		fmt.Fprintf(&b, "<author>%s</author><category>%s</category><pubDate>%s</pubDate>",
			html.EscapeString(strings.Join(p.AuthorNames(), ", ")), p.Categories[0], p.Created.Format(time.RFC1123Z))
		fmt.Fprintf(&b, "<description>%s</description></item>\n", html.EscapeString(p.Abstract))
		items = append(items, b.String())
		return nil
	})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rss version=\"2.0\"><channel><title>arXiv (generated)</title><link>https://arxiv.org/</link><description>generated papers</description>\n")
	for i := len(items) - 1; i >= 0; i-- {
		bw.WriteString(items[i])
	}
	bw.WriteString("</channel></rss>\n")
	return bw.Flush()
}

// Files names the generated files of a corpus of n papers in dir.
type Files struct{ Snapshot, HF, RSS string }

// corpusVersion names the generator's output in the file names, so that
// files cached from an older generator are not taken for this one's
// (2: categories have vocabularies of their own).
const corpusVersion = 2

// FilesFor are the paths WriteFiles writes for n papers.
func FilesFor(dir string, n int) Files {
	return Files{
		Snapshot: filepath.Join(dir, fmt.Sprintf("arxiv-v%d-%d.json", corpusVersion, n)),
		HF:       filepath.Join(dir, fmt.Sprintf("hf-v%d-%d.json", corpusVersion, n)),
		RSS:      filepath.Join(dir, fmt.Sprintf("feed-v%d-%d.xml", corpusVersion, n)),
	}
}

// WriteFiles writes the snapshot and the Hugging Face entries of n papers
// (and the RSS feed when rss is set) into dir, unless they are there
// already; the files are the same on every run.
func WriteFiles(dir string, n int, rss bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f := FilesFor(dir, n)
	write := func(path string, fn func(io.Writer) error) error {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		tmp := path + ".tmp"
		out, err := os.Create(tmp)
		if err != nil {
			return err
		}
		if err := fn(out); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}
	// The snapshot and the Hugging Face entries in one pass: both or
	// neither are there.
	_, errSnap := os.Stat(f.Snapshot)
	_, errHF := os.Stat(f.HF)
	if errSnap != nil || errHF != nil {
		os.Remove(f.Snapshot)
		os.Remove(f.HF)
	}
	err := write(f.Snapshot, func(snap io.Writer) error {
		return write(f.HF, func(hf io.Writer) error {
			sw, hw := newSnapWriter(snap), newHFWriter(hf)
			err := Each(n, func(p *Paper) error {
				if err := sw.add(p); err != nil {
					return err
				}
				return hw.add(p)
			})
			if err != nil {
				return err
			}
			if err := hw.close(); err != nil {
				return err
			}
			return sw.close()
		})
	})
	if err != nil {
		return nil, err
	}
	paths := []string{f.Snapshot, f.HF}
	if rss {
		if err := write(f.RSS, func(w io.Writer) error { return WriteRSS(w, n) }); err != nil {
			return nil, err
		}
		paths = append(paths, f.RSS)
	}
	return paths, nil
}
