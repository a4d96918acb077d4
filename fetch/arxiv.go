package fetch

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/paperboy-reader/paperboy/store"
)

// DefaultArxivEndpoint is used when ARXIV_ENDPOINT is not set.
const DefaultArxivEndpoint = "https://export.arxiv.org"

// DefaultArxivDelay is the gap arXiv asks API clients to leave between
// requests.
const DefaultArxivDelay = 3 * time.Second

// ArxivBatch is how many ids one id_list look-up asks for.
const ArxivBatch = 100

// ArxivPageSize is the page size of category queries.
const ArxivPageSize = 100

// Arxiv is a client for the arXiv export API.
type Arxiv struct {
	Base     *url.URL
	HTTP     *HTTPClient
	PageSize int // max_results of category queries; 0 means ArxivPageSize
	Batch    int // ids per id_list look-up; 0 means ArxivBatch
}

func (a *Arxiv) pageSize() int {
	if a.PageSize > 0 {
		return a.PageSize
	}
	return ArxivPageSize
}

func (a *Arxiv) batch() int {
	if a.Batch > 0 {
		return a.Batch
	}
	return ArxivBatch
}

// NewArxiv returns a client for base (DefaultArxivEndpoint when empty)
// that leaves delay between requests.
func NewArxiv(base, version string, delay time.Duration) (*Arxiv, error) {
	if base == "" {
		base = DefaultArxivEndpoint
	}
	u, err := ParseBase(base)
	if err != nil {
		return nil, fmt.Errorf("arXiv endpoint: %w", err)
	}
	c := NewHTTPClient(UserAgent(version))
	c.Header.Set("Accept", "application/atom+xml")
	c.Delay = delay
	c.ErrorDetail = atomErrorText
	return &Arxiv{Base: u, HTTP: c}, nil
}

func (a *Arxiv) url(q url.Values) *url.URL {
	u := *a.Base
	u.Path = strings.TrimRight(u.Path, "/") + "/api/query"
	u.RawQuery = q.Encode()
	return &u
}

// AtomPage is one parsed arXiv API response.
type AtomPage struct {
	Papers  []store.Paper
	Total   int // opensearch:totalResults
	Start   int // opensearch:startIndex
	PerPage int // opensearch:itemsPerPage
	// Errors are the summaries of the feed's error entries (id
	// http://arxiv.org/api/errors#..., title "Error"), sanitised, e.g.
	// "incorrect id format for abc".
	Errors []string
}

// Query runs search (e.g. "cat:cs.AR"), newest submissions first, and
// returns the page of at most max papers starting at start.
func (a *Arxiv) Query(ctx context.Context, search string, start, max int) (AtomPage, error) {
	if max <= 0 {
		max = a.pageSize()
	}
	q := url.Values{
		"search_query": {search},
		"sortBy":       {"submittedDate"},
		"sortOrder":    {"descending"},
		"start":        {strconv.Itoa(start)},
		"max_results":  {strconv.Itoa(max)},
	}
	what := "search_query=" + search
	if start > 0 {
		what += " start=" + strconv.Itoa(start)
	}
	return a.get(ctx, a.url(q), what)
}

// Lookup fetches the arXiv records of ids (any form store.NormalizeID
// accepts), Batch (ArxivBatch) per request. Ids arXiv does not know are absent
// from the result.
func (a *Arxiv) Lookup(ctx context.Context, ids []string) ([]store.Paper, error) {
	var out []store.Paper
	for len(ids) > 0 {
		n := min(len(ids), a.batch())
		batch := make([]string, 0, n)
		for _, id := range ids[:n] {
			nid, err := store.NormalizeID(id)
			if err != nil {
				return out, err
			}
			batch = append(batch, nid)
		}
		ids = ids[n:]
		q := url.Values{
			"id_list":     {strings.Join(batch, ",")},
			"start":       {"0"},
			"max_results": {strconv.Itoa(len(batch))},
		}
		what := "id_list=" + batch[0]
		if len(batch) > 1 {
			what += fmt.Sprintf("…(%d ids)", len(batch))
		}
		page, err := a.get(ctx, a.url(q), what)
		if err != nil {
			return out, err
		}
		out = append(out, page.Papers...)
	}
	return out, nil
}

func (a *Arxiv) get(ctx context.Context, u *url.URL, what string) (AtomPage, error) {
	body, err := a.HTTP.Get(ctx, u, what)
	if err != nil {
		return AtomPage{}, err
	}
	page, err := ParseAtom(body)
	if err != nil {
		return AtomPage{}, fmt.Errorf("%s: %w", where(u, what), err)
	}
	// arXiv has answered a bad query with 200 and an error feed too: with
	// nothing else in it, it is an error, in arXiv's words.
	if len(page.Papers) == 0 && len(page.Errors) > 0 {
		return AtomPage{}, fmt.Errorf("%s: arXiv says: %s", where(u, what), errorLine(strings.Join(page.Errors, "; ")))
	}
	return page, nil
}

