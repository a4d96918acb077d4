package fetch

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

func testSyncer(t *testing.T) (*Syncer, *fetchtest.Server, *store.DB) {
	t.Helper()
	srv := newFakeServices(t)
	db := openDB(t)
	s := &Syncer{DB: db, HF: testHF(t, srv.URL), Arxiv: testArxiv(t, srv.URL)}
	s.HF.PageSize = 2 // the daily fixtures are pages of two
	s.Arxiv.PageSize = 2
	return s, srv, db
}

func TestSyncHFDate(t *testing.T) {
	s, srv, db := testSyncer(t)
	var progress []Progress
	s.Progress = func(p Progress) { progress = append(progress, p) }

	res, err := s.HFDate(bg, "2025-05-15")
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 5 || res.New != 5 || res.Updated != 0 {
		t.Errorf("result = %+v", res)
	}
	if got := res.String(); got != "fetched 5, new 5, updated 0" {
		t.Errorf("String() = %q", got)
	}
	// Three pages: 2, 2 and the short page of 1 that ends the listing.
	want := []string{"date=2025-05-15 p=0", "date=2025-05-15 p=1", "date=2025-05-15 p=2"}
	if got := srv.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q", got)
	}
	if len(progress) != 3 || progress[2].Page != 3 || progress[2].Fetched != 5 || progress[2].New != 5 ||
		progress[0].Source != store.SourceHF || !strings.Contains(progress[1].Message, "page 2") {
		t.Errorf("progress = %+v", progress)
	}
	p, err := db.Paper(bg, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	if p.OrgName != "deepseek-ai" || p.Daily != "2025-05-15" || p.Published != "2025-05-14" || p.Upvotes != 67 {
		t.Errorf("stored = %#v", p)
	}
	runs, err := db.Syncs(bg, 10)
	if err != nil || len(runs) != 1 || runs[0].Request != "daily date=2025-05-15" || runs[0].Fetched != 5 ||
		runs[0].New != 5 || runs[0].Err != "" || runs[0].Finished.IsZero() {
		t.Errorf("sync runs = %+v, %v", runs, err)
	}

	// The same listing again adds and changes nothing.
	res, err = s.HFDate(bg, "2025-05-15")
	if err != nil || res.Fetched != 5 || res.New != 0 || res.Updated != 0 {
		t.Errorf("re-sync = %+v, %v", res, err)
	}
}

func TestSyncFailureKeepsCompletePages(t *testing.T) {
	s, srv, db := testSyncer(t)
	srv.Fail("date=2025-05-15 p=1", 503)

	res, err := s.HFDate(bg, "2025-05-15")
	if err == nil || !strings.Contains(err.Error(), "/api/daily_papers date=2025-05-15 p=1: HTTP 503 after 3 tries") {
		t.Fatalf("err = %v", err)
	}
	if res.Fetched != 2 || res.New != 2 {
		t.Errorf("result = %+v", res)
	}
	// Exactly page 0 is stored.
	n, err := db.CountPapers(bg)
	if err != nil || n != 2 {
		t.Errorf("stored %d papers (%v), want the 2 of page 0", n, err)
	}
	runs, err := db.Syncs(bg, 10)
	if err != nil || len(runs) != 1 || !strings.Contains(runs[0].Err, "HTTP 503") || runs[0].Fetched != 2 {
		t.Errorf("sync runs = %+v, %v", runs, err)
	}
}

func TestSyncHFRecentNewestFirst(t *testing.T) {
	s, srv, _ := testSyncer(t)
	s.Now = func() time.Time { return time.Date(2025, 5, 15, 23, 0, 0, 0, time.UTC) }
	res, err := s.HFRecent(bg, 3)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 6 {
		t.Errorf("result = %+v", res)
	}
	want := []string{
		"date=2025-05-15 p=0", "date=2025-05-15 p=1", "date=2025-05-15 p=2",
		"date=2025-05-14 p=0",
		"date=2025-05-13 p=0",
	}
	if got := srv.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q", got)
	}
}

