package fetch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fastRetries shrinks a client's timings so retry tests take milliseconds.
func fastRetries(c *HTTPClient) {
	c.Backoff = time.Millisecond
	c.MaxBackoff = 5 * time.Millisecond
	c.RequestTimeout = 5 * time.Second
	c.GiveUpAfter = 10 * time.Second
	c.MaxTries = 3
}

func testHF(t testing.TB, base string) *HF {
	t.Helper()
	h, err := NewHF(base, "", "test")
	if err != nil {
		t.Fatal(err)
	}
	fastRetries(h.HTTP)
	// The tests of the package together make more requests than
	// Hugging Face's limit allows in five minutes; the limiter has a
	// test of its own.
	h.HTTP.Limit = nil
	return h
}

func testArxiv(t testing.TB, base string) *Arxiv {
	t.Helper()
	a, err := NewArxiv(base, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	fastRetries(a.HTTP)
	return a
}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newFakeServices serves the fixtures in testdata the way Hugging Face
// and arXiv answer (fetchtest's naming: hf_daily_DATE_pN.json,
// arxiv_cat_CAT_START.xml...).
func newFakeServices(t testing.TB) *fetchtest.Server {
	return fetchtest.NewServer(t).Fixtures("testdata")
}

// htmlServer answers every request as a proxy's error page would: HTML
// with status 200.
func htmlServer(t testing.TB) *fetchtest.Server {
	return fetchtest.NewServer(t).Handle(func(*fetchtest.Request) *fetchtest.Response {
		r := fetchtest.HTMLErrorPage
		return &r
	})
}

var bg = context.Background()

// safetextCheck fails when out, parsed from in, holds anything the
// sanitiser would have removed.
func safetextCheck(t *testing.T, in, out string) {
	t.Helper()
	if i := safetext.FirstUnsafe(out); i >= 0 {
		t.Fatalf("parsed %q from %q: unsafe at byte %d", out, in, i)
	}
}
