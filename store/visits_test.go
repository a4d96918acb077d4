package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVisitsAndNewSinceLastVisit(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2025, 5, 10, 8, 0, 0, 0, time.UTC)
	now := clockAt(db, t0)
	mustUpsert(t, db, hfPaper("2505.00001", "Before"))
	count := func(f Filter) int {
		t.Helper()
		n, err := db.Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// First visit: nothing is new yet.
	if prev, err := db.RecordVisit(ctx); err != nil || !prev.IsZero() {
		t.Fatalf("first visit: %v, %v", prev, err)
	}
	if n := count(Filter{View: ViewNew}); n != 0 {
		t.Errorf("first visit: %d new", n)
	}
	// Days away; papers arrive; the next visit counts them.
	*now = t0.AddDate(0, 0, 3)
	mustUpsert(t, db, hfPaper("2505.00002", "While away"), hfPaper("2505.00003", "Also while away"))
	if prev, err := db.RecordVisit(ctx); err != nil || !prev.Equal(t0) {
		t.Fatalf("second visit: %v, %v", prev, err)
	}
	if p, _ := db.PreviousVisit(ctx); !p.Equal(t0) {
		t.Errorf("PreviousVisit = %v", p)
	}
	*now = now.Add(time.Hour)
	mustUpsert(t, db, hfPaper("2505.00004", "During this visit"))
	// A paper seen before and updated now is not new.
	mustUpsert(t, db, counts(hfPaper("2505.00001", "Before"), 99, 0, 0))
	if n := count(Filter{View: ViewNew}); n != 3 {
		t.Errorf("new since last visit: %d, want 3", n)
	}
	items, err := db.Papers(ctx, Filter{Query: mustParse(t, "is:new -away")}, 0, 10)
	if err != nil || len(items) != 1 || items[0].ID != "2505.00004" {
		t.Errorf("is:new -away = %v, %v", items, err)
	}
	if !slices.Contains(Views(), ViewNew) || !ViewNew.Counted() || ViewNew.String() != "New since last visit" {
		t.Error("the view is not listed")
	}
	// The count reads the first-seen index.
	if all := queryPlan(t, db, `SELECT count(*) FROM papers p WHERE `+newSince); !strings.Contains(all, "papers_by_first_seen") {
		t.Errorf("plan: %s", all)
	}
}

func TestLastRecentSync(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2025, 5, 10, 8, 0, 0, 0, time.UTC)
	now := clockAt(db, t0)
	if last, err := db.LastRecentSync(ctx); err != nil || !last.IsZero() {
		t.Fatalf("no syncs: %v %v", last, err)
	}
	id, _ := db.BeginSync(ctx, SourceHF, "daily 2025-05-04..2025-05-10")
	db.FinishSync(ctx, id, 1, UpsertStats{}, nil)
	*now = t0.AddDate(0, 0, 2)
	id, _ = db.BeginSync(ctx, SourceHF, "daily 2025-05-06..2025-05-12")
	db.FinishSync(ctx, id, 0, UpsertStats{}, errTest)
	// A search or one day leaves the days between unfetched.
	for _, req := range []string{"search q=fpga", "daily date=2025-05-12", "daily trending"} {
		id, _ = db.BeginSync(ctx, SourceHF, req)
		db.FinishSync(ctx, id, 1, UpsertStats{}, nil)
	}
	if last, _ := db.LastRecentSync(ctx); !last.Equal(t0) {
		t.Errorf("last successful = %v, want %v", last, t0)
	}
}

var errTest = &QueryError{Msg: "offline"}
