// Package relevance weighs the words of papers and scores how close two
// papers are, with the few terms that made them close: the arithmetic of
// "similar papers" and "for you", apart from the SQL that feeds it.
//
// A paper is a bag of terms: the words of its title (counted three times),
// abstract, keywords and, when downloaded, its full text (a fifth each),
// plus its Hugging Face keywords and arXiv categories as whole terms.
// Words are cut as SQLite's unicode61 tokenizer cuts them, so that the
// search index's vocabulary gives each word's document frequency.
//
// A query (one paper, or the profile of the papers a user keeps) weighs
// its terms by BM25's saturated term frequency times inverse document
// frequency and keeps the strongest; a candidate scores the sum, over the
// query's terms it has, of the query weight times BM25's weight of the
// term in the candidate (so long abstracts do not win by length).
package relevance

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is what a paper says about itself.
type Doc struct {
	Title, Abstract string
	Keywords        []string // Hugging Face's AI keywords
	Categories      []string
	Body            string // the full text, when downloaded
}

// Kinds of terms: a word, a Hugging Face keyword, an arXiv category.
const (
	kwPrefix  = "kw:"
	catPrefix = "cat:"
)

// KeywordTerm and CategoryTerm name a keyword and a category as terms.
func KeywordTerm(k string) string  { return kwPrefix + strings.ToLower(strings.TrimSpace(k)) }
func CategoryTerm(c string) string { return catPrefix + c }

// Analyzed is a document cut into terms.
type Analyzed struct {
	TF      map[string]float64 // weighted occurrences of each term
	Len     float64            // the weighted number of words
	surface map[string]string  // a term as the paper first wrote it ("FPGA")
	pairs   map[[2]string]bool // adjacent words of the title and abstract
}

// Field weights: a title word says more of a paper than an abstract word,
// and one word of a long text very little.
const (
	titleWeight   = 3
	keywordWeight = 2
	bodyWeight    = 0.2
	maxBodyWords  = 20000
)

// Analyze cuts a document into weighted terms.
func Analyze(d Doc) Analyzed {
	a := Analyzed{TF: map[string]float64{}, surface: map[string]string{}, pairs: map[[2]string]bool{}}
	a.addText(d.Title, titleWeight, true, 0)
	a.addText(d.Abstract, 1, true, 0)
	for _, k := range d.Keywords {
		a.addText(k, keywordWeight, false, 0)
		if t := KeywordTerm(k); t != kwPrefix {
			a.TF[t]++
			if _, ok := a.surface[t]; !ok {
				a.surface[t] = strings.TrimSpace(k)
			}
		}
	}
	for _, c := range d.Categories {
		a.TF[CategoryTerm(c)]++
		a.surface[CategoryTerm(c)] = c
	}
	if d.Body != "" {
		a.addText(d.Body, bodyWeight, false, maxBodyWords)
	}
	return a
}

// TextWords calls fn with the words of a doc's title, abstract and
// keywords, weighted as Analyze
// weighs them, without building anything: for a pass over many papers
// that only counts (the library's sample). word may be a part of the
// doc's own strings: a caller that keeps it clones it.
func TextWords(d Doc, fn func(word string, w float64)) {
	each := func(s string, w float64) {
		Words(s, func(word, _ string) bool {
			if !stopword(word) {
				fn(word, w)
			}
			return true
		})
	}
	each(d.Title, titleWeight)
	each(d.Abstract, 1)
	for _, k := range d.Keywords {
		each(k, keywordWeight)
	}
}

// addText adds the words of s with weight w; pairs records adjacent
// words; at most limit words are read (0: all).
func (a *Analyzed) addText(s string, w float64, pairs bool, limit int) {
	prev, n := "", 0
	Words(s, func(word, surface string) bool {
		if stopword(word) {
			prev = ""
			return true
		}
		a.TF[word] += w
		a.Len += w
		if _, ok := a.surface[word]; !ok {
			a.surface[word] = surface
		}
		if pairs && prev != "" {
			a.pairs[[2]string{prev, word}] = true
		}
		prev = word
		n++
		return limit == 0 || n < limit
	})
}

