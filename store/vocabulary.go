package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/paperboy-reader/paperboy/store/relevance"
)

// How many papers hold a word (its document frequency), for similar
// papers and For you. The search index's vocabulary table knows it
// exactly, but counts it by walking the word's list of papers: a
// millisecond or more for a common word at a million papers, and a paper
// has a hundred words. So the common words are estimated from a sample of
// the library, read once and kept while the library stays about the same
// size; only the rare words, whose lists are short, are looked up. The
// estimate is good where it is used: a word in sampleMin of the sample's
// papers is in hundreds of the library's, where its weight hardly moves
// with the count.

// sampleSize is how many papers the estimate reads (all of a smaller
// library); a variable so that tests can make a small library large.
var sampleSize = 4000

const (
	sampleMin = 5 // sample papers a word needs to be estimated, not looked up
	rareCache = 200000
)

// vocabulary is the DB's estimate of its words' frequencies.
type vocabulary struct {
	mu      sync.Mutex
	papers  int            // the library's size when the sample was read
	sampled int            // papers in the sample
	avgLen  float64        // their mean weighted length
	inSampl map[string]int // sample papers holding each word
	rare    map[string]int // exact counts looked up since
}

// stale reports a sample taken when the library was another size (a
// tenth more or less).
func (v *vocabulary) stale(n int) bool {
	return v.inSampl == nil || n > v.papers+v.papers/10 || n < v.papers-v.papers/10
}

// sample reads the papers of the sample: spread evenly over the pids,
// each read by its key, never a pass over the table.
func (db *DB) sample(ctx context.Context, n int) (*vocabulary, error) {
	var maxPid int64
	if err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(pid), 0) FROM papers`).Scan(&maxPid); err != nil {
		return nil, fmt.Errorf("sample the library: %w", friendly(err))
	}
	step := max(maxPid/int64(sampleSize), 1)
	pids := make([]int64, 0, sampleSize)
	for p := int64(1); p <= maxPid && len(pids) < sampleSize; p += step {
		pids = append(pids, p)
	}
	// Counted as the rows come, one paper's words at a time: the sample is
	// thousands of papers, and the reader's memory must not feel it.
	v := &vocabulary{papers: n, inSampl: map[string]int{}, rare: map[string]int{}}
	seen := map[string]struct{}{}
	var length float64
	err := db.papersByPid(ctx, "sample the library", "title, abstract, keywords", pids, func(rows *sql.Rows) error {
		var title, abstract, keywords string
		if err := rows.Scan(&title, &abstract, &keywords); err != nil {
			return err
		}
		clear(seen)
		relevance.TextWords(relevance.Doc{Title: title, Abstract: abstract, Keywords: splitLines(keywords)},
			func(w string, weight float64) {
				seen[w] = struct{}{}
				length += weight
			})
		for w := range seen {
			if k, ok := v.inSampl[w]; ok {
				v.inSampl[w] = k + 1
			} else {
				v.inSampl[strings.Clone(w)] = 1 // not the row's string, which would stay alive
			}
		}
		v.sampled++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if v.sampled > 0 {
		v.avgLen = length / float64(v.sampled)
	}
	if v.sampled < n {
		// Only the words common enough to be estimated are kept: the
		// others are looked up, and most words are rare.
		kept := make(map[string]int, len(v.inSampl)/4)
		for w, k := range v.inSampl {
			if k >= sampleMin {
				kept[w] = k
			}
		}
		v.inSampl = kept
	}
	return v, nil
}

// vocab is the DB's current estimate, sampled again when the library has
// changed size.
func (db *DB) vocab(ctx context.Context, n int) (*vocabulary, error) {
	db.vocabMu.Lock()
	defer db.vocabMu.Unlock()
	if db.vocabulary != nil && !db.vocabulary.stale(n) {
		return db.vocabulary, nil
	}
	// Sampled to the end even when the caller that asked first leaves
	// (the detail pane moves on as the cursor does): the next one needs
	// it too.
	v, err := db.sample(context.WithoutCancel(ctx), n)
	if err != nil {
		return nil, err
	}
	db.vocabulary = v
	return v, nil
}

// stats reads the document frequencies of the terms of docs: words from
// the estimate or the search index's vocabulary, keywords and categories
// from their tags' counts.
func (db *DB) stats(ctx context.Context, docs ...relevance.Analyzed) (*relevance.Stats, error) {
	s := &relevance.Stats{DF: map[string]int{}}
	var err error
	if s.N, err = db.CountPapers(ctx); err != nil {
		return nil, fmt.Errorf("read the vocabulary: %w", err)
	}
	v, err := db.vocab(ctx, s.N)
	if err != nil {
		return nil, err
	}
	whole := v.sampled >= s.N // the sample is the library: its counts are exact
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the vocabulary: %w", friendly(err))
	}
	defer conn.Close()
	word, err := conn.PrepareContext(ctx, `SELECT doc FROM papers_fts_vocab WHERE term = ?`)
	if err != nil {
		return nil, fmt.Errorf("read the vocabulary: %w", friendly(err))
	}
	defer word.Close()
	tag, err := conn.PrepareContext(ctx, `SELECT papers FROM tags WHERE kind = ? AND name = ?`)
	if err != nil {
		return nil, fmt.Errorf("read the vocabulary: %w", friendly(err))
	}
	defer tag.Close()
	s.AvgLen = v.avgLen // the library's, for BM25's length normalisation
	for _, a := range docs {
		for t := range a.TF {
			if _, ok := s.DF[t]; ok {
				continue
			}
			var n int
			var err error
			switch {
			case strings.HasPrefix(t, "kw:"):
				err = tag.QueryRowContext(ctx, string(KindKeyword), t[3:]).Scan(&n)
			case strings.HasPrefix(t, "cat:"):
				err = tag.QueryRowContext(ctx, string(KindCategory), t[4:]).Scan(&n)
			default:
				n, err = v.words(ctx, word, t, s.N, whole)
			}
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("read the vocabulary: %w", friendly(err))
			}
			s.DF[t] = n
		}
	}
	return s, nil
}

// words is how many papers hold a word: estimated when it is common,
// else looked up (and kept). The index's count is of every column, the
// authors' too, where the sample counts the words of titles, abstracts
// and keywords: a rare word that is also a surname counts a little high,
// which only lowers its weight.
func (v *vocabulary) words(ctx context.Context, lookup *sql.Stmt, t string, n int, whole bool) (int, error) {
	v.mu.Lock()
	k := v.inSampl[t]
	exact, known := v.rare[t]
	v.mu.Unlock()
	switch {
	case whole:
		return k, nil
	case k >= sampleMin:
		return int(float64(k) / float64(v.sampled) * float64(n)), nil
	case known:
		return exact, nil
	}
	err := lookup.QueryRowContext(ctx, t).Scan(&exact)
	if err != nil {
		return 0, err
	}
	v.mu.Lock()
	if len(v.rare) >= rareCache {
		clear(v.rare)
	}
	v.rare[t] = exact
	v.mu.Unlock()
	return exact, nil
}
