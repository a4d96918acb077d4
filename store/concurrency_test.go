package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestTwoProcessesShareTheFile opens the same file twice, as a sync and a
// reader (or two readers) do, and runs writers and readers on both at
// once: the busy timeout and immediate transactions mean nobody ever sees
// "database is locked", and each sees the other's writes.
func TestTwoProcessesShareTheFile(t *testing.T) {
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
	if _, err := a.UpsertPapers(ctx, []Paper{hfPaper("2401.00001", "Seed")}); err != nil {
		t.Fatal(err)
	}

	dur := 1500 * time.Millisecond
	if os.Getenv("STRESS") != "" {
		dur = 15 * time.Second
	}
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w, db := range []*DB{a, b, a, b} {
		wg.Go(func() {
			// A writer: a page of papers per transaction, and user state.
			for i := 0; time.Now().Before(deadline); i++ {
				var page []Paper
				for j := range 20 {
					page = append(page, hfPaper(fmt.Sprintf("2402.%05d", (w*1000+i*20+j)%99999), fmt.Sprintf("w%d i%d", w, i)))
				}
				if _, err := db.UpsertPapers(ctx, page); err != nil {
					errs <- fmt.Errorf("writer %d upsert: %w", w, err)
					return
				}
				if err := db.SetStarred(ctx, page[0].ID, i%2 == 0); err != nil {
					errs <- fmt.Errorf("writer %d star: %w", w, err)
					return
				}
				if err := db.AddTags(ctx, page[1].ID, "t"+fmt.Sprint(w)); err != nil {
					errs <- fmt.Errorf("writer %d tag: %w", w, err)
					return
				}
			}
		})
	}
	for r, db := range []*DB{a, b, a, b} {
		wg.Go(func() {
			q, _ := ParseQuery("w1 OR w2 -tag:t0")
			for time.Now().Before(deadline) {
				if _, err := db.Papers(ctx, Filter{Query: q, Sort: SortRelevance}, 0, 50); err != nil {
					errs <- fmt.Errorf("reader %d list: %w", r, err)
					return
				}
				if _, err := db.Count(ctx, Filter{View: ViewStarred}); err != nil {
					errs <- fmt.Errorf("reader %d count: %w", r, err)
					return
				}
				if _, err := db.TagCounts(ctx, KindUser, 10); err != nil {
					errs <- fmt.Errorf("reader %d tags: %w", r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// A star made through one handle shows through the other at once.
	if err := a.SetStarred(ctx, "2401.00001", true); err != nil {
		t.Fatal(err)
	}
	p, err := b.Paper(ctx, "2401.00001")
	if err != nil || !p.Starred {
		t.Fatalf("star made in a, seen from b: %v %v", p.Starred, err)
	}
	// integrity_check on a fresh connection: FTS5's check trusts the
	// index structure the connection cached, which another connection's
	// writes may have made stale (queries revalidate it; the check does not).
	a.Close()
	b.Close()
	fresh, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	var ok string
	if err := fresh.sql.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
}

func TestChangedSeesOtherWriters(t *testing.T) {
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
	mustUpsert(t, a, hfPaper("2401.00001", "Seed"))
	if ch, err := b.Changed(ctx); err != nil || !ch {
		t.Fatalf("first Changed = %v, %v; want true", ch, err)
	}
	if ch, _ := b.Changed(ctx); ch {
		t.Fatal("Changed with no write in between")
	}
	if err := a.SetStarred(ctx, "2401.00001", true); err != nil {
		t.Fatal(err)
	}
	if ch, err := b.Changed(ctx); err != nil || !ch {
		t.Fatalf("Changed after another handle's star = %v, %v", ch, err)
	}
	// Writes through the same handle count too (a sync in the reader).
	if err := b.SetRead(ctx, "2401.00001", true); err != nil {
		t.Fatal(err)
	}
	if ch, _ := b.Changed(ctx); !ch {
		t.Fatal("Changed missed a write through its own handle")
	}
	if ch, _ := b.Changed(ctx); ch {
		t.Fatal("Changed twice for one write")
	}
}

// TestOpeningANewFileAtOnce: paperboys that open a file nobody has
// created yet, at the same moment, all open it. One of them creates the
// schema; the others, whatever moment they look, see either an empty file
// or a whole paperboy database, never something in between that would
// read as another program's. (The window was a few microseconds between
// two reads; two processes met it, handles in one process rarely do.)
func TestOpeningANewFileAtOnce(t *testing.T) {
	for round := range 30 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("papers-%d.db", round))
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := Open(path)
				if err != nil {
					errs <- err
					return
				}
				db.Close()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}
