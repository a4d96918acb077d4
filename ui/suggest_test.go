package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func suggestOptions(t *testing.T) (Options, *store.DB) {
	db := fixtureDB(t)
	opts := testOptions(db)
	opts.ForYouDays = 3650 // the fixture is from May 2025
	return opts, db
}

// With nothing kept, For you says how to start.
func TestForYouWithoutStars(t *testing.T) {
	opts, _ := suggestOptions(t)
	d := newDriver(t, opts, 100, 30)
	d.press("f", "enter")
	if d.m.show.view != store.ViewForYou {
		t.Fatalf("the first view is %v", d.m.show.view)
	}
	if v := plain(d.m.View()); !strings.Contains(v, "Star a few papers to get suggestions") {
		t.Fatalf("an empty For you says nothing of how to start:\n%s", v)
	}
}

// For you and one of the user's tags: the papers like the tagged ones,
// each saying so; x hides the first at once.
func TestForYouPerTag(t *testing.T) {
	opts, db := suggestOptions(t)
	ctx := context.Background()
	if err := db.AddTags(ctx, "2505.09343", "moe"); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, opts, 100, 30)
	d.m.show.view = store.ViewForYou
	d.m.show.tags = []store.Tag{{Kind: store.KindUser, Name: "moe"}}
	d.exec(d.m.requery(false))
	d.settle()
	if f := d.m.list.filter; f.Seed != "tag:moe" || len(f.Tags) != 0 {
		t.Fatalf("the listing's filter: seed %q tags %v", f.Seed, f.Tags)
	}
	first := d.m.list.current()
	if first == nil || first.ID != "2505.08001" || !strings.Contains(first.Reason, "(tagged moe) · shares") {
		t.Fatalf("first: %+v", first)
	}
	v := plain(d.m.View())
	if !strings.Contains(v, "like the papers tagged moe") || !strings.Contains(v, `like "Insights into DeepSeek-V3`) {
		t.Fatalf("header or reason missing:\n%s", v)
	}
	d.press("x")
	if it := d.m.list.current(); it != nil && it.ID == "2505.08001" {
		t.Fatal("x left the paper in For you")
	}
	if st, _ := db.UserState(ctx, "2505.08001"); !st.Dismissed {
		t.Fatal("the dismissal is not stored")
	}
	// Found elsewhere, x takes it back.
	d.m.show = listing{}
	d.exec(d.m.requery(false))
	d.press("/")
	d.typeText("id:2505.08001")
	d.press("enter", "x")
	if st, _ := db.UserState(ctx, "2505.08001"); st.Dismissed {
		t.Fatal("x again did not take the dismissal back")
	}
}

// The detail lists the papers most like the one on show, with what they
// share; M opens them all as a listing and esc comes back.
func TestDetailSimilarAndMoreLikeThis(t *testing.T) {
	opts, _ := suggestOptions(t)
	d := newDriver(t, opts, 160, 48)
	d.press("enter")
	c := plain(d.m.detail.content())
	if !strings.Contains(c, "Similar papers") || !strings.Contains(c, "Efficient Inference") ||
		!strings.Contains(c, "shares: mixture of experts") {
		t.Fatalf("the detail's similar papers:\n%s", c)
	}
	d.press("esc", "M")
	if d.m.show.view != store.ViewSimilar || d.m.list.filter.Seed != store.SimilarSeed("2505.09343") {
		t.Fatalf("M: view %v seed %q", d.m.show.view, d.m.list.filter.Seed)
	}
	if it := d.m.list.current(); it == nil || it.ID != "2505.08001" || !strings.HasPrefix(it.Reason, "shares ") {
		t.Fatalf("M's first: %+v", it)
	}
	if v := plain(d.m.View()); !strings.Contains(v, "Like “Insights into DeepSeek-V3") || !strings.Contains(v, "sort: ranked") {
		t.Fatalf("M's header and sort:\n%s", v)
	}
	d.press("s") // star from the listing, as anywhere
	if d.m.starCount != 1 {
		t.Fatalf("star in the similar listing: %d stars", d.m.starCount)
	}
	d.press("esc")
	if d.m.show.view != store.ViewAll {
		t.Fatalf("esc: view %v", d.m.show.view)
	}
}

// With kept papers but nothing recent like them, For you says how far
// back it looked and how to look further.
func TestForYouNothingRecent(t *testing.T) {
	opts, db := suggestOptions(t)
	opts.ForYouDays = 7 // the fixture is from May 2025; the store's clock is today
	if err := db.SetStarred(context.Background(), "2505.09343", true); err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, opts, 100, 30)
	d.press("f", "enter")
	if v := plain(d.m.View()); !strings.Contains(v, "No paper of the last 7 days is like the ones you keep") {
		t.Fatalf("an empty For you does not say how far back it looked:\n%s", v)
	}
}
