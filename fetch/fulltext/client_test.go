package fulltext

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
)

// services fakes Hugging Face and arXiv, each with its own handler and a
// log of the requests it saw.
type services struct {
	hf, ax *httptest.Server

	mu       sync.Mutex
	requests []seen
}

type seen struct {
	host, path, auth, accept string
	at                       time.Time
}

func newServices(t *testing.T, hf, ax http.HandlerFunc) (*services, *Client) {
	t.Helper()
	s := &services{}
	wrap := func(name string, h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.requests = append(s.requests, seen{name, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Accept"), time.Now()})
			s.mu.Unlock()
			h(w, r)
		}
	}
	s.hf = httptest.NewServer(wrap("hf", hf))
	s.ax = httptest.NewServer(wrap("arxiv", ax))
	t.Cleanup(s.hf.Close)
	t.Cleanup(s.ax.Close)
	c, err := New(Options{HFEndpoint: s.hf.URL, HFToken: "hf_secret", ArxivHTMLEndpoint: s.ax.URL, Version: "test"})
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
	return s, c
}

func (s *services) seen(host string) []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []seen
	for _, r := range s.requests {
		if r.host == host {
			out = append(out, r)
		}
	}
	return out
}

func serveFile(t *testing.T, path, contentType string) http.HandlerFunc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(b)
	}
}

func notFound(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

func TestFetchHuggingFaceMarkdown(t *testing.T) {
	s, c := newServices(t, serveFile(t, "testdata/hf_2106.09685.md", "text/markdown; charset=utf-8"), notFound)
	got, err := c.Fetch(context.Background(), "arXiv:2106.09685v2")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "2106.09685" || got.Source != SourceHF || got.Fetched.IsZero() || !strings.HasSuffix(got.URL, "/papers/2106.09685.md") {
		t.Errorf("Text = %+v", got)
	}
	reqs := s.seen("hf")
	if len(reqs) != 1 || reqs[0].path != "/papers/2106.09685.md" || reqs[0].auth != "Bearer hf_secret" || !strings.Contains(reqs[0].accept, "text/markdown") {
		t.Errorf("requests to Hugging Face: %+v", reqs)
	}
	if n := len(s.seen("arxiv")); n != 0 {
		t.Errorf("arXiv asked %d times though Hugging Face had the text", n)
	}
	md := got.Markdown
	wantContains(t, md,
		"## 1.1 Problem Statement",
		"$W\\_0 \\in \\mathbb{R}^{d\\times k}$",
		// The display block is joined onto one line.
		"$$\\max\\_{\\Phi}\\sum\\_{(x,y)\\in\\mathcal{Z}}\\sum\\_{t=1}^{\\|y\\|}\\log\\left(P\\_{\\Phi}(y\\_{t}\\|x,y\\_{\\<t})\\right)$$",
		// Raw HTML dropped, its text kept; code untouched.
		"Adapters add latency at inference [3].",
		"h = W0 @ x + B @ (A @ x)  # $not math$ <b>not html</b>",
		// A javascript: link is text, not a link.
		"[a trap]\\(javascript:alert(1))",
		"[the paper](https://arxiv.org/abs/2106.09685)",
	)
	wantNotContains(t, md, "<div", "<sup>")
	refs := textdoc.References(md)
	if len(refs) != 3 || refs[0].ArxivID != "2005.14165" || refs[1].ArxivID != "1706.03762" || refs[2].ArxivID != "" ||
		!strings.HasSuffix(refs[2].Text, "In ICML, 2019.") {
		t.Errorf("References = %+v", refs)
	}
	out := render(t, md)
	wantContains(t, out, "$W_0 \\in \\mathbb{R}^{d\\times k}$", "$P_{\\Phi}(y|x)$")
}

func TestFetchFallsBackToArxivHTML(t *testing.T) {
	s, c := newServices(t, notFound, serveFile(t, "testdata/arxiv_2106.00001.html", "text/html; charset=utf-8"))
	got, err := c.Fetch(context.Background(), "2106.00001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != SourceArxiv || got.URL != s.ax.URL+"/html/2106.00001" {
		t.Errorf("Text = %+v", got)
	}
	if reqs := s.seen("arxiv"); len(reqs) != 1 || reqs[0].path != "/html/2106.00001" || reqs[0].auth != "" || !strings.Contains(reqs[0].accept, "text/html") {
		t.Errorf("requests to arXiv: %+v (the Hugging Face token must not go there)", reqs)
	}
	// Images resolve against the page's <base href>, on the server asked.
	wantContains(t, got.Markdown, "[Image: x1.png]("+s.ax.URL+"/html/2106.00001v2/x1.png)", "$\\alpha$-entmax")
}

const noFullText = "no full text for 2106.00001: Hugging Face has no Markdown and arXiv no HTML; p opens the PDF"

func TestFetchNeitherHasIt(t *testing.T) {
	noHTML := serveFile(t, "testdata/arxiv_nohtml.html", "text/html")
	for name, ax := range map[string]http.HandlerFunc{
		"404":                   notFound,
		"no HTML page with 200": noHTML,
		"no HTML page with 404": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			noHTML(w, r)
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := newServices(t, notFound, ax)
			got, err := c.Fetch(context.Background(), "2106.00001")
			if err == nil || err.Error() != noFullText {
				t.Fatalf("Fetch = %+v, %v; want %q", got, err, noFullText)
			}
			var nf *NoFullTextError
			if !errors.As(err, &nf) || nf.ID != "2106.00001" || !errors.Is(err, ErrNoFullText) {
				t.Errorf("error %T does not say no full text", err)
			}
			if got.Markdown != "" {
				t.Errorf("text returned with the error: %q", got.Markdown)
			}
		})
	}
}

