package zotero

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

var paper = store.Paper{ID: "2505.09343", Title: "Insights into DeepSeek-V3", Authors: []string{"Chenggang Zhao", "Ludwig van Beethoven", "Prince"},
	Published: "2025-05-14", Abstract: "We study\nthings.", Tags: []string{"moe", "to-read"}}

// newClient is a client of the fake that records the waits it is asked
// for instead of sleeping.
func newClient(t *testing.T, z *fetchtest.Zotero) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := New(z.URL, z.Key, z.UserID, "paperboy-test")
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.Sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return c, &waits
}

func TestAddAndDuplicate(t *testing.T) {
	z := fetchtest.NewZotero(t, "secret", "475425")
	c, _ := newClient(t, z)
	ctx := context.Background()
	out, err := c.Add(ctx, []store.Paper{paper})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || !out[0].Added || out[0].Key == "" || out[0].Err != nil || out[0].Version != 101 {
		t.Fatalf("outcome %+v", out)
	}
	items := z.Items()
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	d := items[0].Data
	for k, want := range map[string]any{"itemType": "preprint", "repository": "arXiv", "archiveID": "arXiv:2505.09343",
		"url": "https://arxiv.org/abs/2505.09343", "DOI": "10.48550/arXiv.2505.09343", "date": "2025-05-14",
		"abstractNote": "We study things.", "title": "Insights into DeepSeek-V3"} {
		if d[k] != want {
			t.Errorf("%s = %#v, want %#v", k, d[k], want)
		}
	}
	cr, _ := json.Marshal(d["creators"])
	if want := `[{"creatorType":"author","firstName":"Chenggang","lastName":"Zhao"},{"creatorType":"author","firstName":"Ludwig","lastName":"van Beethoven"},{"creatorType":"author","name":"Prince"}]`; string(cr) != want {
		t.Errorf("creators %s", cr)
	}
	tags, _ := json.Marshal(d["tags"])
	if string(tags) != `[{"tag":"moe"},{"tag":"to-read"}]` {
		t.Errorf("tags %s", tags)
	}
	reqs, _ := z.Requests()
	if len(reqs) != 2 || reqs[0].Method != "GET" || reqs[1].Method != "POST" {
		t.Fatalf("requests: %v", reqs)
	}
	if q := reqs[0].URL.Query(); q.Get("q") != "2505.09343" || q.Get("qmode") != "everything" {
		t.Errorf("lookup %s", reqs[0].URL)
	}
	w := reqs[1]
	if w.Header.Get("Zotero-API-Key") != "secret" || w.Header.Get("Zotero-API-Version") != "3" ||
		w.Header.Get("Content-Type") != "application/json" || len(w.Header.Get("Zotero-Write-Token")) != 32 {
		t.Errorf("write headers %v", w.Header)
	}

	// Twice: found, not written again.
	out, err = c.Add(ctx, []store.Paper{paper, paper})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Added || out[0].Key != items[0].Key || out[1].Key != items[0].Key {
		t.Fatalf("second add: %+v", out)
	}
	if n := len(z.Items()); n != 1 {
		t.Fatalf("%d items after adding twice", n)
	}
	reqs, _ = z.Requests()
	for _, r := range reqs[2:] {
		if r.Method != "GET" {
			t.Errorf("a second add wrote: %s %s", r.Method, r.URL)
		}
	}
}

// A paper added by Zotero's own connector (the URL of a version, no
// archive ID) or known by its DOI is found too; an item that only
// mentions the id is not the paper.
func TestFindOtherShapes(t *testing.T) {
	z := fetchtest.NewZotero(t, "secret", "1")
	c, _ := newClient(t, z)
	z.Put(map[string]any{"itemType": "journalArticle", "title": "Cites 2505.09343", "extra": "see 2505.09343 for more"})
	if key, err := c.Find(context.Background(), paper); err != nil || key != "" {
		t.Fatalf("a mention was taken for the paper: %q %v", key, err)
	}
	k := z.Put(map[string]any{"itemType": "preprint", "url": "https://arxiv.org/abs/2505.09343v2"})
	if key, err := c.Find(context.Background(), paper); err != nil || key != k {
		t.Fatalf("by URL: %q %v", key, err)
	}
	pub := store.Paper{ID: "0706.1234", DOI: "10.1103/PhysRevD.76.013009"}
	k = z.Put(map[string]any{"itemType": "journalArticle", "DOI": "10.1103/PhysRevD.76.013009"})
	if key, err := c.Find(context.Background(), pub); err != nil || key != k {
		t.Fatalf("by DOI: %q %v", key, err)
	}
}

