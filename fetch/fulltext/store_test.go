package fulltext

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/textdoc"
)

func fakeClient(t *testing.T, base string) *Client {
	t.Helper()
	c, err := New(Options{HFEndpoint: base, ArxivHTMLEndpoint: base, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []*fetch.HTTPClient{c.HF, c.Arxiv} {
		h.MaxTries = 2
		h.Backoff = 5 * time.Millisecond
		h.MaxBackoff = 10 * time.Millisecond
		h.GiveUpAfter = 10 * time.Second
		h.RequestTimeout = 5 * time.Second
	}
	return c
}

func starredDB(t *testing.T, ids ...string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "papers.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var st []store.UserState
	for i, id := range ids {
		// Starred one second apart, the first most recently.
		st = append(st, store.UserState{ID: id, Starred: true, StarredAt: time.Unix(int64(1000-i), 0)})
	}
	if _, err := db.ImportUserState(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return db
}

const (
	hfOnly    = "2106.09685" // Hugging Face has the Markdown
	arxivOnly = "2106.00001" // only arXiv has the HTML
	nowhere   = "1501.00001" // neither has it
	broken    = "2401.00002" // Hugging Face answers an error page with 200, arXiv 404
)

func fullTextServer(t *testing.T) *fetchtest.Server {
	return fetchtest.NewServer(t).FullTexts("testdata").Set("GET /papers/"+broken+".md", fetchtest.HTMLErrorPage)
}

func TestDownloadStoresOnlyWholeTexts(t *testing.T) {
	srv := fullTextServer(t)
	c := fakeClient(t, srv.URL)
	db := starredDB(t)
	ctx := context.Background()

	got, err := Download(ctx, c, db, "arXiv:"+arxivOnly+"v1")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.Text(ctx, arxivOnly)
	if err != nil || stored.Markdown != got.Markdown || stored.Source != SourceArxiv || got.URL != srv.URL+"/html/"+arxivOnly {
		t.Fatalf("stored %+v, %v; returned %+v", stored.Source, err, got.URL)
	}
	if len(textdoc.References(stored.Markdown)) == 0 {
		t.Error("the stored conversion lost its bibliography")
	}

	_, err = Download(ctx, c, db, nowhere)
	var none *NoFullTextError
	if !errors.As(err, &none) {
		t.Fatalf("Download(%s) = %v, want NoFullTextError", nowhere, err)
	}
	_, err = Download(ctx, c, db, broken)
	if !errors.Is(err, ErrBroken) {
		t.Fatalf("Download(%s) = %v, want a broken response", broken, err)
	}
	for _, id := range []string{nowhere, broken} {
		if has, err := db.HasText(ctx, id); has || err != nil {
			t.Errorf("%s: a text was stored (%v)", id, err)
		}
	}
}

func TestDownloadStarred(t *testing.T) {
	srv := fullTextServer(t)
	c := fakeClient(t, srv.URL)
	db := starredDB(t, hfOnly, nowhere, arxivOnly, broken)
	ctx := context.Background()
	var log []string
	n, err := DownloadStarred(ctx, c, db, func(done, total int, id string, err error) {
		outcome := "ok"
		switch {
		case errors.Is(err, ErrNoFullText):
			outcome = "none"
		case errors.Is(err, ErrBroken):
			outcome = "broken"
		case err != nil:
			outcome = err.Error()
		}
		log = append(log, fmt.Sprintf("%d/%d %s %s", done, total, id, outcome))
	})
	if err != nil || n != 2 {
		t.Fatalf("DownloadStarred = %d, %v", n, err)
	}
	want := []string{"1/4 " + hfOnly + " ok", "2/4 " + nowhere + " none", "3/4 " + arxivOnly + " ok", "4/4 " + broken + " broken"}
	if !slices.Equal(log, want) {
		t.Errorf("progress:\n%q\nwant\n%q", log, want)
	}
	left, _ := db.StarredWithoutText(ctx)
	if !slices.Equal(left, []string{nowhere, broken}) {
		t.Errorf("left without text: %v", left)
	}
	// Again: only those are asked for, and nothing more is stored.
	before := len(srv.Requests())
	if n, err := DownloadStarred(ctx, c, db, nil); n != 0 || err != nil {
		t.Errorf("second run = %d, %v", n, err)
	}
	for _, k := range srv.Requests()[before:] {
		if k == "GET /papers/"+hfOnly+".md" || k == "GET /html/"+arxivOnly {
			t.Errorf("asked again for a stored text: %s", k)
		}
	}
}

func TestDownloadStarredOffline(t *testing.T) {
	// Nothing listens on port 9 of localhost.
	c := fakeClient(t, "http://127.0.0.1:9")
	db := starredDB(t, hfOnly, arxivOnly)
	calls := 0
	n, err := DownloadStarred(context.Background(), c, db, func(done, total int, id string, err error) { calls++ })
	if !errors.Is(err, ErrOffline) || n != 0 || calls != 1 {
		t.Fatalf("offline: n %d, %d progress calls, err %v", n, calls, err)
	}
}
