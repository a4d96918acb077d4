package fetch

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

func TestLoadSample(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := LoadSample(ctx, db)
	if err != nil || n != 57 {
		t.Fatalf("LoadSample = %d, %v; want 57 papers", n, err)
	}
	if got, _ := db.CountPapers(ctx); got != 57 {
		t.Fatalf("stored %d papers, want 57", got)
	}
	p, err := db.Paper(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	if p.Published != "2025-05-14" || p.Upvotes != 5 || p.OrgName != "deepseek-ai" || p.OrgDisplay != "DeepSeek" ||
		!slices.Equal(p.Categories, []string{"cs.DC"}) || len(p.Authors) != 15 || p.Authors[0] != "Chenggang Zhao" {
		t.Fatalf("DeepSeek-V3 paper = %+v", p)
	}
	if !slices.Equal(p.Sources, []string{store.SourceHF}) {
		t.Fatalf("sources = %v: arXiv has not seen the sample", p.Sources)
	}
	q, _ := store.ParseQuery("deepseek")
	if items, err := db.Papers(ctx, store.Filter{Query: q}, 0, 10); err != nil || len(items) != 1 {
		t.Fatalf("sample not searchable: %v, %v", items, err)
	}
	// Twice in a row adds nothing.
	if _, err := LoadSample(ctx, db); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.CountPapers(ctx); got != 57 {
		t.Fatalf("after a second load: %d papers", got)
	}
}
