package main

import (
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
)

// Two paperboys at once on one database (a reader's sync and a cron
// sync): together they keep Hugging Face's anonymous limit, and when one
// is told "too many requests", both wait. The limit is made small
// (PAPERBOY_HF_RATE) so that a few requests reach it.
func TestTwoPaperboysShareTheRateLimit(t *testing.T) {
	const n, per = 3, 1500 * time.Millisecond
	const hold = 2 * time.Second
	var mu sync.Mutex
	var at []time.Time
	var held time.Time
	srv := fetchtest.NewServer(t).Handle(func(r *fetchtest.Request) *fetchtest.Response {
		if r.Kind != fetchtest.Daily {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		at = append(at, time.Now())
		if len(at) == 5 {
			held = time.Now()
			resp := fetchtest.RetryAfter(429, "2")
			return &resp
		}
		return nil
	})
	_, env := testEnv(t, srv)
	env = append(env, "PAPERBOY_HF_RATE=3/1500ms")

	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(binary, "sync", "--days", "6", "--no-categories")
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("sync: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	if len(at) < 13 { // six days each, and the one retried after the 429
		t.Fatalf("%d listing requests, want 13", len(at))
	}
	// No more than n requests in any window: a window shorter than per by
	// the time a request may take from its start to the server (the
	// client's start is what the limit counts).
	const slack = 700 * time.Millisecond
	for i := range at {
		k := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < per-slack; j++ {
			k++
		}
		if k > n {
			t.Fatalf("%d requests within %v of %v: %v", k, per-slack, at[i].Format("15:04:05.000"), stamps(at))
		}
	}
	// After the 429, neither asked again before Retry-After passed (but
	// for a request already on its way).
	for _, a := range at {
		if d := a.Sub(held); d > slack/2 && d < hold-slack/2 {
			t.Fatalf("a request %v after the 429, within its Retry-After of %v: %v", d, hold, stamps(at))
		}
	}
}

func stamps(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Format("05.000")
	}
	return out
}
