package store

import (
	"context"
	"slices"
	"testing"
)

func TestStarNews(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a, b, c := hfPaper("2505.00001", "Starred, gets code"), hfPaper("2505.00002", "Starred, gets a model"), hfPaper("2505.00003", "Not starred")
	mustUpsert(t, db, a, b, c)
	for _, id := range []string{a.ID, b.ID} {
		if err := db.SetStarred(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	a.GitHubRepo, c.GitHubRepo = "https://github.com/x/a", "https://github.com/x/c"
	mustUpsert(t, db, a, c)
	for _, id := range []string{b.ID, c.ID} {
		if err := db.SetLinks(ctx, id, Links{Models: []Repo{{ID: "org/m"}}, NumModels: 1}); err != nil {
			t.Fatal(err)
		}
	}
	// More links later are not news again.
	if err := db.SetLinks(ctx, b.ID, Links{NumModels: 4}); err != nil {
		t.Fatal(err)
	}
	code, model, err := db.StarNews(ctx)
	if err != nil || code != 1 || model != 1 {
		t.Errorf("news: %d code, %d model, %v", code, model, err)
	}
	if code, model, _ := db.StarNews(ctx); code != 0 || model != 0 {
		t.Errorf("told twice: %d, %d", code, model)
	}
	items, err := db.Papers(ctx, Filter{View: ViewStarNews}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{a.ID, b.ID}) {
		t.Errorf("News on your stars = %v", ids)
	}
	if n, _ := db.Count(ctx, Filter{View: ViewStarNews}); n != 2 || !ViewStarNews.Counted() {
		t.Errorf("count %d", n)
	}
	// Unstarring takes a paper out of the view.
	db.SetStarred(ctx, a.ID, false)
	if n, _ := db.Count(ctx, Filter{View: ViewStarNews}); n != 1 {
		t.Errorf("after unstarring: %d", n)
	}
}
