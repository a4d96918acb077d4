package fulltext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
)

// Sources of a Text.
const (
	SourceHF    = "hf"
	SourceArxiv = "arxiv"
)

// DefaultArxivHTMLEndpoint serves /html/{id} when ARXIV_HTML_ENDPOINT is
// not set. It is not the API's host (export.arxiv.org): the HTML papers
// live on the main site.
const DefaultArxivHTMLEndpoint = "https://arxiv.org"

// Text is a paper's full text as Markdown, ready to store and to render
// with Glamour. Markdown has been through safetext.Text.
type Text struct {
	ID       string // normalised arXiv id, e.g. "2106.09685"
	Source   string // SourceHF or SourceArxiv
	URL      string // where it was downloaded from
	Markdown string
	Fetched  time.Time
}

// Client downloads full texts. HF and Arxiv are the project's HTTP client
// (timeouts, retries with backoff, Retry-After, size cap), one per service
// so each sends its own headers (the Hugging Face token goes to Hugging
// Face only) and arXiv's pacing (Delay) holds for every HTML page asked of
// it. The pace is this Client's: share one Client between callers (the
// reader, background downloads, the CLI) so they queue behind one another.
// It is not shared with fetch.Arxiv's API client, which talks to another
// host (export.arxiv.org). Fields may be changed before first use; after
// that a Client is safe for concurrent use.
type Client struct {
	HFBase    *url.URL // e.g. https://huggingface.co
	ArxivBase *url.URL // e.g. https://arxiv.org
	HF        *fetch.HTTPClient
	Arxiv     *fetch.HTTPClient
	Now       func() time.Time // nil means time.Now
}

// Options configure New. Empty endpoints take the defaults.
type Options struct {
	HFEndpoint        string // fetch.DefaultHFEndpoint when empty
	HFToken           string // sent as a bearer token to Hugging Face
	ArxivHTMLEndpoint string // DefaultArxivHTMLEndpoint when empty
	ArxivDelay        time.Duration
	Version           string // goes into the User-Agent
}

// New returns a Client for o.
func New(o Options) (*Client, error) {
	if o.HFEndpoint == "" {
		o.HFEndpoint = fetch.DefaultHFEndpoint
	}
	if o.ArxivHTMLEndpoint == "" {
		o.ArxivHTMLEndpoint = DefaultArxivHTMLEndpoint
	}
	hfBase, err := fetch.ParseBase(o.HFEndpoint)
	if err != nil {
		return nil, fmt.Errorf("hugging face endpoint: %w", err)
	}
	axBase, err := fetch.ParseBase(o.ArxivHTMLEndpoint)
	if err != nil {
		return nil, fmt.Errorf("arXiv HTML endpoint: %w", err)
	}
	ua := fetch.UserAgent(o.Version)
	hf := fetch.NewHTTPClient(ua)
	hf.Header.Set("Accept", "text/markdown, text/plain;q=0.9")
	if o.HFToken != "" {
		hf.Header.Set("Authorization", "Bearer "+o.HFToken)
	} else {
		hf.Limit = fetch.HFPageLimiter // a paper's Markdown is a page request
	}
	ax := fetch.NewHTTPClient(ua)
	ax.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9")
	ax.Delay = o.ArxivDelay
	return &Client{HFBase: hfBase, ArxivBase: axBase, HF: hf, Arxiv: ax}, nil
}

// ErrNotAvailable matches (errors.Is) FetchHF's and FetchArxiv's errors
// that say the source does not have the text: a 404, arXiv's page saying
// it has no HTML, Hugging Face's page about the paper in place of the
// paper. Only when both sources say so does Fetch return NoFullTextError.
var ErrNotAvailable = errors.New("not available")

