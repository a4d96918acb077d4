package fetch

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// TestSyncBadResponses serves every kind of broken answer a sync can get
// and checks that each one ends the sync with a clear error, within the
// client's time budget, in bounded memory, and without writing a paper.
func TestSyncBadResponses(t *testing.T) {
	const maxBody = 1 << 20
	good := `[{"paper":{"id":"2505.09343","title":"Fine"}}]`
	chunk := strings.Repeat(`{"paper":{"id":"2505.09343","title":"padding padding padding"}},`, 64)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr string
	}{
		{"larger than the cap, streamed", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("["))
			for range 64 << 20 / len(chunk) { // 64 MB if nobody stops reading
				if _, err := w.Write([]byte(chunk)); err != nil {
					return
				}
			}
		}, "response larger than 1 MB"},
		{"larger than the cap, announced", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1073741824")
			w.Write([]byte("[" + chunk))
		}, "response larger than 1 MB"},
		{"invalid UTF-8", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("[{\"paper\":{\"id\":\"2505.09343\",\"title\":\"caf\xe9\"}}]"))
		}, "invalid UTF-8 at byte 41"},
		{"upvotes a string", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`[{"paper":{"id":"2505.09343","upvotes":"many"}}]`))
		}, `field "paper.upvotes": got string, want number`},
		{"authors a string", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`[{"paper":{"id":"2505.09343","authors":"x"}}]`))
		}, `field "paper.authors": got string, want array`},
		{"paper a number", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`[{"paper":5}]`))
		}, `field "paper": got number, want object`},
		{"object instead of array", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"error":"Invalid date"}`))
		}, "got an object, want an array"},
		{"HTML error page with 200", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body>We'll be right back</body></html>"))
		}, "got HTML or XML, expected JSON"},
		{"429 with a short Retry-After", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "HTTP 429 after 2 tries"},
		{"429 with a Retry-After past the budget", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "HTTP 429"},
		{"stalls mid-body", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(good[:20]))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, "reading response: context deadline exceeded"},
		{"closes the connection mid-body", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"+good[:20])
		}, "unexpected EOF"},
		{"closes the connection before answering", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close()
		}, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			db := openDB(t)
			seed := store.Paper{ID: "2401.00001", Source: store.SourceArxiv, Title: "Kept"}
			if _, err := db.UpsertPapers(bg, []store.Paper{seed}); err != nil {
				t.Fatal(err)
			}
			if err := db.SetStarred(bg, seed.ID, true); err != nil {
				t.Fatal(err)
			}
			hf := testHF(t, srv.URL)
			hf.HTTP.MaxBody = maxBody
			hf.HTTP.MaxTries = 2
			hf.HTTP.RequestTimeout = 500 * time.Millisecond
			hf.HTTP.GiveUpAfter = 2 * time.Second
			s := &Syncer{DB: db, HF: hf}

			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := s.HFDate(bg, "2025-05-15")
			elapsed := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)

			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "/api/daily_papers") {
				t.Errorf("error does not name the request on one line: %q", msg)
			}
			if limit := hf.HTTP.GiveUpAfter + time.Second; elapsed > limit {
				t.Errorf("took %v, more than the %v budget", elapsed, limit)
			}
			// Memory is bounded by the cap, not by what the server sends.
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 16*maxBody {
				t.Errorf("allocated %d MB for a %d MB cap", grown>>20, maxBody>>20)
			}
			if n, err := db.CountPapers(bg); err != nil || n != 1 {
				t.Errorf("papers after a failed sync: %d, %v; want the 1 from before", n, err)
			}
			if _, err := db.Paper(bg, "2505.09343"); err == nil {
				t.Error("the broken response wrote a paper")
			}
			p, err := db.Paper(bg, seed.ID)
			if err != nil || p.Title != "Kept" || !p.Starred {
				t.Errorf("the paper from before changed: %#v, %v", p, err)
			}
		})
	}
}

func writeRaw(buf *bufio.ReadWriter, s string) {
	buf.WriteString(s)
	buf.Flush()
}