func TestFetchHuggingFacePaperPageIsNoText(t *testing.T) {
	page := serveFile(t, "testdata/hf_paperpage_1706.03762.md", "text/markdown")
	// arXiv has no HTML either: no full text, whatever Hugging Face's page says.
	_, c := newServices(t, page, serveFile(t, "testdata/arxiv_nohtml.html", "text/html"))
	if _, err := c.Fetch(context.Background(), "2106.00001"); err == nil || err.Error() != noFullText {
		t.Errorf("paper page and no HTML: %v", err)
	}
	// arXiv has HTML: that is the text.
	_, c = newServices(t, page, serveFile(t, "testdata/arxiv_2106.00001.html", "text/html"))
	if got, err := c.Fetch(context.Background(), "2106.00001"); err != nil || got.Source != SourceArxiv {
		t.Errorf("paper page and HTML: %q, %v", got.Source, err)
	}
	// A full paper that ends with the page's sections is still the paper.
	full, err := os.ReadFile("testdata/hf_2106.09685.md")
	if err != nil {
		t.Fatal(err)
	}
	tail := "\n## Models citing this paper 3\n\n## Datasets citing this paper 0\n"
	_, c = newServices(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(append(full, tail...)) }, notFound)
	if got, err := c.Fetch(context.Background(), "2106.09685"); err != nil || got.Source != SourceHF {
		t.Errorf("paper with page sections: %q, %v", got.Source, err)
	}
}

func TestFetchOffline(t *testing.T) {
	_, c := newServices(t, notFound, notFound)
	// Servers that are gone: connection refused.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c.HFBase, _ = fetch.ParseBase(dead.URL)
	c.ArxivBase, _ = fetch.ParseBase(dead.URL)
	_, err := c.Fetch(context.Background(), "2106.00001")
	var off *OfflineError
	if !errors.As(err, &off) || !errors.Is(err, ErrOffline) || errors.Is(err, ErrNoFullText) {
		t.Fatalf("Fetch error = %T %v, want an OfflineError", err, err)
	}
	if !strings.Contains(err.Error(), "full text 2106.00001: offline") {
		t.Errorf("message %q does not say offline", err)
	}

	// Hugging Face unreachable, arXiv without HTML: still offline, since
	// nothing is known of Hugging Face's copy.
	_, c = newServices(t, notFound, notFound)
	c.HFBase, _ = fetch.ParseBase(dead.URL)
	if _, err := c.Fetch(context.Background(), "2106.00001"); !errors.Is(err, ErrOffline) {
		t.Errorf("HF offline, arXiv 404: %v", err)
	}

	// Hugging Face unreachable, arXiv has it: the text.
	_, c = newServices(t, notFound, serveFile(t, "testdata/arxiv_2106.00001.html", "text/html"))
	c.HFBase, _ = fetch.ParseBase(dead.URL)
	if got, err := c.Fetch(context.Background(), "2106.00001"); err != nil || got.Source != SourceArxiv {
		t.Errorf("HF offline, arXiv has it: %+v, %v", got.Source, err)
	}
}

