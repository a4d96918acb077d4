package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// Two handles on one database are two paperboys: together they never
// start more than n requests in a window, and a hold one of them sets
// makes the other wait too.
func TestRequestBudgetIsShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "papers.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	const n, per = 4, time.Hour
	granted := 0
	for i := range 10 {
		db := []*DB{a, b}[i%2]
		wait, err := db.TakeRequest(ctx, "hf", n, per)
		if err != nil {
			t.Fatal(err)
		}
		if wait == 0 {
			granted++
		} else if wait < 59*time.Minute {
			t.Fatalf("request %d: wait %v, want until the first leaves the hour", i, wait)
		}
	}
	if granted != n {
		t.Fatalf("%d requests granted in the window, want %d", granted, n)
	}
	// Another budget is counted apart.
	if wait, err := a.TakeRequest(ctx, "hf-pages", n, per); err != nil || wait != 0 {
		t.Fatalf("another budget: wait %v %v", wait, err)
	}
	// A hold set by one is kept by the other, and a shorter one does not
	// shorten it.
	if err := a.HoldRequests(ctx, "hf-pages", time.Now().Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := b.HoldRequests(ctx, "hf-pages", time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	wait, err := b.TakeRequest(ctx, "hf-pages", n, per)
	if err != nil || wait < 25*time.Second || wait > 30*time.Second {
		t.Fatalf("held: wait %v %v", wait, err)
	}
}

// Requests older than the window leave it.
func TestRequestBudgetWindowSlides(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const per = 150 * time.Millisecond
	for range 2 {
		if wait, err := db.TakeRequest(ctx, "x", 2, per); err != nil || wait != 0 {
			t.Fatalf("wait %v %v", wait, err)
		}
	}
	wait, err := db.TakeRequest(ctx, "x", 2, per)
	if err != nil || wait <= 0 || wait > per {
		t.Fatalf("the third: wait %v %v", wait, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for wait > 0 && time.Now().Before(deadline) {
		time.Sleep(wait) // the wait the budget asked for, not a guess
		if wait, err = db.TakeRequest(ctx, "x", 2, per); err != nil {
			t.Fatal(err)
		}
	}
	if wait != 0 {
		t.Fatalf("still waiting %v after the window", wait)
	}
	var rows int
	db.sql.QueryRow(`SELECT count(*) FROM request_log WHERE name = 'x'`).Scan(&rows)
	if rows > 2 {
		t.Fatalf("%d rows kept for a budget of 2", rows)
	}
}
