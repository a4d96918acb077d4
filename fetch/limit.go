package fetch

import (
	"context"
	"sync"
	"time"
)

// Limiter keeps a client within a rate limit of n requests in any window
// of length per, as Hugging Face counts them (a fixed number of API
// requests per five minutes): it remembers when the last n requests
// started and lets the next one start only once the oldest of them is a
// window old. It is safe for concurrent use; one Limiter shared by every
// client of a service keeps them all within its limit together.
//
// Shared with a Budget (Share), the count is also the other processes':
// the reader and a cron sync on the same database stay within the limit
// together, and when one of them is told "too many requests" (Hold),
// both wait.
type Limiter struct {
	name string
	n    int
	per  time.Duration

	mu     sync.Mutex
	times  []time.Time // ring of the last n starts
	next   int
	held   time.Time // no request before this
	budget Budget
}

// Budget is a rate limit's count kept where every paperboy sees it (the
// store, in the database they share).
type Budget interface {
	// TakeRequest counts a request of budget name that may start now
	// and returns 0, or returns how long to wait before asking again.
	TakeRequest(ctx context.Context, name string, n int, per time.Duration) (time.Duration, error)
	// HoldRequests makes every request of budget name wait until until.
	HoldRequests(ctx context.Context, name string, until time.Time) error
}

// NewLimiter returns a limiter of n requests per window, named for its
// budget.
func NewLimiter(name string, n int, per time.Duration) *Limiter {
	return &Limiter{name: name, n: max(n, 1), per: per}
}

// Hugging Face's rate limits for anonymous requests: 500 API requests and
// 100 page requests (a paper's Markdown is a page) per five minutes.
const (
	HFAnonymousLimit     = 500
	HFAnonymousPageLimit = 100
	HFAnonymousWindow    = 5 * time.Minute
)

// HFLimiter and HFPageLimiter are shared by every anonymous Hugging Face
// client of the process (a token's limits are the account's).
var (
	HFLimiter     = NewLimiter("hf-api", HFAnonymousLimit, HFAnonymousWindow)
	HFPageLimiter = NewLimiter("hf-pages", HFAnonymousPageLimit, HFAnonymousWindow)
)

// ShareLimits counts the Hugging Face limits in b too, until the function
// it returns is called (when b, the database, closes).
func ShareLimits(b Budget) (unshare func()) {
	HFLimiter.Share(b)
	HFPageLimiter.Share(b)
	return func() {
		HFLimiter.Share(nil)
		HFPageLimiter.Share(nil)
	}
}

// Share counts the limiter's requests in b too (nil: in the process only).
func (l *Limiter) Share(b Budget) {
	l.mu.Lock()
	l.budget = b
	l.mu.Unlock()
}

// SetRate changes the limit (for tests of the shared budget: the real
// limits take minutes to reach).
func (l *Limiter) SetRate(n int, per time.Duration) {
	l.mu.Lock()
	l.n, l.per, l.times, l.next = max(n, 1), per, nil, 0
	l.mu.Unlock()
}

// Wait returns when a request may start, or with ctx's error. A nil
// Limiter never waits.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	at := now
	if len(l.times) < l.n {
		l.times = append(l.times, now)
	} else {
		at = l.times[l.next].Add(l.per)
		if at.Before(now) {
			at = now
		}
		// The slot is taken now, so waiters queue in turn.
		l.times[l.next] = at
		l.next = (l.next + 1) % l.n
	}
	at = later(at, l.held)
	b, name, n, per := l.budget, l.name, l.n, l.per
	l.mu.Unlock()
	if err := Sleep(ctx, time.Until(at)); err != nil {
		return err
	}
	if b == nil {
		return nil
	}
	for {
		wait, err := b.TakeRequest(ctx, name, n, per)
		if err != nil || wait <= 0 {
			// A budget that cannot be read (the database busy past its
			// timeout) leaves the process's own count in charge.
			return ctx.Err()
		}
		if err := Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Hold makes the limiter's requests (and, shared, every process's) wait
// for d: the service said too many requests.
func (l *Limiter) Hold(ctx context.Context, d time.Duration) {
	if l == nil || d <= 0 {
		return
	}
	until := time.Now().Add(d)
	l.mu.Lock()
	l.held = later(l.held, until)
	b, name := l.budget, l.name
	l.mu.Unlock()
	if b != nil {
		b.HoldRequests(ctx, name, until) // a failure leaves the process's own hold
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