// atomErrorText reads what arXiv says with an unwanted status: the error
// entries of the Atom error feed it sends with a 400 ("incorrect id format
// for abc"), or a short plain-text answer ("Rate exceeded."). Markup that
// is no error feed (a proxy's HTML page) says nothing worth a line.
func atomErrorText(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] != '<' {
		if len(body) > 1000 {
			return ""
		}
		return string(body)
	}
	page, err := ParseAtom(body)
	if err != nil {
		return ""
	}
	return strings.Join(page.Errors, "; ")
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Total   string      `xml:"http://a9.com/-/spec/opensearch/1.1/ totalResults"`
	Start   string      `xml:"http://a9.com/-/spec/opensearch/1.1/ startIndex"`
	PerPage string      `xml:"http://a9.com/-/spec/opensearch/1.1/ itemsPerPage"`
	Entries []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomTerm struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID        string `xml:"http://www.w3.org/2005/Atom id"`
	Published string `xml:"http://www.w3.org/2005/Atom published"`
	Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
	Title     string `xml:"http://www.w3.org/2005/Atom title"`
	Summary   string `xml:"http://www.w3.org/2005/Atom summary"`
	Authors   []struct {
		Name         string   `xml:"http://www.w3.org/2005/Atom name"`
		Affiliations []string `xml:"http://arxiv.org/schemas/atom affiliation"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Primary    atomTerm   `xml:"http://arxiv.org/schemas/atom primary_category"`
	Categories []atomTerm `xml:"http://www.w3.org/2005/Atom category"`
	DOI        string     `xml:"http://arxiv.org/schemas/atom doi"`
	JournalRef string     `xml:"http://arxiv.org/schemas/atom journal_ref"`
	Comment    string     `xml:"http://arxiv.org/schemas/atom comment"`
}

// ParseAtom parses an arXiv API response. Anything that is not a complete
// Atom feed (an HTML error page, a truncated body) is an error; entries
// without a valid arXiv id, such as the API's error entries, are skipped.
func ParseAtom(data []byte) (AtomPage, error) {
	var feed atomFeed
	dec := xml.NewDecoder(bytes.NewReader(data))
	// The feed is declared UTF-8; accept a declared Latin-1 or ASCII too
	// rather than failing on a charset label, and let CleanText mend bytes.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&feed); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return AtomPage{}, fmt.Errorf("invalid Atom feed: %w", err)
		}
		return AtomPage{}, fmt.Errorf("not an Atom feed: %w", err)
	}
	page := AtomPage{
		Total:   atoi(feed.Total),
		Start:   atoi(feed.Start),
		PerPage: atoi(feed.PerPage),
	}
	for _, e := range feed.Entries {
		if strings.Contains(e.ID, "/api/errors") {
			if msg := safetext.Line(firstStr(e.Summary, e.Title)); msg != "" {
				page.Errors = append(page.Errors, msg)
			}
			continue
		}
		if p, ok := e.toPaper(); ok {
			page.Papers = append(page.Papers, p)
		}
	}
	return page, nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (e atomEntry) toPaper() (store.Paper, bool) {
	raw := strings.TrimSpace(e.ID)
	if i := strings.Index(raw, "/abs/"); i >= 0 {
		raw = raw[i+len("/abs/"):]
	}
	id, err := store.NormalizeID(raw)
	if err != nil {
		return store.Paper{}, false
	}
	p := store.Paper{
		ID:           id,
		Source:       store.SourceArxiv,
		Title:        safetext.Line(e.Title),
		Abstract:     safetext.Paragraphs(e.Summary),
		Published:    isoDate(e.Published),
		DOI:          safetext.Line(e.DOI),
		JournalRef:   safetext.Line(e.JournalRef),
		ArxivComment: safetext.Line(e.Comment),
		Version:      idVersion(raw),
	}
	// Atom's updated is the date of the version the entry describes, the
	// latest one; it means something only with a version number beside it.
	if p.Version > 0 {
		p.Revised = isoDate(e.Updated)
	}
	anyAffiliation := false
	var affiliations []string
	for _, a := range e.Authors {
		if name := safetext.Line(a.Name); name != "" {
			p.Authors = append(p.Authors, name)
			var affs []string
			for _, af := range a.Affiliations {
				if af = safetext.Line(af); af != "" {
					affs = append(affs, af)
				}
			}
			affiliations = append(affiliations, strings.Join(affs, "; "))
			anyAffiliation = anyAffiliation || len(affs) > 0
		}
	}
	if anyAffiliation {
		p.Affiliations = affiliations
	}
	terms := make([]string, 0, len(e.Categories)+1)
	terms = append(terms, e.Primary.Term)
	for _, c := range e.Categories {
		terms = append(terms, c.Term)
	}
	p.Categories = categories(terms)
	return p, true
}

// idVersion is the version number of an arXiv id with a version suffix
// ("2505.09343v3" → 3, "hep-th/9711200v2" → 2), or 0 without one.
func idVersion(raw string) int {
	i := strings.LastIndexByte(raw, 'v')
	if i < 0 || i == len(raw)-1 {
		return 0
	}
	n, err := strconv.Atoi(raw[i+1:])
	if err != nil || n <= 0 || n > 1000 {
		return 0
	}
	return n
}

// categories cleans and de-duplicates category terms, keeping the first
// (primary) one first.
func categories(terms []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		t = safetext.Line(t)
		if t == "" || strings.ContainsRune(t, ' ') || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
