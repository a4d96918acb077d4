// Package zotero adds papers to a Zotero library through the Zotero web
// API, version 3 (https://www.zotero.org/support/dev/web_api/v3/start):
// a paper becomes a "preprint" item in the arXiv repository. A paper the
// library already holds (found by its arXiv id or DOI) is not added again.
package zotero

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// DefaultEndpoint is Zotero's web API.
const DefaultEndpoint = "https://api.zotero.org"

// APIVersion is the version of the web API this client speaks.
const APIVersion = "3"

// maxBatch is the most items one write request may carry.
const maxBatch = 50

// Client talks to one user's library.
type Client struct {
	Endpoint  string // base URL, DefaultEndpoint when ""
	APIKey    string
	UserID    string
	UserAgent string
	HTTP      *http.Client
	// MaxTries is the tries of one request when Zotero asks to wait (429,
	// 503); MaxWait caps one wait. Sleep waits (tests record the waits
	// instead of sleeping).
	MaxTries int
	MaxWait  time.Duration
	Sleep    func(ctx context.Context, d time.Duration) error

	backoffUntil time.Time // a Backoff header asks for a pause before the next request
}

// ErrNoCredentials says the API key or the user ID is missing.
var ErrNoCredentials = errors.New("no Zotero API key or user ID: set ZOTERO_API_KEY and ZOTERO_USER_ID " +
	"(or api_key and user_id in the config file's [zotero] table); create a key with write access at https://www.zotero.org/settings/keys")

// New is a client with the default timings.
func New(endpoint, apiKey, userID, userAgent string) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" || strings.TrimSpace(userID) == "" {
		return nil, ErrNoCredentials
	}
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("ZOTERO_ENDPOINT=%q: want an http or https URL", endpoint)
	}
	return &Client{Endpoint: strings.TrimRight(endpoint, "/"), APIKey: strings.TrimSpace(apiKey),
		UserID: strings.TrimSpace(userID), UserAgent: userAgent, HTTP: &http.Client{Timeout: 30 * time.Second},
		MaxTries: 4, MaxWait: time.Minute, Sleep: fetch.Sleep}, nil
}

// Creator is an item's author.
type Creator struct {
	CreatorType string `json:"creatorType"`
	FirstName   string `json:"firstName,omitempty"`
	LastName    string `json:"lastName,omitempty"`
	Name        string `json:"name,omitempty"` // a one-word name
}

// Tag is one of an item's tags.
type Tag struct {
	Tag string `json:"tag"`
}

// Item is the editable JSON of a Zotero item, the fields paperboy writes.
type Item struct {
	ItemType     string    `json:"itemType"`
	Title        string    `json:"title"`
	Creators     []Creator `json:"creators"`
	AbstractNote string    `json:"abstractNote"`
	Repository   string    `json:"repository"`
	ArchiveID    string    `json:"archiveID"`
	Date         string    `json:"date"`
	DOI          string    `json:"DOI"`
	URL          string    `json:"url"`
	Extra        string    `json:"extra"`
	Tags         []Tag     `json:"tags"`
}

// FromPaper is the preprint item of a paper, with the user's tags.
func FromPaper(p store.Paper) Item {
	it := Item{
		ItemType: "preprint", Title: safetext.ScreenLine(p.Title),
		AbstractNote: safetext.Paragraphs(safetext.Screen(p.Abstract)),
		Repository:   "arXiv", ArchiveID: "arXiv:" + p.ID, Date: p.Published,
		DOI: export.DOI(p), URL: export.AbsURL(p.ID), Creators: []Creator{}, Tags: []Tag{},
	}
	if it.Date == "" {
		it.Date = p.Daily
	}
	for _, a := range p.Authors {
		n := export.SplitName(a)
		switch {
		case n.Literal != "":
			it.Creators = append(it.Creators, Creator{CreatorType: "author", Name: n.Literal})
		case n.Family != "":
			last := strings.TrimSpace(n.Particle + " " + n.Family)
			if n.Suffix != "" {
				last += ", " + n.Suffix
			}
			it.Creators = append(it.Creators, Creator{CreatorType: "author", FirstName: n.Given, LastName: last})
		}
	}
	for _, t := range p.Tags {
		if t = safetext.ScreenLine(t); t != "" {
			it.Tags = append(it.Tags, Tag{Tag: t})
		}
	}
	if p.JournalRef != "" {
		it.Extra = "Journal reference: " + safetext.ScreenLine(p.JournalRef)
	}
	return it
}

