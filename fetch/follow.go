package fetch

import "context"

// Follow is what a plain `paperboy sync` and the reader's sync fetch: the
// config file's [sync] table.
type Follow struct {
	HuggingFace bool     // the Hugging Face daily papers
	Days        int      // of the last this many days
	Arxiv       []string // arXiv API queries whose newest papers are fetched too
	ArxivMax    int      // at most this many of each
}

// Followed syncs what f follows: the Hugging Face daily papers of the last
// days, each arXiv query, then the arXiv categories of the new papers.
func (s *Syncer) Followed(ctx context.Context, f Follow) (Result, error) {
	var total Result
	add := func(r Result) {
		total.Fetched += r.Fetched
		total.New += r.New
		total.Updated += r.Updated
	}
	if f.HuggingFace {
		r, err := s.HFRecent(ctx, f.Days)
		add(r)
		if err != nil {
			return total, err
		}
	}
	for _, q := range f.Arxiv {
		r, err := s.ArxivQuery(ctx, q, f.ArxivMax)
		add(r)
		if err != nil {
			return total, err
		}
	}
	if f.HuggingFace {
		r, err := s.FillCategories(ctx, 0)
		total.Updated += r.Updated
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
