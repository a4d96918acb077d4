// Package fetchtest is a fake Hugging Face and arXiv for tests, in the
// style of net/http/httptest: a local HTTP server answering the requests
// the fetch package makes, in the shapes of the real APIs.
//
//   - GET /api/daily_papers?date=YYYY-MM-DD|week=YYYY-Www|month=YYYY-MM&p=&limit=
//   - GET /api/papers/search?q=&limit=
//   - GET /api/daily_papers?sort=trending&p=&limit= (no day: what trends now)
//   - GET /api/papers/{id}
//   - GET /api/arxiv/{id}/repos
//   - GET /api/query?id_list=... or ?search_query=cat:...&start=&max_results=
//     (arXiv, Atom)
//
// Each request is answered by the first of: a handler set with Handle, a
// response set with Set or Fail for its Key, a fixture file from the
// directory set with Fixtures, and a default (an empty listing or feed,
// or 404 for a paper or search nobody set). The server counts what it is
// asked and can delay, stall, trickle or fail any answer.
//
// Fixture files are named as in fetch/testdata:
//
//	hf_daily_<date>_p<p>.json   hf_week_<week>_p<p>.json   hf_month_<month>_p<p>.json
//	hf_search.json              hf_paper_<id>.json
//	hf_trending_p<p>.json       hf_repos_<id>.json
//	arxiv_idlist.xml            arxiv_cat_<category>_<start>.xml
package fetchtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Kind is which API a request is for.
type Kind string

const (
	Daily     Kind = "daily"  // /api/daily_papers
	Search    Kind = "search" // /api/papers/search
	PaperInfo Kind = "paper"  // /api/papers/{id}
	Repos     Kind = "repos"  // /api/arxiv/{id}/repos
	Arxiv     Kind = "arxiv"  // /api/query
	Unknown   Kind = "unknown"
)

// Request is one request as the fake understood it.
type Request struct {
	Kind Kind
	// Daily papers: one of Date, Week, Month; the page and its size.
	Date, Week, Month string
	Page, Limit       int
	Sort              string // sort: "publishedAt", "trending" or ""
	Query             string // search: q
	ID                string // paper info, repos: the id in the path
	// arXiv: an id_list look-up or a search_query (cat:...) page.
	IDList, SearchQuery string
	Start, MaxResults   int
	HTTP                *http.Request
}

func parse(r *http.Request) *Request {
	q := r.URL.Query()
	num := func(k string) int { n, _ := strconv.Atoi(q.Get(k)); return n }
	req := &Request{Kind: Unknown, HTTP: r}
	switch p := r.URL.Path; {
	case p == "/api/daily_papers":
		req.Kind = Daily
		req.Date, req.Week, req.Month = q.Get("date"), q.Get("week"), q.Get("month")
		req.Page, req.Limit, req.Sort = num("p"), num("limit"), q.Get("sort")
	case p == "/api/papers/search":
		req.Kind, req.Query, req.Limit = Search, q.Get("q"), num("limit")
	case strings.HasPrefix(p, "/api/arxiv/") && strings.HasSuffix(p, "/repos"):
		req.Kind, req.ID = Repos, strings.TrimSuffix(strings.TrimPrefix(p, "/api/arxiv/"), "/repos")
	case strings.HasPrefix(p, "/api/papers/"):
		req.Kind, req.ID = PaperInfo, strings.TrimPrefix(p, "/api/papers/")
	case p == "/api/query":
		req.Kind = Arxiv
		req.IDList, req.SearchQuery = q.Get("id_list"), q.Get("search_query")
		req.Start, req.MaxResults = num("start"), num("max_results")
	}
	return req
}