func TestFetchBrokenResponses(t *testing.T) {
	page, err := os.ReadFile("testdata/arxiv_2106.00001.html")
	if err != nil {
		t.Fatal(err)
	}
	errorPage := "<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head><body><h1>Something went wrong</h1></body></html>"
	cut := func(body string) http.HandlerFunc {
		// Promises more than it sends, then closes: the body is cut short.
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			_, _ = w.Write([]byte(body))
		}
	}
	text := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }
	}
	tests := []struct {
		name   string
		hf, ax http.HandlerFunc
		cap    int64
		reason string
	}{
		{"HTML error page with 200 for Markdown", text(errorPage), notFound, 0, "an HTML page where Markdown was expected"},
		{"empty Markdown", text("  \n"), notFound, 0, "empty body"},
		{"binary for Markdown", text("\x89PNG\r\n\x1a\n\x00\x00"), notFound, 0, "not text"},
		{"truncated Markdown", cut("# Title\n\nThe beginning"), notFound, 0, "body cut short"},
		{"Markdown over the cap", text(strings.Repeat("word ", 1000)), notFound, 1000, "over the size cap"},
		{"HTML error page with 200 for arXiv", notFound, text(errorPage), 0, "not a LaTeXML paper"},
		{"arXiv page without its end", notFound, text(string(page[:len(page)/2])), 0, "truncated page (no </html>)"},
		{"truncated arXiv page", notFound, cut(string(page[:2000])), 0, "body cut short"},
		{"arXiv page over the cap", notFound, text(string(page)), 1000, "over the size cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newServices(t, tt.hf, tt.ax)
			if tt.cap > 0 {
				c.HF.MaxBody, c.Arxiv.MaxBody = tt.cap, tt.cap
			}
			got, err := c.Fetch(context.Background(), "2106.00001")
			var be *BrokenError
			if !errors.As(err, &be) || !errors.Is(err, ErrBroken) {
				t.Fatalf("Fetch = %q, %v; want a BrokenError", got.Markdown, err)
			}
			if be.Reason != tt.reason || !strings.HasPrefix(err.Error(), "full text 2106.00001: ") {
				t.Errorf("error %q, reason %q; want reason %q", err, be.Reason, tt.reason)
			}
			if got.Markdown != "" {
				t.Errorf("text returned with the error: %q", got.Markdown)
			}
		})
	}

	// A broken Hugging Face answer does not hide arXiv's good copy.
	_, c := newServices(t, text(errorPage), serveFile(t, "testdata/arxiv_2106.00001.html", "text/html"))
	if got, err := c.Fetch(context.Background(), "2106.00001"); err != nil || got.Source != SourceArxiv {
		t.Errorf("HF broken, arXiv good: %q, %v", got.Source, err)
	}
}

func TestFetchHonoursRetryAfter(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	page := serveFile(t, "testdata/arxiv_2106.00001.html", "text/html")
	s, c := newServices(t, notFound, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		page(w, r)
	})
	got, err := c.Fetch(context.Background(), "2106.00001")
	if err != nil || got.Source != SourceArxiv {
		t.Fatalf("Fetch = %q, %v", got.Source, err)
	}
	reqs := s.seen("arxiv")
	if len(reqs) != 2 {
		t.Fatalf("%d requests to arXiv, want 2", len(reqs))
	}
	// The backoff alone is 5 ms: a gap of a second is Retry-After's.
	if gap := reqs[1].at.Sub(reqs[0].at); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1s", gap)
	}

	// A 429 that never ends is an error, not a missing text.
	_, c = newServices(t, notFound, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err = c.Fetch(context.Background(), "2106.00001")
	var he *fetch.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusTooManyRequests || errors.Is(err, ErrNoFullText) {
		t.Errorf("endless 429: %v", err)
	}
}

