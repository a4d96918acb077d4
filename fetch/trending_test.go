package fetch

import (
	"reflect"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
)

// HFTrending asks the listing for sort=trending with no day, stores what
// it lists and leaves the papers' places in their days alone.
func TestSyncHFTrending(t *testing.T) {
	srv := fetchtest.NewServer(t).Fixtures("testdata")
	db := openDB(t)
	s := &Syncer{DB: db, HF: testHF(t, srv.URL), Arxiv: testArxiv(t, srv.URL)}
	res, err := s.HFTrending(bg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 3 || res.New != 3 {
		t.Errorf("result = %+v", res)
	}
	if got, want := srv.Requests(), []string{"trending p=0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
	for id, up := range map[string]int{"2505.09568": 120, "2505.10000": 88, "2505.09343": 67} {
		p, err := db.Paper(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Upvotes != up || p.DailyRank != 0 || p.Daily == "" {
			t.Errorf("%s: %d upvotes, rank %d, daily %q", id, p.Upvotes, p.DailyRank, p.Daily)
		}
	}
	runs, err := db.Syncs(bg, 1)
	if err != nil || len(runs) != 1 || runs[0].Request != "daily trending" {
		t.Errorf("sync runs = %+v, %v", runs, err)
	}
}