// Key names a request for Set, Fail and Requests:
//
//	date=2025-05-15 p=1   week=2025-W20 p=0   month=2025-05 p=0   trending p=0
//	q=<search>   paper=<id>   repos=<id>   id_list=<ids>   search_query=cat:cs.AR start=0
func (r *Request) Key() string {
	switch r.Kind {
	case Daily:
		return DailyKey(r.day(), r.Page)
	case Search:
		return "q=" + r.Query
	case PaperInfo:
		return "paper=" + r.ID
	case Repos:
		return "repos=" + r.ID
	case Arxiv:
		if r.IDList != "" {
			return "id_list=" + r.IDList
		}
		return "search_query=" + r.SearchQuery + " start=" + strconv.Itoa(r.Start)
	}
	return r.HTTP.Method + " " + r.HTTP.URL.Path
}

// day is the daily listing's selector: "date=...", "week=..." or "month=...".
func (r *Request) day() string {
	switch {
	case r.Week != "":
		return "week=" + r.Week
	case r.Month != "":
		return "month=" + r.Month
	case r.Date == "" && r.Sort == "trending":
		return "trending"
	}
	return "date=" + r.Date
}

// DailyKey is the Key of page p of a daily listing; day is "2025-05-15"
// or a selector such as "week=2025-W20", or "trending".
func DailyKey(day string, p int) string {
	if !strings.Contains(day, "=") && day != "trending" {
		day = "date=" + day
	}
	return day + " p=" + strconv.Itoa(p)
}

// Response is how the fake answers.
type Response struct {
	Status      int    // 0 means 200
	ContentType string // "" means the API's own
	Header      http.Header
	Body        []byte
	// Delay waits before answering (cut short if the client leaves).
	Delay time.Duration
	// Trickle writes the body a piece at a time, this long apart: a slow page.
	Trickle time.Duration
	// Stall writes the headers and Body, then hangs until the client
	// gives up or the server closes: a stalled transfer.
	Stall bool
	// Times limits a response set with Set to the next Times requests;
	// 0 means every request.
	Times int
}

// JSON is a 200 response of b as JSON.
func JSON(b []byte) Response { return Response{Body: b, ContentType: "application/json"} }

// Atom is a 200 response of b as an Atom feed.
func Atom(b []byte) Response { return Response{Body: b, ContentType: "application/atom+xml"} }

// Status is an empty response with the status.
func Status(code int) Response { return Response{Status: code} }

// RetryAfter is a response with the status (429 or 503) and a
// Retry-After header of the value ("1", or an HTTP date).
func RetryAfter(code int, value string) Response {
	return Response{Status: code, Header: http.Header{"Retry-After": {value}}}
}

// HTMLErrorPage is what a captive portal or proxy answers: HTML with
// status 200.
var HTMLErrorPage = Response{ContentType: "text/html",
	Body: []byte("<!DOCTYPE html>\n<html><head><title>502</title></head><body>Bad gateway</body></html>")}

// EmptyFeed is an arXiv answer with no entries.
const EmptyFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=cat:cs.AR&amp;id_list=&amp;start=4&amp;max_results=2</title>
  <id>http://arxiv.org/api/empty</id>
  <updated>2025-05-16T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">3</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">4</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:itemsPerPage>