// Fetch downloads the full text of paper id (any form store.NormalizeID
// accepts): Hugging Face's Markdown first, then arXiv's HTML converted to
// Markdown. When Hugging Face fails in any way (404, a broken response, a
// 5xx after retries, unreachable) arXiv is still asked, since either has
// the same paper. Errors:
//   - *NoFullTextError when both say they do not have it;
//   - *OfflineError when a source could not be reached and the other did
//     not give the text;
//   - otherwise the first real failure (a *BrokenError, a *fetch.HTTPError,
//     the context's error), wrapped as "full text ID: ...".
func (c *Client) Fetch(ctx context.Context, id string) (Text, error) {
	nid, err := store.NormalizeID(id)
	if err != nil {
		return Text{}, fmt.Errorf("full text: %w", err)
	}
	t, hfErr := c.FetchHF(ctx, nid)
	if hfErr == nil {
		return t, nil
	}
	if ctx.Err() != nil {
		return Text{}, fmt.Errorf("full text %s: %w", nid, ctx.Err())
	}
	t, axErr := c.FetchArxiv(ctx, nid)
	if axErr == nil {
		return t, nil
	}
	if ctx.Err() != nil {
		return Text{}, fmt.Errorf("full text %s: %w", nid, ctx.Err())
	}
	hfAbsent, axAbsent := errors.Is(hfErr, ErrNotAvailable), errors.Is(axErr, ErrNotAvailable)
	switch {
	case hfAbsent && axAbsent:
		return Text{}, &NoFullTextError{ID: nid}
	case fetch.IsOffline(hfErr) && (axAbsent || fetch.IsOffline(axErr)):
		return Text{}, &OfflineError{ID: nid, Err: hfErr}
	case fetch.IsOffline(axErr) && hfAbsent:
		return Text{}, &OfflineError{ID: nid, Err: axErr}
	case !hfAbsent && !fetch.IsOffline(hfErr):
		return Text{}, fmt.Errorf("full text %s: %w", nid, hfErr)
	default:
		return Text{}, fmt.Errorf("full text %s: %w", nid, axErr)
	}
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// FetchHF downloads {HF_ENDPOINT}/papers/{id}.md, the Markdown that
// huggingface_hub's read_paper and `hf papers read` return. A 404, or
// Hugging Face's page about the paper in place of the paper, matches
// ErrNotAvailable.
func (c *Client) FetchHF(ctx context.Context, id string) (Text, error) {
	id, err := store.NormalizeID(id)
	if err != nil {
		return Text{}, fmt.Errorf("full text: %w", err)
	}
	u := *c.HFBase
	u.Path = strings.TrimRight(u.Path, "/") + "/papers/" + id + ".md"
	body, err := c.HF.Get(ctx, &u, "")
	if err != nil {
		return Text{}, classify(SourceHF, &u, err)
	}
	if err := checkMarkdown(body); err != nil {
		return Text{}, &BrokenError{Source: SourceHF, Where: u.Host + u.Path, Reason: err.Error()}
	}
	md := CleanMarkdown(string(body))
	if strings.TrimSpace(md) == "" {
		return Text{}, &BrokenError{Source: SourceHF, Where: u.Host + u.Path, Reason: "no text"}
	}
	if paperPageOnly(md) {
		return Text{}, fmt.Errorf("%s: only the paper page, not the paper: %w", u.Host+u.Path, ErrNotAvailable)
	}
	return Text{ID: id, Source: SourceHF, URL: u.String(), Markdown: md, Fetched: c.now()}, nil
}

// FetchArxiv downloads {ARXIV_HTML_ENDPOINT}/html/{id} and converts the
// LaTeXML page to Markdown. A 404, or arXiv's page saying the paper has
// no HTML, matches ErrNotAvailable.
func (c *Client) FetchArxiv(ctx context.Context, id string) (Text, error) {
	id, err := store.NormalizeID(id)
	if err != nil {
		return Text{}, fmt.Errorf("full text: %w", err)
	}
	u := *c.ArxivBase
	u.Path = strings.TrimRight(u.Path, "/") + "/html/" + id
	body, err := c.Arxiv.Get(ctx, &u, "")
	if err != nil {
		return Text{}, classify(SourceArxiv, &u, err)
	}
	where := u.Host + u.Path
	if noHTMLPage(body) {
		return Text{}, fmt.Errorf("%s: arXiv has no HTML for this paper: %w", where, ErrNotAvailable)
	}
	if err := checkLaTeXML(body); err != nil {
		return Text{}, &BrokenError{Source: SourceArxiv, Where: where, Reason: err.Error()}
	}
	// A trailing slash makes relative image paths resolve inside the
	// paper's directory when the page has no <base>.
	page := u
	page.Path += "/"
	md, err := Convert(body, &page)
	if err != nil {
		return Text{}, &BrokenError{Source: SourceArxiv, Where: where, Reason: "cannot convert", Err: err}
	}
	if strings.TrimSpace(md) == "" {
		return Text{}, &BrokenError{Source: SourceArxiv, Where: where, Reason: "no text"}
	}
	return Text{ID: id, Source: SourceArxiv, URL: u.String(), Markdown: md, Fetched: c.now()}, nil
}

// classify turns the HTTP client's error into this package's terms: 404
// is absent, a cut or oversized body is broken, the rest (offline, 5xx,
// context) passes through unchanged.
func classify(source string, u *url.URL, err error) error {
	where := u.Host + u.Path
	switch {
	case errors.Is(err, fetch.ErrNotFound):
		return fmt.Errorf("%w: %w", err, ErrNotAvailable)
	case errors.Is(err, fetch.ErrTooLarge):
		return &BrokenError{Source: source, Where: where, Reason: "over the size cap", Err: err}
	case isTruncated(err):
		return &BrokenError{Source: source, Where: where, Reason: "body cut short", Err: err}
	}
	return err
}

func isTruncated(err error) bool {
	// Fewer bytes than Content-Length promised, or a chunked body ended
	// without its last chunk; the HTTP client has already retried it.
	return errors.Is(err, io.ErrUnexpectedEOF)
}

// checkMarkdown rejects what cannot be Hugging Face's Markdown: nothing,
// binary, or an HTML page (an error page or a portal served with 200).
func checkMarkdown(body []byte) error {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return errors.New("empty body")
	}
	if !utf8.Valid(t) || bytes.IndexByte(t, 0) >= 0 {
		return errors.New("not text")
	}
	if looksLikeHTML(t) {
		return errors.New("an HTML page where Markdown was expected")
	}
	return nil
}

