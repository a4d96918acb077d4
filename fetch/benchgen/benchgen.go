// Package benchgen generates a deterministic, realistic corpus of papers
// for the benchmarks: arXiv-like ids, titles and abstracts drawn from a
// Zipf-distributed vocabulary, author counts with a long tail, weighted
// arXiv categories with cross-lists, ten years of dates growing year on
// year, and Hugging Face upvotes and keywords on a small recent share.
//
// It writes the arXiv metadata snapshot (JSON lines), a Hugging Face
// daily-papers response (a JSON array) and an RSS feed of the same papers.
package benchgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Paper is one generated paper.
type Paper struct {
	ID         string
	Title      string
	Abstract   string
	Authors    [][3]string // last, first, suffix
	Categories []string
	Submitter  string
	Comments   string
	JournalRef string
	DOI        string
	Created    time.Time
	Versions   int
	Updated    time.Time
	// Hugging Face, for the share of papers listed there (HF false otherwise).
	HF       bool
	Upvotes  int
	Keywords []string
	Daily    time.Time
}

// AuthorNames are the authors as "First Last".
func (p *Paper) AuthorNames() []string {
	out := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		out[i] = strings.TrimSpace(a[1] + " " + a[0])
	}
	return out
}

// Start and End bound the dates: ten years.
var (
	Start = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	End   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Seed makes every run produce the same corpus.
const Seed = 20250515

type gen struct {
	rng      *rand.Rand
	vocab    []string
	zipf     *rand.Zipf
	techZipf *rand.Zipf
	lastZipf *rand.Zipf
	kwZipf   *rand.Zipf
	keywords []string
	cats     []string
	catCum   []float64
	monthSeq map[string]int
	n        int
}

func newGen(n int) *gen {
	g := &gen{rng: rand.New(rand.NewPCG(Seed, uint64(n))), n: n, monthSeq: map[string]int{}}
	vr := rand.New(rand.NewPCG(Seed, 1))
	g.vocab = append(g.vocab, common...)
	g.vocab = append(g.vocab, technical...)
	seen := map[string]bool{}
	for _, w := range g.vocab {
		seen[w] = true
	}
	for len(g.vocab) < 40000 {
		var b strings.Builder
		for k := 2 + vr.IntN(3); k > 0; k-- {
			b.WriteString(syllables[vr.IntN(len(syllables))])
		}
		w := b.String()
		if !seen[w] {
			seen[w] = true
			g.vocab = append(g.vocab, w)
		}
	}
	g.zipf = rand.NewZipf(g.rng, 1.07, 2, uint64(len(g.vocab)-1))
	g.techZipf = rand.NewZipf(g.rng, 1.1, 60, uint64(len(g.vocab)-len(common)-1))
	g.lastZipf = rand.NewZipf(g.rng, 1.2, 3, uint64(len(lastNames)-1))
	for i := 0; i < 3000; i++ {
		a := technical[vr.IntN(len(technical))]
		b := technical[vr.IntN(len(technical))]
		if vr.IntN(3) == 0 {
			g.keywords = append(g.keywords, a)
		} else {
			g.keywords = append(g.keywords, a+" "+b)
		}
	}
	g.kwZipf = rand.NewZipf(g.rng, 1.1, 5, uint64(len(g.keywords)-1))
	sum := 0.0
	for _, c := range categoryWeights {
		sum += c.w
		g.cats = append(g.cats, c.name)
		g.catCum = append(g.catCum, sum)
	}
	for i := range g.catCum {
		g.catCum[i] /= sum
	}
	return g
}

func (g *gen) word() string { return g.vocab[g.zipf.Uint64()] }

func (g *gen) techWord() string { return g.vocab[len(common)+int(g.techZipf.Uint64())] }

func (g *gen) normal(mean, sd, lo, hi float64) int {
	v := g.rng.NormFloat64()*sd + mean
	return int(math.Max(lo, math.Min(hi, v)))
}

func (g *gen) title() string {
	n := g.normal(10, 3.5, 3, 28)
	words := make([]string, n)
	for i := range words {
		if i%3 == 1 && g.rng.IntN(2) == 0 {
			words[i] = g.word()
		} else {
			words[i] = g.techWord()
		}
		if i == 0 || g.rng.IntN(3) > 0 {
			words[i] = strings.ToUpper(words[i][:1]) + words[i][1:]
		}
	}
	if n > 5 && g.rng.IntN(4) == 0 {
		words[n/2-1] += ":"
	}
	return strings.Join(words, " ")
}

func (g *gen) abstract() string {
	total := g.normal(145, 50, 30, 400)
	var b strings.Builder
	for total > 0 {
		n := min(g.normal(22, 7, 6, 45), total)
		total -= n
		for i := 0; i < n; i++ {
			w := g.word()
			if g.rng.IntN(6) == 0 {
				w = g.techWord()
			}
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			if i < n-1 && g.rng.IntN(12) == 0 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('.')
	}
	return b.String()
}

func (g *gen) authorCount() int {
	r := g.rng.Float64()
	switch {
	case r < 0.12:
		return 1
	case r < 0.30:
		return 2
	case r < 0.48:
		return 3
	case r < 0.62:
		return 4
	case r < 0.72:
		return 5
	case r < 0.92:
		return 6 + g.rng.IntN(5)
	case r < 0.985:
		return 11 + g.rng.IntN(20)
	default:
		return 31 + g.rng.IntN(300)
	}
}

func (g *gen) category() string {
	r := g.rng.Float64()
	for i, c := range g.catCum {
		if r <= c {
			return g.cats[i]
		}
	}
	return g.cats[len(g.cats)-1]
}

// date spreads papers over ten years with arXiv's growth (about 2.7 times
// more papers a month at the end than at the start).
func (g *gen) date(i int) time.Time {
	u := (float64(i) + 0.5) / float64(g.n)
	const growth = 1.0
	t := math.Log(1+u*(math.E-1)) / growth
	span := End.Sub(Start)
	d := Start.Add(time.Duration(t * float64(span)))
	return d.Add(time.Duration(g.rng.IntN(86400)) * time.Second)
}

func (g *gen) paper(i int) Paper {
	created := g.date(i)
	month := created.Format("0601")
	g.monthSeq[month]++
	p := Paper{
		ID:       fmt.Sprintf("%s.%05d", month, g.monthSeq[month]),
		Title:    g.title(),
		Abstract: g.abstract(),
		Created:  created,
		Versions: 1 + min(int(g.rng.ExpFloat64()*0.8), 6),
	}
	p.Updated = created.Add(time.Duration(p.Versions-1) * 30 * 24 * time.Hour)
	for k := g.authorCount(); k > 0; k-- {
		p.Authors = append(p.Authors, [3]string{lastNames[g.lastZipf.Uint64()], firstNames[g.rng.IntN(len(firstNames))], ""})
	}
	p.Submitter = p.Authors[0][1] + " " + p.Authors[0][0]
	primary := g.category()
	p.Categories = []string{primary}
	for k := min(int(g.rng.ExpFloat64()*0.9), 4); k > 0; k-- {
		c := g.category()
		if g.rng.IntN(2) == 0 { // cross-lists mostly stay in the archive
			pre, _, _ := strings.Cut(primary, ".")
			for tries := 0; tries < 6 && !strings.HasPrefix(c, pre); tries++ {
				c = g.category()
			}
		}
		dup := false
		for _, x := range p.Categories {
			dup = dup || x == c
		}
		if !dup {
			p.Categories = append(p.Categories, c)
		}
	}
	if g.rng.IntN(3) > 0 {
		p.Comments = fmt.Sprintf("%d pages, %d figures", 4+g.rng.IntN(40), g.rng.IntN(15))
	}
	if g.rng.IntN(5) == 0 {
		p.JournalRef = fmt.Sprintf("Phys. Rev. %c %d, %d (%d)", 'A'+rune(g.rng.IntN(5)), 80+g.rng.IntN(30), 1000+g.rng.IntN(9000), created.Year()+1)
		p.DOI = fmt.Sprintf("10.1103/PhysRev.%d.%d", g.rng.IntN(200), g.rng.IntN(100000))
	}
	// Hugging Face lists a few percent of papers, nearly all recent and
	// mostly machine learning.
	hfShare := 0.0
	if created.Year() >= 2023 {
		hfShare = 0.03
		if strings.HasPrefix(primary, "cs.") {
			hfShare = 0.12
		}
	}
	if g.rng.Float64() < hfShare {
		p.HF = true
		p.Upvotes = min(int(math.Floor(math.Pow(g.rng.Float64(), -1.3))), 900) - 1
		p.Daily = created.Add(time.Duration(12+g.rng.IntN(48)) * time.Hour)
		for k := 3 + g.rng.IntN(6); k > 0; k-- {
			p.Keywords = append(p.Keywords, g.keywords[g.kwZipf.Uint64()])
		}
	}
	return p
}

// Each calls fn with the n papers in order, oldest first.
func Each(n int, fn func(p *Paper) error) error {
	g := newGen(n)
	for i := 0; i < n; i++ {
		p := g.paper(i)
		if err := fn(&p); err != nil {
			return err
		}
	}
	return nil
}

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

const license = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"

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

// FilesFor are the paths WriteFiles writes for n papers.
func FilesFor(dir string, n int) Files {
	return Files{
		Snapshot: filepath.Join(dir, fmt.Sprintf("arxiv-%d.json", n)),
		HF:       filepath.Join(dir, fmt.Sprintf("hf-%d.json", n)),
		RSS:      filepath.Join(dir, fmt.Sprintf("feed-%d.xml", n)),
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
