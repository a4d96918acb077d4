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
	l := NewLimiter("test", 3, per)
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

// fakeBudget is another process's count: it asks for one wait, then lets
// requests through, and records the holds it is given.
type fakeBudget struct {
	mu    sync.Mutex
	waits []time.Duration
	taken int
	holds []time.Time
}

func (b *fakeBudget) TakeRequest(ctx context.Context, name string, n int, per time.Duration) (time.Duration, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.waits) > 0 {
		w := b.waits[0]
		b.waits = b.waits[1:]
		return w, nil
	}
	b.taken++
	return 0, nil
}

func (b *fakeBudget) HoldRequests(ctx context.Context, name string, until time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.holds = append(b.holds, until)
	return nil
}

// A shared limiter waits as long as the shared budget says, and a hold
// (a 429) is the process's and the budget's.
func TestSharedLimiterWaitsForTheBudget(t *testing.T) {
	l := NewLimiter("test", 100, time.Minute)
	b := &fakeBudget{waits: []time.Duration{80 * time.Millisecond}}
	l.Share(b)
	start := time.Now()
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 80*time.Millisecond || b.taken != 1 {
		t.Fatalf("waited %v, %d taken: the budget's wait was not kept", d, b.taken)
	}
	l.Hold(context.Background(), 120*time.Millisecond)
	if len(b.holds) != 1 {
		t.Fatal("the hold was not shared")
	}
	start = time.Now()
	if err := l.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("waited %v after a 120ms hold", d)
	}
	l.Share(nil)
	if err := l.Wait(context.Background()); err != nil || b.taken != 2 {
		t.Fatalf("unshared: %v, %d taken", err, b.taken)
	}
}