func looksLikeHTML(t []byte) bool {
	head := t[:min(len(t), 512)]
	head = bytes.TrimLeft(head, "\ufeff \t\r\n")
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	return false
}

// pageMarkers are the parts of a Hugging Face paper page around a paper:
// its social sections and the CLI hint.
var pageMarkers = []string{
	"Models citing this paper", "Datasets citing this paper", "Spaces citing this paper",
	"Collections including this paper", "Get this paper in your agent",
}

// paperPageOnly recognises what /papers/{id}.md serves when arXiv has no
// HTML of the paper: Hugging Face's page about the paper (title, abstract,
// AI summary, community, the models and datasets citing it) rather than
// the paper. It has the page's sections and hardly any of its own, and no
// bibliography. Such a text is no full text, so arXiv is asked next.
func paperPageOnly(md string) bool {
	markers := 0
	for _, m := range pageMarkers {
		if strings.Contains(md, m) {
			markers++
		}
	}
	if markers < 2 || textdoc.References(md) != nil {
		return false
	}
	sections := 0
	for _, h := range textdoc.Outline(md) {
		if h.Level == 1 || isPageHeading(h.Title) {
			continue
		}
		sections++
	}
	return sections < 3
}

func isPageHeading(title string) bool {
	if strings.EqualFold(title, "Abstract") || strings.EqualFold(title, "Community") {
		return true
	}
	for _, m := range pageMarkers {
		if strings.HasPrefix(title, m) {
			return true
		}
	}
	return false
}

// noHTMLPage recognises the page arXiv serves for a paper without HTML
// (older papers, failed conversions): titled "No HTML for '…'" with the
// line "HTML is not available for the source." It may come with 404 or
// 200.
func noHTMLPage(body []byte) bool {
	if bytes.Contains(body, []byte("ltx_document")) {
		return false
	}
	return bytes.Contains(body, []byte("HTML is not available for the source")) ||
		bytes.Contains(body, []byte("No HTML for"))
}

// checkLaTeXML rejects a 200 that is not a whole LaTeXML paper: an error
// or portal page, or a body that stops before </html> (a connection closed
// early with no Content-Length to tell).
func checkLaTeXML(body []byte) error {
	if !bytes.Contains(body, []byte("ltx_document")) && !bytes.Contains(body, []byte("ltx_page_main")) {
		return errors.New("not a LaTeXML paper")
	}
	tail := bytes.ToLower(body[max(0, len(body)-4096):])
	if !bytes.Contains(tail, []byte("</html>")) {
		return errors.New("truncated page (no </html>)")
	}
	return nil
}

// clean is safetext.Text, the one sanitiser for remote text.
func clean(s string) string { return safetext.Text(s) }
