package fetch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

var _ Store = (*store.DB)(nil)

// Store is what a sync needs of the database; *store.DB provides it.
type Store interface {
	Upserter
	BeginSync(ctx context.Context, source, request string) (int64, error)
	FinishSync(ctx context.Context, id int64, fetched int, st store.UpsertStats, err error) error
	IDsWithoutCategories(ctx context.Context, limit int) ([]string, error)
	RecordArxivMisses(ctx context.Context, ids []string) error
	VersionNotices(ctx context.Context, since time.Time) ([]store.VersionNotice, error)
}

// Progress is reported after every page a sync writes. The counts are
// running totals for the whole sync.
type Progress struct {
	Source  string // store.SourceHF or store.SourceArxiv
	Page    int    // pages written so far
	Fetched int
	New     int
	Updated int
	Message string
}

// Result totals one sync.
type Result struct {
	Fetched int
	store.UpsertStats
	// NewVersions are the starred papers whose arXiv version this sync
	// saw go up ("v3 of a starred paper"); the store keeps them until
	// DismissVersionNotices.
	NewVersions []store.VersionNotice
}

func (r Result) String() string {
	return fmt.Sprintf("fetched %d, new %d, updated %d", r.Fetched, r.New, r.Updated)
}

// DefaultRecentDays is how many days HFRecent covers when asked for 0.
const DefaultRecentDays = 7

// DefaultMaxPages bounds one listing, in case a service ignores the page
// parameter and keeps answering with full pages.
const DefaultMaxPages = 100

// Syncer fetches from Hugging Face and arXiv into the store. Every page is
// written in one transaction, so a sync that fails part-way leaves the
// database as it was after the last complete page, and every sync is
// recorded with BeginSync/FinishSync.
type Syncer struct {
	DB       Store
	HF       *HF
	Arxiv    *Arxiv
	Progress func(Progress)   // may be nil
	Now      func() time.Time // "today" for HFRecent; nil means time.Now
	MaxPages int              // 0 means DefaultMaxPages
}

// Endpoints say where the remote services are and how to reach them.
// The command line fills them from the environment (HF_ENDPOINT,
// HF_TOKEN, ARXIV_ENDPOINT, PAPERBOY_ARXIV_DELAY).
type Endpoints struct {
	HF         string        // "" means DefaultHFEndpoint
	HFToken    string        // sent as a bearer token when set
	Arxiv      string        // "" means DefaultArxivEndpoint
	ArxivDelay time.Duration // least time between two arXiv requests
}

// NewSyncer returns a Syncer for the endpoints; version goes into the
// User-Agent.
func NewSyncer(db Store, ep Endpoints, version string) (*Syncer, error) {
	hf, err := NewHF(ep.HF, ep.HFToken, version)
	if err != nil {
		return nil, err
	}
	ax, err := NewArxiv(ep.Arxiv, version, ep.ArxivDelay)
	if err != nil {
		return nil, err
	}
	return &Syncer{DB: db, HF: hf, Arxiv: ax}, nil
}

// HFDate syncs the Daily Papers of one day, YYYY-MM-DD.
func (s *Syncer) HFDate(ctx context.Context, day string) (Result, error) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return Result{}, fmt.Errorf("date %q: want YYYY-MM-DD", day)
	}
	return s.run(ctx, store.SourceHF, "daily date="+day, func(r *run) error {
		return s.hfListing(ctx, r, DailyQuery{Date: day})
	})
}

// HFWeek syncs the Daily Papers of an ISO week, YYYY-Www (e.g. 2025-W20).
func (s *Syncer) HFWeek(ctx context.Context, week string) (Result, error) {
	if !validWeek(week) {
		return Result{}, fmt.Errorf("week %q: want YYYY-Www, e.g. 2025-W20", week)
	}
	return s.run(ctx, store.SourceHF, "daily week="+week, func(r *run) error {
		return s.hfListing(ctx, r, DailyQuery{Week: week})
	})
}

// HFMonth syncs the Daily Papers of a month, YYYY-MM.
func (s *Syncer) HFMonth(ctx context.Context, month string) (Result, error) {
	if _, err := time.Parse("2006-01", month); err != nil {
		return Result{}, fmt.Errorf("month %q: want YYYY-MM", month)
	}
	return s.run(ctx, store.SourceHF, "daily month="+month, func(r *run) error {
		return s.hfListing(ctx, r, DailyQuery{Month: month})
	})
}

