package fetchtest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func TestFixturesAndDefaults(t *testing.T) {
	srv := NewServer(t).Fixtures("../testdata")
	code, h, body := get(t, srv.URL+"/api/daily_papers?date=2025-05-15&p=1&limit=2")
	if code != 200 || h.Get("Content-Type") != "application/json" || body != string(ReadFixture(t, "../testdata", "hf_daily_2025-05-15_p1.json")) {
		t.Errorf("daily page 1: %d %q %.60q", code, h.Get("Content-Type"), body)
	}
	if _, _, body := get(t, srv.URL+"/api/daily_papers?date=2001-01-01&p=0"); body != "[]" {
		t.Errorf("an unknown day: %q", body)
	}
	if _, h, body := get(t, srv.URL+"/api/query?search_query=cat:cs.XX&start=0"); !strings.Contains(body, "<feed") || h.Get("Content-Type") != "application/atom+xml" {
		t.Errorf("an unknown category: %q", body)
	}
	if code, _, _ := get(t, srv.URL+"/api/papers/2101.00001"); code != 404 {
		t.Errorf("an unknown paper: %d", code)
	}
	if code, _, body := get(t, srv.URL+"/api/papers/2505.09343"); code != 200 || !strings.Contains(body, "2505.09343") {
		t.Errorf("a known paper: %d %.60q", code, body)
	}
	get(t, srv.URL+"/api/query?id_list=2505.09343,2505.09388&max_results=2")
	get(t, srv.URL+"/api/papers/search?q=grpo")
	want := []string{"date=2025-05-15 p=1", "date=2001-01-01 p=0", "search_query=cat:cs.XX start=0",
		"paper=2101.00001", "paper=2505.09343", "id_list=2505.09343,2505.09388", "q=grpo"}
	if got := srv.Requests(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("requests %q, want %q", got, want)
	}
	if n := srv.Count(PaperInfo); n != 2 {
		t.Errorf("Count(PaperInfo) = %d", n)
	}
}

func TestSetFailAndRetryAfter(t *testing.T) {
	srv := NewServer(t)
	key := DailyKey("week=2025-W20", 0)
	srv.Set(key, Response{Status: 429, Header: http.Header{"Retry-After": {"2"}}, Times: 1})
	srv.Daily("week=2025-W20", 0, []byte(`[{"paper":{"id":"2505.00001"}}]`))
	code, h, _ := get(t, srv.URL+"/api/daily_papers?week=2025-W20&p=0")
	if code != 429 || h.Get("Retry-After") != "2" {
		t.Errorf("first: %d %q", code, h.Get("Retry-After"))
	}
	if code, _, body := get(t, srv.URL+"/api/daily_papers?week=2025-W20&p=0"); code != 200 || !strings.Contains(body, "2505.00001") {
		t.Errorf("second: %d %q", code, body)
	}
	srv.Fail("q=x", 503)
	if code, _, _ := get(t, srv.URL+"/api/papers/search?q=x"); code != 503 {
		t.Errorf("failed search: %d", code)
	}
}

func TestStallDelayTrickle(t *testing.T) {
	srv := NewServer(t)
	srv.Handle(func(r *Request) *Response {
		switch r.Kind {
		case Search:
			return &Response{Body: []byte(`[{"paper":`), Stall: true}
		case PaperInfo:
			return &Response{Body: []byte(strings.Repeat("x", 2000)), Trickle: 10 * time.Millisecond, Delay: 30 * time.Millisecond}
		}
		return nil
	})
	start := time.Now()
	if _, _, body := get(t, srv.URL+"/api/papers/1"); len(body) != 2000 || time.Since(start) < 60*time.Millisecond {
		t.Errorf("trickled %d bytes in %v", len(body), time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/papers/search?q=a", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	srv.WaitStalled(5 * time.Second)
	cancel()
	resp.Body.Close()
	if !srv.WaitReleased(5 * time.Second) {
		t.Errorf("%d answers still stalled after the client left", srv.Stalled())
	}
}

func TestListingAndJoin(t *testing.T) {
	b := JoinPages(t, ListingPage(0, 2), ListingPage(1, 2))
	if !strings.Contains(string(b), `"2505.00003"`) || strings.Count(string(b), `"paper"`) != 4 {
		t.Errorf("joined %s", b)
	}
}
