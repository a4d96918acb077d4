package fetch

import (
	"context"
	"time"
)

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

// CatchUp widens f to every day since the last successful Hugging Face
// sync (its UTC day included) up to now, at most maxDays; it never
// narrows f. It returns the days the widened f covers and the first
// day it goes back to, "" when nothing was added (a first run, a sync
// within f's days).
func CatchUp(f Follow, last, now time.Time, maxDays int) (Follow, int, string) {
	if !f.HuggingFace || last.IsZero() {
		return f, 0, ""
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	days := int(day(now).Sub(day(last)).Hours()/24) + 1
	days = min(days, maxDays)
	if days <= f.Days {
		return f, 0, ""
	}
	f.Days = days
	return f, days, day(now).AddDate(0, 0, -(days - 1)).Format(time.DateOnly)
}