// Words calls fn with each word of s, lower-cased as the search index
// keeps it, and as written; fn returns false to stop. A word is a run of
// letters and digits, as unicode61 cuts them; words of one character and
// bare numbers are left out.
func Words(s string, fn func(word, surface string) bool) {
	start := -1
	emit := func(end int) bool {
		w := s[start:end]
		start = -1
		if utf8.RuneCountInString(w) < 2 || isNumber(w) {
			return true
		}
		return fn(fold(w), w)
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && !emit(i) {
			return
		}
	}
	if start >= 0 {
		emit(len(s))
	}
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// fold lower-cases a word and drops the accents of Latin letters, as
// remove_diacritics does for the common ones.
func fold(w string) string {
	lower := strings.ToLower(w)
	ascii := true
	for i := 0; i < len(lower); i++ {
		if lower[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return lower
	}
	var b strings.Builder
	for _, r := range lower {
		if base, ok := accents[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accents = func() map[rune]rune {
	m := map[rune]rune{}
	for base, marked := range map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'e': "èéêëēĕėęě", 'i': "ìíîïĩīĭįı",
		'n': "ñńņňŉ", 'o': "òóôõöøōŏő", 'u': "ùúûüũūŭůűų", 'y': "ýÿŷ",
		's': "śŝşš", 'z': "źżž", 'g': "ĝğġģ", 'l': "ĺļľŀł", 'r': "ŕŗř", 'd': "ď", 't': "ţť",
	} {
		for _, r := range marked {
			m[r] = base
		}
	}
	return m
}()

// Stats is what the corpus says of terms: how many papers there are, and
// how many hold a term (0 when unknown).
type Stats struct {
	N  int
	DF map[string]int
	// AvgLen is the mean weighted length of a paper; 0 takes a default.
	AvgLen float64
}

// idf is BM25's inverse document frequency, never negative.
func (s *Stats) idf(term string) float64 {
	df := s.DF[term]
	n := max(s.N, df, 1)
	return math.Log(1 + (float64(n-df)+0.5)/(float64(df)+0.5))
}

// BM25's constants, as FTS5 uses them.
const (
	k1 = 1.2
	b  = 0.75
)

// Whole terms weigh like a title word that appears once: a shared
// category or keyword is good evidence, but one of many.
const (
	categoryBoost = 0.6
	keywordBoost  = 1.2
)

// Vector is a query: terms and their weights.
type Vector map[string]float64

// Query weighs a document's terms and keeps the k strongest. Terms no
// other paper holds (df of 1 or less) cannot make anything similar and
// are left out.
func (s *Stats) Query(a Analyzed, k int) Vector {
	type tw struct {
		t string
		w float64
	}
	all := make([]tw, 0, len(a.TF))
	for t, tf := range a.TF {
		if s.DF[t] <= 1 {
			continue
		}
		w := tf / (tf + k1) * (k1 + 1) * s.idf(t)
		switch {
		case strings.HasPrefix(t, catPrefix):
			w = categoryBoost * s.idf(t)
		case strings.HasPrefix(t, kwPrefix):
			w = keywordBoost * s.idf(t)
		}
		all = append(all, tw{t, w})
	}
	slices.SortFunc(all, func(x, y tw) int {
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		return strings.Compare(x.t, y.t)
	})
	v := Vector{}
	for _, e := range all[:min(k, len(all))] {
		v[e.t] = e.w
	}
	return v
}

// Add adds w times another vector (a negative w takes it away).
func (v Vector) Add(o Vector, w float64) {
	for t, x := range o {
		v[t] += w * x
	}
}

// Norm is the vector's length.
func (v Vector) Norm() float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// terms are v's terms in order, so that sums over them come out the same
// to the last bit from run to run.
func (v Vector) terms() []string {
	ts := make([]string, 0, len(v))
	for t := range v {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// Top is the k strongest positive terms of v, strongest first.
func (v Vector) Top(k int) []string {
	out := make([]string, 0, len(v))
	for t, w := range v {
		if w > 0 {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(x, y string) int {
		if c := cmp.Compare(v[y], v[x]); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	return out[:min(k, len(out))]
}

// MaxScore is the score no candidate reaches: one holding every term of
// q infinitely often. Score / MaxScore is in [0, 1).
func (s *Stats) MaxScore(q Vector) float64 {
	var total float64
	for _, t := range q.terms() {
		qw := q[t]
		if qw <= 0 {
			continue
		}
		if strings.HasPrefix(t, catPrefix) || strings.HasPrefix(t, kwPrefix) {
			total += qw
		} else {
			total += qw * s.idf(t)
		}
	}
	return total
}

// Contribution is one shared term's part of a score.
type Contribution struct {
	Term string
	W    float64
}

// Score is how close a candidate is to a query, with each shared term's
// part, largest first.
func (s *Stats) Score(q Vector, c Analyzed) (float64, []Contribution) {
	avg := s.AvgLen
	if avg <= 0 {
		avg = 120
	}
	norm := k1 * (1 - b + b*c.Len/avg)
	var total float64
	parts := make([]Contribution, 0, 8)
	for _, t := range q.terms() {
		qw := q[t]
		tf := c.TF[t]
		if tf == 0 {
			continue
		}
		w := qw
		if !strings.HasPrefix(t, catPrefix) && !strings.HasPrefix(t, kwPrefix) {
			w *= tf * (k1 + 1) / (tf + norm) * s.idf(t) / (k1 + 1)
		}
		total += w
		if w > 0 {
			parts = append(parts, Contribution{t, w})
		}
	}
	slices.SortFunc(parts, func(x, y Contribution) int {
		if c := cmp.Compare(y.W, x.W); c != 0 {
			return c
		}
		return strings.Compare(x.Term, y.Term)
	})
	return total, parts
}

// Because names the n strongest shared terms as the query paper wrote
// them. Two shared words that stand side by side in both papers are one
// phrase ("systolic array"); a keyword's words are not named again beside
// it; a category comes last, as it is the weakest reason to read a paper.
func Because(parts []Contribution, q, c Analyzed, n int) []string {
	used := map[string]bool{}
	shared := map[string]float64{}
	inKeyword := map[string]string{} // a word of a shared keyword: that keyword
	for _, p := range parts {
		shared[p.Term] = p.W
		if kw, ok := strings.CutPrefix(p.Term, kwPrefix); ok {
			Words(kw, func(w, _ string) bool {
				if _, seen := inKeyword[w]; !seen {
					inKeyword[w] = p.Term
				}
				return true
			})
		}
	}
	var out, cats []string
	for _, p := range parts {
		if len(out) >= n {
			break
		}
		t := p.Term
		if kw, ok := inKeyword[t]; ok {
			t = kw // the keyword says it better than its word
		}
		if used[t] || used[t+"s"] || used[strings.TrimSuffix(t, "s")] {
			continue // named already, or its plural or singular is ("kernel", "kernels")
		}
		switch {
		case strings.HasPrefix(t, catPrefix):
			cats = append(cats, q.surface[t])
			used[t] = true
			continue
		case strings.HasPrefix(t, kwPrefix):
			out = append(out, q.surface[t])
			used[t] = true
			Words(t[len(kwPrefix):], func(w, _ string) bool { used[w] = true; return true })
			continue
		}
		// The strongest shared neighbour makes the phrase.
		name, best, partner := q.surfaceOf(t), 0.0, ""
		for pair := range q.pairs {
			other := ""
			switch t {
			case pair[0]:
				other = pair[1]
			case pair[1]:
				other = pair[0]
			}
			w := shared[other]
			if other == "" || w == 0 || used[other] || !c.pairs[pair] {
				continue
			}
			if w > best || (w == best && other < partner) {
				best, partner = w, other
				name = q.surfaceOf(pair[0]) + " " + q.surfaceOf(pair[1])
			}
		}
		used[t], used[partner] = true, true
		out = append(out, name)
	}
	for _, c := range cats {
		if len(out) >= n {
			break
		}
		out = append(out, c)
	}
	return out
}

// surfaceOf is a word as the paper wrote it: its own capitals for an
// acronym or a name (FPGA, LoRA), else lower case.
func (a *Analyzed) surfaceOf(t string) string {
	s := a.surface[t]
	if s == "" {
		return t
	}
	upper := 0
	for i, r := range s {
		if unicode.IsUpper(r) && i > 0 {
			upper++
		}
	}
	if upper > 0 {
		return s
	}
	return t
}