</feed>
`

// Server is the fake. Its URL is the base for both HF_ENDPOINT and
// ARXIV_ENDPOINT.
type Server struct {
	*httptest.Server
	t testing.TB

	mu       sync.Mutex
	dir      string
	delay    time.Duration
	handlers []func(*Request) *Response
	set      map[string][]*Response
	reqs     []*Request
	stalled  int
	stallCh  chan struct{} // closed and replaced whenever stalled changes
	closing  chan struct{}
	once     sync.Once
}

// NewServer starts a fake that knows nothing yet: every daily listing
// and arXiv query is empty. It closes at the test's cleanup.
func NewServer(t testing.TB) *Server {
	s := &Server{t: t, set: map[string][]*Response{}, stallCh: make(chan struct{}), closing: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Close ends stalled answers and shuts the server down.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.Server.Close()
	})
}

// Fixtures answers from the fixture files in dir (see the package doc).
func (s *Server) Fixtures(dir string) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir = dir
	return s
}

// Delay holds every answer for d.
func (s *Server) Delay(d time.Duration) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
	return s
}

// Handle adds h, asked first about every request; a nil answer leaves
// the request to the next handler, Set, the fixtures and the defaults.
func (s *Server) Handle(h func(*Request) *Response) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers = append(s.handlers, h)
	return s
}

// Set answers requests with key (see Request.Key) with r; responses set
// for one key are used in order, a limited one (Times) giving way to the
// next once used up.
func (s *Server) Set(key string, r Response) *Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set[key] = append(s.set[key], &r)
	return s
}

// Fail answers requests with key with an empty response of the status.
func (s *Server) Fail(key string, status int) *Server { return s.Set(key, Status(status)) }

// Daily answers page p of day's listing (a date, or "week=..." or
// "month=...") with body.
func (s *Server) Daily(day string, p int, body []byte) *Server {
	return s.Set(DailyKey(day, p), JSON(body))
}

// Arxiv answers every arXiv query that nothing else answers with feed.
func (s *Server) Arxiv(feed []byte) *Server {
	return s.Handle(func(r *Request) *Response {
		if r.Kind != Arxiv {
			return nil
		}
		a := Atom(feed)
		return &a
	})
}

// Requests is the Key of every request so far, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, len(s.reqs))
	for i, r := range s.reqs {
		keys[i] = r.Key()
	}
	return keys
}

// Count is how many requests of the kind came so far.
func (s *Server) Count(kind Kind) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if r.Kind == kind {
			n++
		}
	}
	return n
}

// Stalled is how many answers are stalled now (Response.Stall).
func (s *Server) Stalled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stalled
}

// WaitStalled waits up to d for an answer to be stalled, failing the
// test if none is.
func (s *Server) WaitStalled(d time.Duration) {
	s.t.Helper()
	if !s.waitStalled(d, func(n int) bool { return n > 0 }) {
		s.t.Fatalf("no answer stalled within %v; requests: %q", d, s.Requests())
	}
}

// WaitReleased waits up to d for every stalled answer to end (its client
// gone or the server closed) and reports whether they did.
func (s *Server) WaitReleased(d time.Duration) bool {
	return s.waitStalled(d, func(n int) bool { return n == 0 })
}

// waitStalled waits up to d until ok holds for the number of stalled
// answers, woken by each change of it.
func (s *Server) waitStalled(d time.Duration, ok func(stalled int) bool) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		s.mu.Lock()
		n, changed := s.stalled, s.stallCh
		s.mu.Unlock()
		if ok(n) {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		}
	}
}

// addStalled counts an answer into or out of its stall and wakes the
// waits.
func (s *Server) addStalled(delta int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stalled += delta
	close(s.stallCh)
	s.stallCh = make(chan struct{})
}

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	r := parse(hr)
	s.mu.Lock()
	s.reqs = append(s.reqs, r)
	handlers, delay := s.handlers, s.delay
	s.mu.Unlock()
	var resp *Response
	for _, h := range handlers {
		if resp = h(r); resp != nil {
			break
		}
	}
	if resp == nil {
		resp = s.fromSet(r.Key())
	}
	if resp == nil {
		resp = s.fromFixtures(r)
	}
	if resp == nil {
		resp = defaultResponse(r)
	}
	if !s.wait(hr, delay+resp.Delay) {
		return
	}
	s.write(w, hr, r, resp)
}

func (s *Server) fromSet(key string) *Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The first answer set for the key serves; one set for a number of
	// times goes once they are used up.
	list := s.set[key]
	if len(list) == 0 {
		return nil
	}
	r := list[0]
	if r.Times > 0 {
		r.Times--
		if r.Times == 0 {
			s.set[key] = list[1:]
		}
	}
	return r
}

// fixture is the file answering r by the naming convention.
func fixture(r *Request) string {
	switch r.Kind {
	case Daily:
		switch {
		case r.Week != "":
			return fmt.Sprintf("hf_week_%s_p%d.json", r.Week, r.Page)
		case r.Month != "":
			return fmt.Sprintf("hf_month_%s_p%d.json", r.Month, r.Page)
		case r.Date == "" && r.Sort == "trending":
			return fmt.Sprintf("hf_trending_p%d.json", r.Page)
		}
		return fmt.Sprintf("hf_daily_%s_p%d.json", r.Date, r.Page)
	case Search:
		return "hf_search.json"
	case PaperInfo:
		return "hf_paper_" + r.ID + ".json"
	case Repos:
		return "hf_repos_" + r.ID + ".json"
	case Arxiv:
		if r.IDList != "" {
			return "arxiv_idlist.xml"
		}
		return fmt.Sprintf("arxiv_cat_%s_%d.xml", strings.TrimPrefix(r.SearchQuery, "cat:"), r.Start)
	}
	return ""
}

func (s *Server) fromFixtures(r *Request) *Response {
	s.mu.Lock()
	dir := s.dir
	s.mu.Unlock()
	name := fixture(r)
	if dir == "" || name == "" || strings.ContainsAny(name, `/\`) {
		return nil
	}
	return s.file(dir, name, "")
}

// file answers with a fixture file, nil when there is none.
func (s *Server) file(dir, name, contentType string) *Response {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		s.t.Error(err)
		return &Response{Status: http.StatusInternalServerError}
	}
	return &Response{Body: b, ContentType: contentType}
}

func defaultResponse(r *Request) *Response {
	switch r.Kind {
	case Daily:
		return &Response{Body: []byte("[]")}
	case Arxiv:
		return &Response{Body: []byte(EmptyFeed)}
	}
	return &Response{Status: http.StatusNotFound, ContentType: "text/plain", Body: []byte("404 page not found\n")}
}

// wait waits d unless the client leaves or the server closes first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

func (s *Server) write(w http.ResponseWriter, hr *http.Request, r *Request, resp *Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	ct := resp.ContentType
	if ct == "" {
		switch r.Kind {
		case Daily, Search, PaperInfo:
			ct = "application/json"
		case Arxiv:
			ct = "application/atom+xml"
		}
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	body := resp.Body
	if resp.Trickle > 0 {
		const piece = 512
		for len(body) > piece {
			w.Write(body[:piece])
			w.(http.Flusher).Flush()
			body = body[piece:]
			if !s.wait(hr, resp.Trickle) {
				return
			}
		}
	}
	w.Write(body)
	if !resp.Stall {
		return
	}
	w.(http.Flusher).Flush()
	s.addStalled(1)
	defer s.addStalled(-1)
	select {
	case <-hr.Context().Done():
	case <-s.closing:
	}
}

// ReadFixture reads a fixture file, failing the test if it cannot.
func ReadFixture(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// JoinPages joins daily-papers pages (JSON arrays) into one array.
func JoinPages(t testing.TB, pages ...[]byte) []byte {
	t.Helper()
	var all []json.RawMessage
	for _, page := range pages {
		var items []json.RawMessage
		if err := json.Unmarshal(page, &items); err != nil {
			t.Fatal(err)
		}
		all = append(all, items...)
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ListingPage is page p of a long generated daily listing: n papers with
// ids 2505.<p*n+i>, titled "Listed paper <k>", upvotes i.
func ListingPage(p, n int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"paper":{"id":"2505.%05d","title":"Listed paper %d","summary":"Page %d of a long listing.","authors":[{"name":"A. Author"}],"upvotes":%d,"publishedAt":"2025-05-14T00:00:00.000Z"},"numComments":1}`,
			p*n+i, p*n+i, p, i)
	}
	b.WriteString("]")
	return []byte(b.String())
}