func TestFetchPacesArxiv(t *testing.T) {
	s, c := newServices(t, notFound, serveFile(t, "testdata/arxiv_2106.00001.html", "text/html"))
	c.Arxiv.Delay = 300 * time.Millisecond
	for _, id := range []string{"2106.00001", "2106.00002"} {
		if _, err := c.Fetch(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	reqs := s.seen("arxiv")
	if len(reqs) != 2 {
		t.Fatalf("%d requests to arXiv", len(reqs))
	}
	if gap := reqs[1].at.Sub(reqs[0].at); gap < 280*time.Millisecond {
		t.Errorf("arXiv asked twice %v apart, want at least the 300ms delay", gap)
	}
}

func TestFetchContextCancelled(t *testing.T) {
	_, c := newServices(t, notFound, notFound)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Fetch(ctx, "2106.00001"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Fetch: %v", err)
	}
}

func TestFetchBadID(t *testing.T) {
	_, c := newServices(t, notFound, notFound)
	if _, err := c.Fetch(context.Background(), "../../etc/passwd"); err == nil || !strings.Contains(err.Error(), "not an arXiv id") {
		t.Errorf("bad id: %v", err)
	}
}

func TestFetchOldStyleID(t *testing.T) {
	s, c := newServices(t, notFound, notFound)
	_, err := c.Fetch(context.Background(), "math.GT/0309136v1")
	if err == nil || err.Error() != "no full text for math/0309136: Hugging Face has no Markdown and arXiv no HTML; p opens the PDF" {
		t.Errorf("Fetch: %v", err)
	}
	if r := s.seen("arxiv"); len(r) != 1 || r[0].path != "/html/math/0309136" {
		t.Errorf("arXiv requests: %+v", r)
	}
}

func TestNewOptions(t *testing.T) {
	c, err := New(Options{HFEndpoint: "https://hf-mirror.example/", HFToken: "tok",
		ArxivHTMLEndpoint: "http://arxiv-mirror.example/base/", ArxivDelay: 250 * time.Millisecond, Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if c.HFBase.String() != "https://hf-mirror.example" || c.ArxivBase.String() != "http://arxiv-mirror.example/base" {
		t.Errorf("bases %s %s", c.HFBase, c.ArxivBase)
	}
	if c.Arxiv.Delay != 250*time.Millisecond || c.HF.Delay != 0 {
		t.Errorf("delays %v %v", c.Arxiv.Delay, c.HF.Delay)
	}
	if c.HF.Header.Get("Authorization") != "Bearer tok" || c.Arxiv.Header.Get("Authorization") != "" {
		t.Errorf("token headers %q %q", c.HF.Header.Get("Authorization"), c.Arxiv.Header.Get("Authorization"))
	}
	c, err = New(Options{})
	if err != nil || c.ArxivBase.String() != DefaultArxivHTMLEndpoint {
		t.Errorf("defaults: %v %v", err, c.ArxivBase)
	}
	for _, o := range []Options{{ArxivHTMLEndpoint: "ftp://x"}, {HFEndpoint: "not a url"}} {
		if _, err := New(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func TestCleanMarkdownHostile(t *testing.T) {
	in := "# Title\x1b]0;owned\x07\n\n" +
		"Text \x1b[31mred\x1b[0m \u202ereversed\u202c and <script>alert(1)</script> and <style>x</style>.\n\n" +
		"<img src=\"https://example.org/fig.png\" alt=\"Figure 2\"> <img src=\"javascript:alert(2)\">\n\n" +
		"<!-- hidden\ncomment --> after\n\n" +
		"[js](javascript:alert(3)) [data](data:text/html,x) [ok](https://example.org) <https://example.org/auto>\n\n" +
		"[ref]: javascript:alert(4)\n\n" +
		"Money: $5 and $10, math: $a_{i}*b_{j}*c$ and $$x_{1}$$.\n\n" +
		"Pre-escaped: $W\\_0 \\* W\\_1$ stays $W\\_0$.\n\n" +
		"```\n<b>kept</b> $a_b$\n```\n"
	md := CleanMarkdown(in)
	if i := safetext.FirstUnsafe(md); i >= 0 {
		t.Fatalf("unsafe at %d: %q", i, md[max(0, i-10):])
	}
	wantContains(t, md,
		"# Title\n",
		"Text red reversed and alert(1) and x.",
		"[Image: Figure 2](https://example.org/fig.png)",
		" after",
		"[js]\\(javascript:alert(3))", "[data]\\(data:text/html,x)", "[ok](https://example.org)", "<https://example.org/auto>",
		"\\[ref]: javascript:alert(4)",
		"Money: $5 and $10, math: $a\\_{i}\\*b\\_{j}\\*c$ and $$x\\_{1}$$.",
		"Pre-escaped: $W\\_0 \\* W\\_1$ stays $W\\_0$.",
		"```\n<b>kept</b> $a_b$\n```",
	)
	wantNotContains(t, md, "owned", "<script", "<img", "hidden", "comment -->")
	out := render(t, md)
	wantContains(t, out, "$a_{i}*b_{j}*c$", "$$x_{1}$$", "$W_0 * W_1$", "javascript:alert(3)")
}

func TestFetchServerErrors(t *testing.T) {
	unavailable := func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }
	page := serveFile(t, "testdata/arxiv_2106.00001.html", "text/html")
	// Hugging Face failing is no reason not to read arXiv's copy.
	_, c := newServices(t, unavailable, page)
	if got, err := c.Fetch(context.Background(), "2106.00001"); err != nil || got.Source != SourceArxiv {
		t.Errorf("HF 503, arXiv good: %q, %v", got.Source, err)
	}
	// But when arXiv has none, nothing is known of Hugging Face's: an
	// error, not "no full text".
	s, c := newServices(t, unavailable, notFound)
	_, err := c.Fetch(context.Background(), "2106.00001")
	var he *fetch.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable || errors.Is(err, ErrNoFullText) {
		t.Errorf("HF 503, arXiv 404: %v", err)
	}
	if n := len(s.seen("hf")); n != 2 {
		t.Errorf("Hugging Face asked %d times, want 2 (retried once)", n)
	}
	_, c = newServices(t, notFound, unavailable)
	if _, err := c.Fetch(context.Background(), "2106.00001"); !errors.As(err, &he) || errors.Is(err, ErrNoFullText) ||
		!strings.HasPrefix(err.Error(), "full text 2106.00001: ") {
		t.Errorf("HF 404, arXiv 503: %v", err)
	}
}

func TestFetchOneSource(t *testing.T) {
	s, c := newServices(t, notFound, serveFile(t, "testdata/arxiv_nohtml.html", "text/html"))
	if _, err := c.FetchHF(context.Background(), "2106.00001"); !errors.Is(err, ErrNotAvailable) {
		t.Errorf("FetchHF 404: %v", err)
	}
	if _, err := c.FetchArxiv(context.Background(), "arXiv:2106.00001v3"); !errors.Is(err, ErrNotAvailable) {
		t.Errorf("FetchArxiv without HTML: %v", err)
	}
	// Ids are normalised here too: nothing but an arXiv id reaches a path.
	for _, bad := range []string{"../../admin", "2106.00001/../../x", ""} {
		if _, err := c.FetchHF(context.Background(), bad); err == nil || errors.Is(err, ErrNotAvailable) {
			t.Errorf("FetchHF(%q): %v", bad, err)
		}
		if _, err := c.FetchArxiv(context.Background(), bad); err == nil || errors.Is(err, ErrNotAvailable) {
			t.Errorf("FetchArxiv(%q): %v", bad, err)
		}
	}
	if r := s.seen("arxiv"); len(r) != 1 || r[0].path != "/html/2106.00001" {
		t.Errorf("arXiv requests: %+v", r)
	}
}
