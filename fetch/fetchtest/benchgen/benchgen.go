// Package benchgen generates a deterministic, realistic corpus of papers
// for the benchmarks: arXiv-like ids, titles and abstracts drawn from a
// Zipf-distributed vocabulary, author counts with a long tail, weighted
// arXiv categories with cross-lists, ten years of dates growing year on
// year, and Hugging Face upvotes and keywords on a small recent share.
//
// Papers have topics: each category has a vocabulary of its own (a few
// hundred of the rarer words), from which a paper's title and abstract
// draw most of their technical words, so that papers of one category
// share words the others seldom use; what "similar papers" finds can be
// checked against the category.
//
// It writes the arXiv metadata snapshot (JSON lines), a Hugging Face
// daily-papers response (a JSON array) and an RSS feed of the same papers.
package benchgen

import (
	"fmt"
	"math"
	"math/rand/v2"
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
	topics   map[string][]string // each category's own words
	topic    []string            // the paper being made's category's words
}

// topicWords is the size of a category's vocabulary, and topicShare the
// share of a title's technical words drawn from it (an abstract's share is
// half that).
const (
	topicWords = 300
	topicShare = 0.7
)

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
	// Each category's words come from the generated (rarer) part of the
	// vocabulary, drawn from a stream of their own.
	tr := rand.New(rand.NewPCG(Seed, 2))
	rare := g.vocab[len(common)+len(technical):]
	g.topics = make(map[string][]string, len(g.cats))
	for _, c := range g.cats {
		words := make([]string, topicWords)
		for i := range words {
			words[i] = rare[tr.IntN(len(rare))]
		}
		g.topics[c] = words
	}
	return g
}

// topicWord is a word of the paper's topic: the first words of its list
// more often than the last.
func (g *gen) topicWord() string {
	i := int(float64(len(g.topic)) * g.rng.Float64() * g.rng.Float64())
	return g.topic[i]
}

func (g *gen) word() string { return g.vocab[g.zipf.Uint64()] }

func (g *gen) techWord() string { return g.vocab[len(common)+int(g.techZipf.Uint64())] }

// titleWord is a technical word of the title: mostly the topic's.
func (g *gen) titleWord(share float64) string {
	if len(g.topic) > 0 && g.rng.Float64() < share {
		return g.topicWord()
	}
	return g.techWord()
}

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
			words[i] = g.titleWord(topicShare)
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
				w = g.titleWord(topicShare / 2)
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
	// The topic is the primary category, chosen first.
	primary := g.category()
	g.topic = g.topics[primary]
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

const license = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"
