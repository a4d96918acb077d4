package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// DefaultHFEndpoint is used when HF_ENDPOINT is not set.
const DefaultHFEndpoint = "https://huggingface.co"

// HFPageSize is the page size asked of /api/daily_papers.
const HFPageSize = 100

// HF is a client for the Hugging Face papers API.
type HF struct {
	Base     *url.URL // e.g. https://huggingface.co
	HTTP     *HTTPClient
	PageSize int // daily_papers limit; 0 means HFPageSize
}

// NewHF returns a client for base (DefaultHFEndpoint when empty). A
// non-empty token is sent as a bearer token.
func NewHF(base, token, version string) (*HF, error) {
	if base == "" {
		base = DefaultHFEndpoint
	}
	u, err := ParseBase(base)
	if err != nil {
		return nil, fmt.Errorf("hugging face endpoint: %w", err)
	}
	c := NewHTTPClient(UserAgent(version))
	c.Header.Set("Accept", "application/json")
	c.ErrorDetail = hfErrorText
	if token == "" {
		c.Limit = HFLimiter // a token's limits are the account's
	}
	if token != "" {
		c.Header.Set("Authorization", "Bearer "+token)
	}
	return &HF{Base: u, HTTP: c}, nil
}

// hfErrorText reads the message of a Hugging Face error body,
// {"error": "..."}; "" for anything else.
func hfErrorText(body []byte) string {
	var e struct {
		Error jstr `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return string(e.Error)
}

// ParseBase checks a service's base URL (http or https, with a host) and
// drops a trailing slash: every endpoint variable goes through it.
func ParseBase(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", s)
	}
	return u, nil
}

func (h *HF) url(path string, q url.Values) *url.URL {
	u := *h.Base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = q.Encode()
	return &u
}

// DailyQuery selects one page of /api/daily_papers. Exactly one of Date
// (YYYY-MM-DD), Week (YYYY-Www) or Month (YYYY-MM) is normally set; with
// none, Hugging Face answers with its current list.
type DailyQuery struct {
	Date, Week, Month string
	Sort              string // "publishedAt" or "trending"; "" for the service default
	Page              int    // p, from 0
	Limit             int    // 0 means HFPageSize
}

// What is the query's distinguishing part, for messages and sync records.
func (q DailyQuery) What() string {
	switch {
	case q.Date != "":
		return "date=" + q.Date
	case q.Week != "":
		return "week=" + q.Week
	case q.Month != "":
		return "month=" + q.Month
	}
	return "latest"
}

func (q DailyQuery) values() url.Values {
	v := url.Values{}
	switch {
	case q.Date != "":
		v.Set("date", q.Date)
	case q.Week != "":
		v.Set("week", q.Week)
	case q.Month != "":
		v.Set("month", q.Month)
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	v.Set("p", strconv.Itoa(q.Page))
	limit := q.Limit
	if limit <= 0 {
		limit = HFPageSize
	}
	v.Set("limit", strconv.Itoa(limit))
	return v
}

// Daily fetches one page of Daily Papers.
func (h *HF) Daily(ctx context.Context, q DailyQuery) ([]store.Paper, error) {
	papers, _, err := h.daily(ctx, q)
	return papers, err
}

// daily also returns the number of entries on the page, skipped ones
// included, which is what tells a short (last) page.
func (h *HF) daily(ctx context.Context, q DailyQuery) ([]store.Paper, int, error) {
	u := h.url("/api/daily_papers", q.values())
	what := q.What()
	if q.Page > 0 {
		what += " p=" + strconv.Itoa(q.Page)
	}
	body, err := h.HTTP.Get(ctx, u, what)
	if err != nil {
		return nil, 0, err
	}
	papers, n, err := parseHF(body, q.Date)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", where(u, what), err)
	}
	return papers, n, nil
}

// Search runs /api/papers/search. limit 0 leaves the page size to the
// service.
func (h *HF) Search(ctx context.Context, query string, limit int) ([]store.Paper, error) {
	v := url.Values{"q": {query}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	u := h.url("/api/papers/search", v)
	what := "q=" + query
	body, err := h.HTTP.Get(ctx, u, what)
	if err != nil {
		return nil, err
	}
	papers, err := ParseHF(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where(u, what), err)
	}
	return papers, nil
}

// Paper fetches /api/papers/{id}. A paper Hugging Face does not know gives
// an error matching ErrNotFound.
func (h *HF) Paper(ctx context.Context, id string) (store.Paper, error) {
	nid, err := store.NormalizeID(id)
	if err != nil {
		return store.Paper{}, err
	}
	u := h.url("/api/papers/"+nid, nil)
	body, err := h.HTTP.Get(ctx, u, "")
	if err != nil {
		return store.Paper{}, err
	}
	var p hfPaper
	if err := decodeJSON(body, &p); err != nil {
		return store.Paper{}, fmt.Errorf("%s: %w", where(u, ""), err)
	}
	out, ok := hfItem{hfPaper: p}.toPaper("")
	if !ok {
		return store.Paper{}, fmt.Errorf("%s: response has no valid paper id", where(u, ""))
	}
	return out, nil
}