func TestSyncHFSearchAndArgs(t *testing.T) {
	s, _, _ := testSyncer(t)
	res, err := s.HFSearch(bg, "deepseek")
	if err != nil || res.New != 2 {
		t.Errorf("search = %+v, %v", res, err)
	}
	for name, fn := range map[string]func() error{
		"bad date":  func() error { _, err := s.HFDate(bg, "15/05/2025"); return err },
		"bad week":  func() error { _, err := s.HFWeek(bg, "2025-20"); return err },
		"bad month": func() error { _, err := s.HFMonth(bg, "May"); return err },
		"empty q":   func() error { _, err := s.HFSearch(bg, ""); return err },
	} {
		if fn() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := s.HFWeek(bg, "2025-W20"); err != nil {
		t.Errorf("week: %v", err)
	}
	if _, err := s.HFMonth(bg, "2025-05"); err != nil {
		t.Errorf("month: %v", err)
	}
}

func TestSyncArxivQuery(t *testing.T) {
	s, srv, db := testSyncer(t)
	res, err := s.ArxivQuery(bg, "cat:cs.AR", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 3 || res.New != 3 {
		t.Errorf("result = %+v", res)
	}
	// totalResults is 3: two pages, no third request.
	want := []string{"search_query=cat:cs.AR start=0", "search_query=cat:cs.AR start=2"}
	if got := srv.Requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q", got)
	}
	p, err := db.Paper(bg, "cs/9901001")
	if err != nil || p.PrimaryCategory() != "cs.AR" {
		t.Errorf("old-style paper = %#v, %v", p, err)
	}
	// max stops paging early.
	s2, srv2, _ := testSyncer(t)
	if res, err := s2.ArxivQuery(bg, "cat:cs.AR", 2); err != nil || res.Fetched != 2 || len(srv2.Requests()) != 1 {
		t.Errorf("max 2: %+v %v %q", res, err, srv2.Requests())
	}
}

func TestSyncFillCategories(t *testing.T) {
	s, srv, db := testSyncer(t)
	if _, err := s.HFDate(bg, "2025-05-15"); err != nil {
		t.Fatal(err)
	}
	res, err := s.FillCategories(bg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 5 || res.Updated != 5 || res.New != 0 {
		t.Errorf("result = %+v", res)
	}
	reqs := srv.Requests()
	if last := reqs[len(reqs)-1]; !strings.HasPrefix(last, "id_list=") || strings.Count(last, ",") != 4 {
		t.Errorf("id_list request = %q", last)
	}
	p, err := db.Paper(bg, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	// arXiv adds categories; Hugging Face's own fields stay.
	if !reflect.DeepEqual(p.Categories, []string{"cs.DC", "cs.AI", "cs.AR"}) || p.OrgName != "deepseek-ai" ||
		p.Upvotes != 67 || p.Daily != "2025-05-15" {
		t.Errorf("merged = %#v", p)
	}
	// Nothing left to fill: no request, no sync run.
	before := len(srv.Requests())
	if res, err := s.FillCategories(bg, 0); err != nil || res.Fetched != 0 || len(srv.Requests()) != before {
		t.Errorf("second fill = %+v, %v", res, err)
	}
}

func TestSyncCancel(t *testing.T) {
	s, _, db := testSyncer(t)
	ctx, cancel := context.WithCancel(bg)
	s.Progress = func(p Progress) { cancel() } // stop after the first page
	_, err := s.HFDate(ctx, "2025-05-15")
	if err == nil || ctx.Err() == nil {
		t.Fatalf("err = %v", err)
	}
	n, _ := db.CountPapers(bg)
	runs, _ := db.Syncs(bg, 10)
	if n != 2 || len(runs) != 1 || runs[0].Finished.IsZero() || runs[0].Err == "" {
		t.Errorf("after cancel: %d papers, runs %+v", n, runs)
	}
}

func TestDedupe(t *testing.T) {
	in := []store.Paper{{ID: "1", Title: "a"}, {ID: "2"}, {ID: "1", Title: "b"}}
	got := dedupe(in)
	if len(got) != 2 || got[0].Title != "b" || got[1].ID != "2" {
		t.Errorf("dedupe = %+v", got)
	}
}
