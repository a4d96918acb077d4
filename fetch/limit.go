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
type Limiter struct {
	n   int
	per time.Duration

	mu    sync.Mutex
	times []time.Time // ring of the last n starts
	next  int
}

// NewLimiter returns a limiter of n requests per window.
func NewLimiter(n int, per time.Duration) *Limiter {
	return &Limiter{n: max(n, 1), per: per}
}

// HFAnonymousLimit is Hugging Face's rate limit for anonymous API
// requests: 500 per five minutes.
const (
	HFAnonymousLimit  = 500
	HFAnonymousWindow = 5 * time.Minute
)

// HFLimiter is shared by every Hugging Face client of the process.
var HFLimiter = NewLimiter(HFAnonymousLimit, HFAnonymousWindow)

// Wait returns when a request may start, or with ctx's error. A nil
// Limiter never waits.
func (l *Limiter) Wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if len(l.times) < l.n {
		l.times = append(l.times, now)
		l.mu.Unlock()
		return nil
	}
	at := l.times[l.next].Add(l.per)
	if at.Before(now) {
		at = now
	}
	// The slot is taken now, so waiters queue in turn.
	l.times[l.next] = at
	l.next = (l.next + 1) % l.n
	l.mu.Unlock()
	return Sleep(ctx, time.Until(at))
}