// HFRecent syncs the Daily Papers of the last days days (DefaultRecentDays
// when 0) ending today, newest day first, so an interrupted sync has
// already stored what the reader shows first. Days are UTC days, as
// Hugging Face dates its listings.
func (s *Syncer) HFRecent(ctx context.Context, days int) (Result, error) {
	if days <= 0 {
		days = DefaultRecentDays
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	today := now().UTC()
	first := today.AddDate(0, 0, -(days - 1)).Format(time.DateOnly)
	request := fmt.Sprintf("daily %s..%s", first, today.Format(time.DateOnly))
	return s.run(ctx, store.SourceHF, request, func(r *run) error {
		for i := range days {
			day := today.AddDate(0, 0, -i).Format(time.DateOnly)
			if err := s.hfListing(ctx, r, DailyQuery{Date: day}); err != nil {
				return err
			}
		}
		return nil
	})
}

// HFTrending syncs Hugging Face's trending papers (the listing's
// sort=trending, without a date: what is trending now), one page of them.
// The listing's order is Hugging Face's score, not a day's place, so the
// papers' places in their days are left as they were.
func (s *Syncer) HFTrending(ctx context.Context) (Result, error) {
	return s.run(ctx, store.SourceHF, "daily trending", func(r *run) error {
		limit := s.HF.PageSize
		if limit <= 0 {
			limit = HFPageSize
		}
		papers, _, err := s.HF.daily(ctx, DailyQuery{Sort: "trending", Limit: limit})
		if err != nil {
			return err
		}
		return r.page(ctx, papers, "trending")
	})
}

// HFSearch syncs the results of a Hugging Face paper search.
func (s *Syncer) HFSearch(ctx context.Context, query string) (Result, error) {
	if query == "" {
		return Result{}, errors.New("empty search")
	}
	return s.run(ctx, store.SourceHF, "search q="+query, func(r *run) error {
		papers, err := s.HF.Search(ctx, query, 0)
		if err != nil {
			return err
		}
		return r.page(ctx, papers, "search "+strconv.Quote(query))
	})
}

// ArxivQuery syncs up to limit (ArxivPageSize when 0) of the newest papers
// matching an arXiv search query such as "cat:cs.AR", paging by start.
func (s *Syncer) ArxivQuery(ctx context.Context, query string, limit int) (Result, error) {
	if query == "" {
		return Result{}, errors.New("empty arXiv query")
	}
	if limit <= 0 {
		limit = ArxivPageSize
	}
	request := fmt.Sprintf("query %s max=%d", query, limit)
	return s.run(ctx, store.SourceArxiv, request, func(r *run) error {
		for start := 0; start < limit; {
			page, err := s.Arxiv.Query(ctx, query, start, min(s.Arxiv.pageSize(), limit-start))
			if err != nil {
				return err
			}
			if len(page.Papers) == 0 {
				return nil
			}
			start += len(page.Papers)
			msg := fmt.Sprintf("%s %d/%d", query, start, min(limit, max(page.Total, start)))
			if err := r.page(ctx, page.Papers, msg); err != nil {
				return err
			}
			if page.Total > 0 && start >= page.Total {
				return nil
			}
		}
		return nil
	})
}

// FillCategories looks up on arXiv up to limit (1000 when 0) papers that
// have no categories yet (typically those only Hugging Face has listed)
// and stores their arXiv records, ArxivBatch per request and transaction.
// The store merges them: arXiv supplies categories and bibliographic
// fields, Hugging Face's own fields are kept.
func (s *Syncer) FillCategories(ctx context.Context, limit int) (Result, error) {
	if limit <= 0 {
		limit = 1000
	}
	// One query up front: the papers arXiv answers nothing for stay
	// without categories, and within this sync the query would return
	// them again. Across syncs the store remembers them (RecordArxivMisses)
	// and leaves them out for store.ArxivMissRetry.
	ids, err := s.DB.IDsWithoutCategories(ctx, limit)
	if err != nil {
		return Result{}, err
	}
	if len(ids) == 0 {
		return Result{}, nil
	}
	return s.run(ctx, store.SourceArxiv, fmt.Sprintf("categories %d ids", len(ids)), func(r *run) error {
		for done := 0; done < len(ids); {
			batch := ids[done:min(done+s.Arxiv.batch(), len(ids))]
			papers, err := s.Arxiv.Lookup(ctx, batch)
			if err != nil {
				return err
			}
			done += len(batch)
			// The ids arXiv answered nothing for are not asked again at
			// every sync (see store.ArxivMissRetry).
			found := make(map[string]bool, len(papers))
			for _, p := range papers {
				found[p.ID] = true
			}
			var missed []string
			for _, id := range batch {
				if !found[id] {
					missed = append(missed, id)
				}
			}
			if err := s.DB.RecordArxivMisses(ctx, missed); err != nil {
				return err
			}
			if err := r.page(ctx, papers, fmt.Sprintf("categories %d/%d", done, len(ids))); err != nil {
				return err
			}
		}
		return nil
	})
}

// run is one recorded sync.
type run struct {
	s      *Syncer
	source string
	pages  int
	res    Result
}

func (s *Syncer) run(ctx context.Context, source, request string, fn func(r *run) error) (Result, error) {
	// Notices are stamped in whole seconds.
	start := time.Now().Truncate(time.Second)
	id, err := s.DB.BeginSync(ctx, source, request)
	if err != nil {
		return Result{}, err
	}
	r := &run{s: s, source: source}
	err = fn(r)
	if r.res.Updated > 0 {
		ns, nerr := s.DB.VersionNotices(context.WithoutCancel(ctx), start)
		if nerr != nil && err == nil {
			err = nerr
		}
		r.res.NewVersions = ns
	}
	// Record the outcome even when ctx was cancelled: a sync row left
	// open would read as still running.
	if ferr := s.DB.FinishSync(context.WithoutCancel(ctx), id, r.res.Fetched, r.res.UpsertStats, err); ferr != nil && err == nil {
		err = ferr
	}
	return r.res, err
}

// page writes one page in one transaction and reports progress.
func (r *run) page(ctx context.Context, papers []store.Paper, msg string) error {
	papers = dedupe(papers)
	if len(papers) > 0 {
		st, err := r.s.DB.UpsertPapers(ctx, papers)
		if err != nil {
			return err
		}
		r.res.Add(st)
		r.res.Fetched += len(papers)
	}
	r.pages++
	if r.s.Progress != nil {
		r.s.Progress(Progress{
			Source:  r.source,
			Page:    r.pages,
			Fetched: r.res.Fetched,
			New:     r.res.New,
			Updated: r.res.Updated,
			Message: fmt.Sprintf("%s: %d papers", msg, len(papers)),
		})
	}
	return nil
}

// hfListing pages through one Daily Papers listing until a short or empty
// page.
func (s *Syncer) hfListing(ctx context.Context, r *run, q DailyQuery) error {
	maxPages := s.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	// Sorting by date keeps pages stable while votes change mid-sync.
	q.Sort = "publishedAt"
	q.Limit = s.HF.PageSize
	if q.Limit <= 0 {
		q.Limit = HFPageSize
	}
	prevFirst := ""
	dayPlace := map[string]int{}
	placed := map[string]bool{}
	for p := range maxPages {
		q.Page = p
		papers, n, err := s.HF.daily(ctx, q)
		if err != nil {
			return err
		}
		// A service that ignores p would hand back page 0 forever.
		if len(papers) > 0 && papers[0].ID == prevFirst {
			return nil
		}
		if len(papers) > 0 {
			prevFirst = papers[0].ID
		}
		// Each paper's place among its day's papers in this listing:
		// within a day the newest sort orders by upvotes, then by it, as
		// Hugging Face's page does. A week or a month lists several days,
		// so places are counted per day.
		for i := range papers {
			if d := papers[i].Daily; d != "" && !placed[papers[i].ID] {
				placed[papers[i].ID] = true
				dayPlace[d]++
				papers[i].DailyRank = dayPlace[d]
			}
		}
		msg := q.What()
		if p > 0 {
			msg += fmt.Sprintf(" page %d", p+1)
		}
		if err := r.page(ctx, papers, msg); err != nil {
			return err
		}
		if n < q.Limit {
			return nil
		}
	}
	return nil
}

// dedupe keeps the last record of each id: one transaction should not
// write a paper twice.
func dedupe(papers []store.Paper) []store.Paper {
	seen := make(map[string]int, len(papers))
	out := papers[:0:0]
	for _, p := range papers {
		if i, ok := seen[p.ID]; ok {
			out[i] = p
			continue
		}
		seen[p.ID] = len(out)
		out = append(out, p)
	}
	return out
}

func validWeek(w string) bool {
	if len(w) != 8 || w[4] != '-' || w[5] != 'W' {
		return false
	}
	if _, err := strconv.Atoi(w[:4]); err != nil {
		return false
	}
	n, err := strconv.Atoi(w[6:])
	return err == nil && n >= 1 && n <= 53
}