// Error is what Zotero answered to a request it refused.
type Error struct {
	Status  int
	Message string // Zotero's own words, one line
}

func (e *Error) Error() string {
	s := fmt.Sprintf("Zotero answered %d %s", e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	switch e.Status {
	case http.StatusForbidden:
		s += " (is the API key right, and does it allow writing to this library?)"
	case http.StatusNotFound:
		s += " (is ZOTERO_USER_ID the numeric user ID?)"
	}
	return s
}

// do sends one request, waiting and trying again when Zotero asks to
// (429 and 503 with Retry-After, and a Backoff header on any answer).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body []byte, header http.Header) (*http.Response, []byte, error) {
	u := c.Endpoint + "/users/" + url.PathEscape(c.UserID) + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	tries := max(c.MaxTries, 1)
	for try := 1; ; try++ {
		if wait := time.Until(c.backoffUntil); wait > 0 {
			if err := c.Sleep(ctx, min(wait, c.MaxWait)); err != nil {
				return nil, nil, err
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		for k, vs := range header {
			req.Header[k] = vs
		}
		req.Header.Set("Zotero-API-Key", c.APIKey)
		req.Header.Set("Zotero-API-Version", APIVersion)
		if c.UserAgent != "" {
			req.Header.Set("User-Agent", c.UserAgent)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("Zotero: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("Zotero: %w", err)
		}
		if s := seconds(resp.Header.Get("Backoff")); s > 0 {
			c.backoffUntil = time.Now().Add(s)
		}
		retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable
		if !retry || try >= tries {
			return resp, data, nil
		}
		wait := seconds(resp.Header.Get("Retry-After"))
		if wait <= 0 {
			wait = time.Duration(1<<(try-1)) * time.Second
		}
		if wait > c.MaxWait {
			return resp, data, nil // longer than anyone waits at a prompt: say so
		}
		if err := c.Sleep(ctx, wait); err != nil {
			return nil, nil, err
		}
	}
}

// seconds reads a header holding a number of seconds.
func seconds(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// answerError is a refusal as an *Error with Zotero's message.
func answerError(resp *http.Response, body []byte) error {
	msg := safetext.Clip(safetext.ScreenLine(string(body)), 300)
	if resp.StatusCode == http.StatusTooManyRequests {
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			msg = strings.TrimSpace(msg + " (retry after " + ra + " s)")
		}
	}
	return &Error{Status: resp.StatusCode, Message: msg}
}

// storedItem is an item as the API returns it.
type storedItem struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
	Data    struct {
		ItemType  string `json:"itemType"`
		ArchiveID string `json:"archiveID"`
		URL       string `json:"url"`
		DOI       string `json:"DOI"`
		Extra     string `json:"extra"`
	} `json:"data"`
}

// Find looks the paper up in the library by its arXiv id, then by its
// publication DOI, and gives the key of the item that is it ("" when
// there is none).
func (c *Client) Find(ctx context.Context, p store.Paper) (string, error) {
	queries := []string{p.ID}
	if p.DOI != "" {
		queries = append(queries, p.DOI)
	}
	for _, q := range queries {
		resp, body, err := c.do(ctx, http.MethodGet, "/items", url.Values{"q": {q}, "qmode": {"everything"},
			"format": {"json"}, "limit": {"50"}}, nil, nil)
		if err != nil {
			return "", err
		}
		if resp.StatusCode != http.StatusOK {
			return "", answerError(resp, body)
		}
		var items []storedItem
		if err := json.Unmarshal(body, &items); err != nil {
			return "", fmt.Errorf("Zotero: the search answer is not a list of items: %v", err)
		}
		for _, it := range items {
			if isPaper(it, p) {
				return it.Key, nil
			}
		}
	}
	return "", nil
}

// isPaper says whether a stored item is the paper (a search also finds
// items that only mention it).
func isPaper(it storedItem, p store.Paper) bool {
	d := it.Data
	id := strings.ToLower(p.ID)
	if strings.EqualFold(d.ArchiveID, "arXiv:"+p.ID) {
		return true
	}
	for _, u := range []string{d.URL} {
		u = strings.ToLower(strings.TrimRight(u, "/"))
		for _, pre := range []string{"arxiv.org/abs/", "arxiv.org/pdf/"} {
			if i := strings.Index(u, pre); i >= 0 {
				rest := strings.TrimSuffix(u[i+len(pre):], ".pdf")
				if rest == id || (strings.HasPrefix(rest, id+"v") && strings.Trim(rest[len(id)+1:], "0123456789") == "") {
					return true
				}
			}
		}
	}
	doi := strings.ToLower(d.DOI)
	if doi != "" && (doi == strings.ToLower(p.DOI) || doi == "10.48550/arxiv."+id) {
		return true
	}
	for _, line := range strings.Split(strings.ToLower(d.Extra), "\n") {
		if strings.TrimSpace(line) == "arxiv: "+id {
			return true
		}
	}
	return false
}

// Outcome is what became of one paper.
type Outcome struct {
	ID      string // the paper
	Key     string // the Zotero item's key
	Added   bool   // false: the library already had it
	Err     error  // Zotero refused this item
	Version int    // the library's version after the write
}

// Add adds the papers the library does not have yet, as preprints. It
// looks every paper up first: when a lookup fails nothing is written.
// Items Zotero refuses come back with its message in their Outcome; the
// error is for the request as a whole.
func (c *Client) Add(ctx context.Context, papers []store.Paper) ([]Outcome, error) {
	out := make([]Outcome, len(papers))
	var todo []int
	seen := map[string]int{}
	for i, p := range papers {
		out[i].ID = p.ID
		if j, dup := seen[p.ID]; dup { // the same paper twice in one call
			out[i] = out[j]
			continue
		}
		seen[p.ID] = i
		key, err := c.Find(ctx, p)
		if err != nil {
			return nil, err
		}
		if key != "" {
			out[i].Key = key
			continue
		}
		todo = append(todo, i)
	}
	for start := 0; start < len(todo); start += maxBatch {
		batch := todo[start:min(start+maxBatch, len(todo))]
		items := make([]Item, len(batch))
		for j, i := range batch {
			items[j] = FromPaper(papers[i])
		}
		if err := c.write(ctx, items, batch, out); err != nil {
			return out[:0], err
		}
	}
	for i := range out {
		if j := seen[out[i].ID]; j != i {
			out[i] = out[j]
		}
	}
	return out, nil
}

// writeAnswer is the answer to a multi-object write: by the index of the
// item in the request, the ones written, unchanged and refused.
type writeAnswer struct {
	Successful map[string]storedItem `json:"successful"`
	Success    map[string]string     `json:"success"`
	Unchanged  map[string]string     `json:"unchanged"`
	Failed     map[string]struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"failed"`
}

func (c *Client) write(ctx context.Context, items []Item, batch []int, out []Outcome) error {
	body, err := json.Marshal(items)
	if err != nil {
		return err
	}
	// The same token on every try of this request: Zotero writes it once
	// even when an answer is lost and the request is sent again.
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return err
	}
	h := http.Header{"Zotero-Write-Token": {hex.EncodeToString(tok)}}
	resp, data, err := c.do(ctx, http.MethodPost, "/items", nil, body, h)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return answerError(resp, data)
	}
	var ans writeAnswer
	if err := json.Unmarshal(data, &ans); err != nil {
		return fmt.Errorf("Zotero: the answer to the write is not the expected object: %v", err)
	}
	version, _ := strconv.Atoi(resp.Header.Get("Last-Modified-Version"))
	for j, i := range batch {
		idx := strconv.Itoa(j)
		o := &out[i]
		o.Version = version
		switch {
		case ans.Successful[idx].Key != "":
			o.Key, o.Added = ans.Successful[idx].Key, true
		case ans.Success[idx] != "":
			o.Key, o.Added = ans.Success[idx], true
		case ans.Unchanged[idx] != "":
			o.Key = ans.Unchanged[idx]
		default:
			f, ok := ans.Failed[idx]
			if !ok {
				o.Err = errors.New("Zotero did not say what became of it")
				continue
			}
			o.Err = &Error{Status: f.Code, Message: safetext.ScreenLine(f.Message)}
		}
	}
	return nil
}
