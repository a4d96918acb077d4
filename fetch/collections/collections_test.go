package collections

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
)

const slug = "alice/reading-66a0b1c2d3e4f5a6b7c8d9e0"

func TestPushPullRemoval(t *testing.T) {
	hub := fetchtest.NewCollections(t, "tok", slug)
	c, err := New(hub.URL, "tok", "test")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	hub.Put(slug, "2401.00001", "", "Elsewhere")
	long := strings.Repeat("é", 600)
	done, err := c.Push(ctx, slug, []Local{{ID: "2505.09343", Note: long}, {ID: "2406.10903"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The first push removes nothing: a paper added elsewhere is kept.
	if len(done.Add) != 2 || len(done.Remove) != 0 || len(done.Kept) != 1 || done.Kept[0].ID != "2401.00001" {
		t.Fatalf("push: %+v", done)
	}
	col, err := c.Get(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	p := col.Papers()
	if n := utf8.RuneCountInString(p["2505.09343"].Note); n != MaxNote || p["2505.09343"].ObjectID == "" {
		t.Fatalf("note of %d characters, item %+v", n, p["2505.09343"])
	}
	// Added twice (409): no error, no second item.
	if err := c.Add(ctx, slug, "2406.10903", ""); err != nil || len(hub.Items(slug)) != 3 {
		t.Fatalf("%v, %d items", err, len(hub.Items(slug)))
	}
	// Unstarred since the last push: removed.
	last := map[string]bool{"2505.09343": true, "2406.10903": true}
	done, err = c.Push(ctx, slug, []Local{{ID: "2505.09343", Note: long}}, last)
	if err != nil || len(done.Add) != 0 || len(done.Notes) != 0 || len(done.Remove) != 1 || done.Remove[0].ID != "2406.10903" {
		t.Fatalf("push: %+v %v", done, err)
	}
	// Pull: stars what the collection holds, unstars what left it.
	col, _ = c.Get(ctx, slug)
	pl := PlanPull(col, []Local{{ID: "2505.09343"}, {ID: "2406.10903"}, {ID: "2301.00005"}}, last)
	if len(pl.Star) != 1 || pl.Star[0].ID != "2401.00001" || pl.Star[0].Title != "Elsewhere" ||
		len(pl.Notes) != 1 || len(pl.Unstar) != 1 || pl.Unstar[0] != "2406.10903" {
		t.Fatalf("pull plan: %+v", pl)
	}
}

func TestFailures(t *testing.T) {
	if _, err := New("", " ", ""); err != ErrNoToken {
		t.Fatalf("err = %v", err)
	}
	hub := fetchtest.NewCollections(t, "tok", slug)
	c, _ := New(hub.URL, "tok", "test")
	ctx := context.Background()
	if _, err := c.Get(ctx, "alice/none-1"); err == nil || !strings.Contains(err.Error(), "404 Not Found: Collection not found") {
		t.Fatalf("err = %v", err)
	}
	// The first add fails: nothing else is tried.
	hub.Queue(fetchtest.ZoteroAnswer{Status: 200, Body: `{"slug":"` + slug + `","items":[]}`},
		fetchtest.ZoteroAnswer{Status: 429, Body: `{"error":"You have been rate-limited"}`})
	done, err := c.Push(ctx, slug, []Local{{ID: "2505.09343"}, {ID: "2406.10903"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "adding 2505.09343: Hugging Face answered 429 Too Many Requests: You have been rate-limited") ||
		len(done.Add) != 0 || len(hub.Items(slug)) != 0 {
		t.Fatalf("%+v %v", done, err)
	}
	// A body that is not a collection.
	hub.Queue(fetchtest.ZoteroAnswer{Status: 200, Body: `[1,2]`})
	if _, err := c.Get(ctx, slug); err == nil || !strings.Contains(err.Error(), "not the expected object") {
		t.Fatalf("err = %v", err)
	}
}
