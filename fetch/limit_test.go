package fetch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestLimiterKeepsTheWindow(t *testing.T) {
	const per = 150 * time.Millisecond
	l := NewLimiter(3, per)
	start := time.Now()
	var mu sync.Mutex
	var starts []time.Duration
	var wg sync.WaitGroup
	for range 7 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Wait(context.Background()); err != nil {
				t.Error(err)
			}
			mu.Lock()
			starts = append(starts, time.Since(start))
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Any window of length per holds at most 3 starts.
	for _, a := range starts {
		n := 0
		for _, b := range starts {
			if b >= a && b < a+per-10*time.Millisecond {
				n++
			}
		}
		if n > 3 {
			t.Fatalf("%d starts within a window: %v", n, starts)
		}
	}
	if len(starts) != 7 {
		t.Fatalf("%d starts", len(starts))
	}
	// A waiter gives up with its context.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	var none *Limiter
	if err := none.Wait(ctx); err != nil {
		t.Errorf("nil limiter: %v", err)
	}
}

func TestHFClientsShareTheAnonymousLimit(t *testing.T) {
	a, _ := NewHF("", "", "test")
	b, _ := NewHF("http://127.0.0.1:9", "", "test")
	withToken, _ := NewHF("", "hf_token", "test")
	if a.HTTP.Limit != HFLimiter || b.HTTP.Limit != HFLimiter || withToken.HTTP.Limit != nil {
		t.Errorf("limits: %p %p %p, shared %p", a.HTTP.Limit, b.HTTP.Limit, withToken.HTTP.Limit, HFLimiter)
	}
	if HFLimiter.n != 500 || HFLimiter.per != 5*time.Minute {
		t.Errorf("limit %d per %v", HFLimiter.n, HFLimiter.per)
	}
}