func TestFailuresWriteNothing(t *testing.T) {
	ctx := context.Background()
	t.Run("bad key", func(t *testing.T) {
		z := fetchtest.NewZotero(t, "secret", "1")
		c, _ := newClient(t, z)
		c.APIKey = "wrong"
		_, err := c.Add(ctx, []store.Paper{paper})
		var ze *Error
		if !errors.As(err, &ze) || ze.Status != 403 || !strings.Contains(err.Error(), "Forbidden") ||
			!strings.Contains(err.Error(), "API key") {
			t.Fatalf("err = %v", err)
		}
		if len(z.Items()) != 0 {
			t.Fatal("written")
		}
	})
	t.Run("lookup fails", func(t *testing.T) {
		z := fetchtest.NewZotero(t, "secret", "1")
		c, _ := newClient(t, z)
		other := paper
		other.ID = "2505.00001"
		// The second paper's lookup fails: neither is written.
		z.Queue(fetchtest.ZoteroAnswer{Status: 200, Body: "[]"},
			fetchtest.ZoteroAnswer{Status: 500, Body: "An error occurred"})
		_, err := c.Add(ctx, []store.Paper{paper, other})
		if err == nil || !strings.Contains(err.Error(), "500") || !strings.Contains(err.Error(), "An error occurred") {
			t.Fatalf("err = %v", err)
		}
		reqs, _ := z.Requests()
		for _, r := range reqs {
			if r.Method == "POST" {
				t.Fatal("a write after a failed lookup")
			}
		}
	})
	t.Run("item refused", func(t *testing.T) {
		z := fetchtest.NewZotero(t, "secret", "1")
		c, _ := newClient(t, z)
		bad := paper
		bad.ID, bad.Title = "2505.00002", "REFUSE this"
		out, err := c.Add(ctx, []store.Paper{paper, bad})
		if err != nil {
			t.Fatal(err)
		}
		if !out[0].Added || out[1].Err == nil || !strings.Contains(out[1].Err.Error(), "Field value too long") {
			t.Fatalf("outcomes %+v", out)
		}
		if len(z.Items()) != 1 {
			t.Fatalf("%d items", len(z.Items()))
		}
	})
	t.Run("write token used", func(t *testing.T) {
		z := fetchtest.NewZotero(t, "secret", "1")
		c, _ := newClient(t, z)
		z.Queue(fetchtest.ZoteroAnswer{Status: 200, Body: "[]"},
			fetchtest.ZoteroAnswer{Status: 412, Body: "Write token already used"})
		_, err := c.Add(ctx, []store.Paper{paper})
		if err == nil || !strings.Contains(err.Error(), "412 Precondition Failed: Write token already used") {
			t.Fatalf("err = %v", err)
		}
		if len(z.Items()) != 0 {
			t.Fatal("written")
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		if _, err := New("", "", "1", ""); !errors.Is(err, ErrNoCredentials) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRateLimit(t *testing.T) {
	z := fetchtest.NewZotero(t, "secret", "1")
	c, waits := newClient(t, z)
	z.Queue(fetchtest.ZoteroAnswer{Status: 429, Header: http.Header{"Retry-After": {"7"}}, Body: "Too many requests"},
		fetchtest.ZoteroAnswer{Status: 200, Header: http.Header{"Backoff": {"3"}}, Body: "[]"})
	out, err := c.Add(context.Background(), []store.Paper{paper})
	if err != nil || !out[0].Added {
		t.Fatalf("%+v %v", out, err)
	}
	if len(*waits) != 2 || (*waits)[0] != 7*time.Second || (*waits)[1] <= 2*time.Second || (*waits)[1] > 3*time.Second {
		t.Fatalf("waits %v, want 7s for Retry-After then about 3s for Backoff", *waits)
	}
	// The write was sent once, after the waits.
	reqs, _ := z.Requests()
	if len(reqs) != 3 || reqs[2].Method != "POST" {
		t.Fatalf("%d requests", len(reqs))
	}

	// 503 with Retry-After (Zotero's answer while it is down for upkeep) is
	// waited out the same way.
	*waits = nil
	c.backoffUntil = time.Time{}
	z.Queue(fetchtest.ZoteroAnswer{Status: 503, Header: http.Header{"Retry-After": {"2"}}, Body: "Service Unavailable"})
	if key, err := c.Find(context.Background(), paper); err != nil || key == "" || len(*waits) != 1 || (*waits)[0] != 2*time.Second {
		t.Fatalf("after 503: %q %v, waits %v", key, err, *waits)
	}

	// A wait longer than the client waits is the answer, with Zotero's words.
	z.Queue(fetchtest.ZoteroAnswer{Status: 429, Header: http.Header{"Retry-After": {"3600"}}, Body: "Too many requests"})
	c.MaxWait = time.Minute
	*waits = nil
	c.backoffUntil = time.Time{}
	other := paper
	other.ID = "2505.00003"
	_, err = c.Add(context.Background(), []store.Paper{other})
	if err == nil || !strings.Contains(err.Error(), "429 Too Many Requests: Too many requests (retry after 3600 s)") {
		t.Fatalf("err = %v", err)
	}
	if len(*waits) != 0 || len(z.Items()) != 1 {
		t.Fatalf("waits %v, %d items", *waits, len(z.Items()))
	}
}
