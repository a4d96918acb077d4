package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestGetRetries(t *testing.T) {
	tests := []struct {
		name      string
		responses []int  // status per try; the last repeats
		retryHdr  string // Retry-After on failures
		wantTries int32
		wantErr   string // "" for success
	}{
		{"ok first time", []int{200}, "", 1, ""},
		{"429 then ok, Retry-After 0", []int{429, 200}, "0", 2, ""},
		{"429 then ok, Retry-After 1", []int{429, 200}, "1", 2, ""},
		{"502, 503 then ok", []int{502, 503, 200}, "", 3, ""},
		{"503 forever", []int{503}, "", 3, "HTTP 503 after 3 tries"},
		{"404 is not retried", []int{404}, "", 1, "HTTP 404"},
		{"400 is not retried", []int{400}, "", 1, "HTTP 400"},
		{"Retry-After beyond the budget gives up at once", []int{429}, "3600", 1, "HTTP 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tries atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(tries.Add(1))
				st := tt.responses[min(n, len(tt.responses))-1]
				if st != 200 {
					if tt.retryHdr != "" {
						w.Header().Set("Retry-After", tt.retryHdr)
					}
					w.WriteHeader(st)
					return
				}
				_, _ = w.Write([]byte("[]"))
			}))
			defer srv.Close()
			c := NewHTTPClient("t")
			fastRetries(c)
			body, err := c.Get(bg, mustURL(t, srv.URL+"/api/daily_papers?date=2025-05-15"), "date=2025-05-15")
			if got := tries.Load(); got != tt.wantTries {
				t.Errorf("tries = %d, want %d", got, tt.wantTries)
			}
			if tt.wantErr == "" {
				if err != nil || string(body) != "[]" {
					t.Fatalf("Get = %q, %v", body, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			host := strings.TrimPrefix(srv.URL, "http://")
			if want := host + "/api/daily_papers date=2025-05-15: "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %q, want prefix %q", err, want)
			}
		})
	}
}

func TestGetErrors(t *testing.T) {
	big := strings.Repeat("x", 2048)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		maxBody int64
		wantErr string
		tooBig  bool
	}{
		{
			name: "truncated body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				_, _ = w.Write([]byte(`[{"paper":`))
			},
			wantErr: "reading response",
		},
		{
			name: "declared size over the cap",
			handler: func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(big))
			},
			maxBody: 1024, wantErr: "response larger than 1024 bytes", tooBig: true,
		},
		{
			name: "streamed size over the cap",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				for range 4 {
					_, _ = w.Write([]byte(big))
					w.(http.Flusher).Flush()
				}
			},
			maxBody: 4096, wantErr: "response larger than 4096 bytes", tooBig: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := NewHTTPClient("t")
			fastRetries(c)
			if tt.maxBody > 0 {
				c.MaxBody = tt.maxBody
			}
			_, err := c.Get(bg, mustURL(t, srv.URL+"/x"), "")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if errors.Is(err, ErrTooLarge) != tt.tooBig {
				t.Errorf("errors.Is(err, ErrTooLarge) = %v, want %v", !tt.tooBig, tt.tooBig)
			}
		})
	}
}

func TestSizeCapMessage(t *testing.T) {
	c := NewHTTPClient("t")
	if got := c.tooLarge().Error(); !strings.HasPrefix(got, "response larger than 32 MB") {
		t.Errorf("default cap message = %q", got)
	}
}

func TestGetSendsHeaders(t *testing.T) {
	var ua, auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, auth = r.Header.Get("User-Agent"), r.Header.Get("Authorization")
		_, _ = w.Write([]byte("[]"))
	}))
	defer srv.Close()
	h, err := NewHF(srv.URL, "hf_secret", "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Daily(bg, DailyQuery{Date: "2025-05-15"}); err != nil {
		t.Fatal(err)
	}
	if want := "paperboy/1.2.3 (+https://github.com/paperboy-reader/paperboy)"; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
	if auth != "Bearer hf_secret" {
		t.Errorf("Authorization = %q", auth)
	}
}

func TestGetCancel(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := NewHTTPClient("t")
	fastRetries(c)
	ctx, cancel := context.WithCancel(bg)
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	_, err := c.Get(ctx, mustURL(t, srv.URL+"/x"), "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestGetCancelDuringBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := NewHTTPClient("t")
	c.Backoff, c.MaxBackoff = time.Hour, time.Hour
	c.GiveUpAfter = 2 * time.Hour
	ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, mustURL(t, srv.URL+"/x"), "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestOffline(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close() // nothing listens there now: connection refused
	c := NewHTTPClient("t")
	fastRetries(c)
	_, err := c.Get(bg, mustURL(t, u+"/api/daily_papers"), "")
	if err == nil || !IsOffline(err) {
		t.Fatalf("err = %v, IsOffline = false", err)
	}

	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"dns", &net.DNSError{Err: "no such host", Name: "huggingface.co", IsNotFound: true}, true},
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{"unreachable wrapped", errors.Join(errors.New("x"), syscall.ENETUNREACH), true},
		{"http status", &HTTPError{Where: "x", Status: 503, Tries: 3}, false},
		{"other", errors.New("invalid JSON"), false},
	}
	for _, tt := range tests {
		if got := IsOffline(tt.err); got != tt.want {
			t.Errorf("%s: IsOffline = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 5, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", -1},
		{"0", 0},
		{"7", 7 * time.Second},
		{"-3", 0},
		{"Thu, 15 May 2025 12:00:30 GMT", 30 * time.Second},
		{"Thu, 15 May 2025 11:00:00 GMT", 0},
		{"soon", -1},
		{"99999999999", 24 * time.Hour}, // clamped, not overflowed
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPace(t *testing.T) {
	c := NewHTTPClient("t")
	c.Delay = 30 * time.Millisecond
	start := time.Now()
	for range 3 {
		if err := c.pace(bg); err != nil {
			t.Fatal(err)
		}
	}
	// Three requests need at least two gaps; an upper bound would be a
	// timing assertion, so there is none.
	if el := time.Since(start); el < 60*time.Millisecond {
		t.Errorf("three paced requests took %v, want at least 60ms", el)
	}
}
