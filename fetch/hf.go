package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	// The listing's zone (HFListingZone) must not depend on the system
	// having a time zone database.
	_ "time/tzdata"

	"github.com/paperboy-reader/paperboy/store/safetext"

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

// ParseHF parses a Hugging Face papers response: an array of listing items
// with a nested "paper" object, as /api/daily_papers and
// /api/papers/search return, or an array of bare paper objects, as
// /api/papers/{id} returns one. Entries without a valid arXiv id are
// skipped; anything that is not such an array is an error.
func ParseHF(data []byte) ([]store.Paper, error) {
	papers, _, err := parseHF(data, "")
	return papers, err
}

// parseHF is ParseHF for a listing asked for one day, listDay
// (YYYY-MM-DD), or for anything else with listDay "".
func parseHF(data []byte, listDay string) ([]store.Paper, int, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return nil, 0, errors.New("unexpected JSON: got an object, want an array of papers")
	}
	var items []*hfItem
	if err := decodeJSON(data, &items); err != nil {
		return nil, 0, err
	}
	out := make([]store.Paper, 0, len(items))
	for _, it := range items {
		if it == nil {
			continue
		}
		if p, ok := it.toPaper(listDay); ok {
			out = append(out, p)
		}
	}
	return out, len(items), nil
}

// decodeJSON decodes one JSON value and insists on nothing but space after
// it, so a truncated or concatenated body is an error rather than a short
// page. An HTML page (a proxy's or a login wall's) is named as such.
func decodeJSON(data []byte, v any) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return errors.New("empty response, expected JSON")
	}
	if trimmed[0] == '<' {
		return errors.New("got HTML or XML, expected JSON")
	}
	// JSON is UTF-8; other bytes mean a broken body or another charset,
	// and encoding/json would quietly turn them into U+FFFD.
	if !utf8.Valid(trimmed) {
		for i := 0; i < len(trimmed); {
			r, w := utf8.DecodeRune(trimmed[i:])
			if r == utf8.RuneError && w == 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d, expected JSON", i)
			}
			i += w
		}
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return typeError(err)
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return errors.New("invalid JSON: data after the top-level value")
	}
	return nil
}

// The wire types follow the API's contract strictly: every field may be
// null or missing (Hugging Face leaves out what a paper lacks, e.g. a null
// organisation), but a value of the wrong type fails the page with an
// error naming the field, so a changed or hostile response is reported
// rather than stored as a silently emptied paper. The generic helpers
// below keep the tolerant reading for bulk imports (snapshot.go), where
// one bad record is skipped and counted.

// jstr is a JSON string, or "" for null or any other type.
type jstr string

func (s *jstr) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) == nil {
		*s = jstr(v)
	}
	return nil
}

// jobj decodes a value, leaving the zero value for null or any other type.
type jobj[T any] struct{ V T }

func (o *jobj[T]) UnmarshalJSON(b []byte) error {
	var v T
	if json.Unmarshal(b, &v) == nil {
		o.V = v
	}
	return nil
}

// count turns a JSON number (Hugging Face's schema has counts as floats)
// into a count; negative, fractional junk and absurd values become 0.
func count(f float64) int {
	if f >= 0 && f < 1<<31 {
		return int(f)
	}
	return 0
}

// typeError rewrites encoding/json's type errors as one line naming the
// field: `field "paper.upvotes": got string, want number`.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	want := "a value of another type"
	if te.Type != nil {
		switch te.Type.Kind() {
		case reflect.String:
			want = "string"
		case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64:
			want = "number"
		case reflect.Slice, reflect.Array:
			want = "array"
		case reflect.Struct, reflect.Map:
			want = "object"
		case reflect.Bool:
			want = "true or false"
		}
	}
	// Fields of the embedded hfPaper are the entry's own.
	field := strings.TrimPrefix(strings.ReplaceAll(te.Field, "hfPaper.", ""), "hfPaper")
	switch {
	case field != "":
		return fmt.Errorf("field %q: got %s, want %s", field, te.Value, want)
	case want == "object":
		return fmt.Errorf("entry: got %s, want an object", te.Value)
	}
	return fmt.Errorf("unexpected JSON: got %s, want %s", te.Value, want)
}

type hfUser struct {
	Name     string `json:"name"`
	Fullname string `json:"fullname"`
}

type hfAuthor struct {
	Name string  `json:"name"`
	User *hfUser `json:"user"` // set when the author has claimed the paper
	// Hidden marks an author who has hidden the paper from their Hugging
	// Face profile; they are still an author of the paper, so the name is
	// kept.
	Hidden bool `json:"hidden"`
}

type hfPaper struct {
	ID                 string     `json:"id"`
	Title              string     `json:"title"`
	Summary            string     `json:"summary"`
	Authors            []hfAuthor `json:"authors"`
	PublishedAt        string     `json:"publishedAt"`
	SubmittedOnDailyAt string     `json:"submittedOnDailyAt"`
	SubmittedOnDailyBy *hfUser    `json:"submittedOnDailyBy"`
	Upvotes            float64    `json:"upvotes"`
	NumComments        float64    `json:"numComments"`
	AISummary          string     `json:"ai_summary"`
	AIKeywords         []string   `json:"ai_keywords"`
	GitHubRepo         string     `json:"githubRepo"`
	GitHubStars        float64    `json:"githubStars"`
	ProjectPage        string     `json:"projectPage"`
	Organization       *hfUser    `json:"organization"`
	DiscussionID       string     `json:"discussionId"`
	MediaURLs          []string   `json:"mediaUrls"`
	Thumbnail          string     `json:"thumbnail"`
	// isAuthorParticipating is a listing entry's field; absent from bare
	// paper objects, which must not read as "no".
	IsAuthorParticipating *bool `json:"isAuthorParticipating"`
}

func (u *hfUser) name() string {
	if u == nil {
		return ""
	}
	return u.Name
}

func (u *hfUser) fullname() string {
	if u == nil {
		return ""
	}
	return u.Fullname
}

// hfItem is one listing entry. The nested paper carries the paper; the
// entry's own fields carry the listing (comments, who submitted it) and,
// for bare paper objects, everything.
type hfItem struct {
	hfPaper
	Paper       *hfPaper `json:"paper"`
	SubmittedBy *hfUser  `json:"submittedBy"`
}

func firstStr(vs ...string) string {
	for _, v := range vs {
		if s := strings.TrimSpace(v); s != "" {
			return v
		}
	}
	return ""
}

func firstInt(vs ...float64) int {
	for _, v := range vs {
		if n := count(v); n != 0 {
			return n
		}
	}
	return 0
}

// toPaper maps an entry onto store.Paper, cleaning every string. ok is
// false when the entry has no usable arXiv id. listDay is the day the
// listing was asked for, "" when it was not asked for one day.
func (it hfItem) toPaper(listDay string) (store.Paper, bool) {
	var in hfPaper
	if it.Paper != nil {
		in = *it.Paper
	}
	top := it.hfPaper
	id, err := store.NormalizeID(firstStr(in.ID, top.ID))
	if err != nil {
		return store.Paper{}, false
	}
	p := store.Paper{
		ID:          id,
		Source:      store.SourceHF,
		Title:       safetext.Line(firstStr(in.Title, top.Title)),
		Abstract:    safetext.Paragraphs(firstStr(in.Summary, top.Summary)),
		Upvotes:     firstInt(in.Upvotes, top.Upvotes),
		Comments:    firstInt(top.NumComments, in.NumComments),
		AISummary:   safetext.Paragraphs(firstStr(in.AISummary, top.AISummary)),
		GitHubRepo:  safetext.Line(firstStr(in.GitHubRepo, top.GitHubRepo)),
		GitHubStars: firstInt(in.GitHubStars, top.GitHubStars),
		ProjectPage: safetext.Line(firstStr(in.ProjectPage, top.ProjectPage)),
		OrgName:     safetext.Line(firstStr(in.Organization.name(), top.Organization.name())),
		OrgDisplay:  safetext.Line(firstStr(in.Organization.fullname(), top.Organization.fullname())),
		Submitter: safetext.Line(firstStr(it.SubmittedBy.name(), in.SubmittedOnDailyBy.name(),
			top.SubmittedOnDailyBy.name())),
		SubmitterName: safetext.Line(firstStr(it.SubmittedBy.fullname(), in.SubmittedOnDailyBy.fullname(),
			top.SubmittedOnDailyBy.fullname())),
		DiscussionID: safetext.Line(firstStr(in.DiscussionID, top.DiscussionID)),
		Thumbnail:    webURL(firstStr(top.Thumbnail, in.Thumbnail)),
	}
	switch b := firstBool(top.IsAuthorParticipating, in.IsAuthorParticipating); {
	case b == nil:
	case *b:
		p.AuthorParticipating = store.ParticipationYes
	default:
		p.AuthorParticipating = store.ParticipationNo
	}
	media := in.MediaURLs
	if len(media) == 0 {
		media = top.MediaURLs
	}
	for _, m := range media {
		if m = webURL(m); m != "" {
			p.MediaURLs = append(p.MediaURLs, m)
		}
	}
	authors := in.Authors
	if len(authors) == 0 {
		authors = top.Authors
	}
	for _, a := range authors {
		if name := safetext.Line(a.Name); name != "" {
			p.Authors = append(p.Authors, name)
			if user := safetext.Line(a.User.name()); user != "" {
				p.ClaimedAuthors = append(p.ClaimedAuthors, store.HubAuthor{Name: name, User: user})
			}
		}
	}
	kws := in.AIKeywords
	if len(kws) == 0 {
		kws = top.AIKeywords
	}
	for _, k := range kws {
		if kw := safetext.Line(k); kw != "" {
			p.AIKeywords = append(p.AIKeywords, kw)
		}
	}
	// In a listing entry the top-level publishedAt is when the paper was
	// listed on Daily Papers and the nested one is arXiv's date; a bare
	// paper object has only arXiv's.
	//
	// The listing day: since mid-2025 the paper carries
	// submittedOnDailyAt, whose UTC day is the day. Entries of the shape
	// before it have only the top-level publishedAt, the moment of
	// listing, whose UTC day is often the evening before the day Hugging
	// Face lists the paper under. A listing asked for one day lists its
	// papers on that day, whatever the clock said; otherwise (a week, a
	// month, a saved response) the moment is read in the listing's time
	// zone, HFListingZone.
	stamp := firstStr(in.SubmittedOnDailyAt, top.SubmittedOnDailyAt)
	if in.ID != "" {
		p.Published = isoDate(in.PublishedAt)
		switch {
		case stamp != "":
			p.Daily = isoDate(stamp)
		case listDay != "":
			p.Daily = listDay
		default:
			p.Daily = zonedDate(top.PublishedAt, HFListingZone)
		}
	} else {
		p.Published = isoDate(top.PublishedAt)
		p.Daily = isoDate(stamp)
	}
	return p, true
}

// webURL keeps an http(s) link, sanitised; anything else (a javascript:
// or file: link an export or a terminal could follow) is dropped.
func webURL(s string) string {
	s = safetext.Line(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsRune(s, ' ') {
		return ""
	}
	return s
}

func firstBool(vs ...*bool) *bool {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// HFListingZone is the time zone of Hugging Face's listing days, used to
// date listing entries that carry only the moment they were listed (the
// API's shape before submittedOnDailyAt) when the listing was not asked
// for one day. The API does not document it; the day boundary of those
// listings lies east of UTC (a day's first papers are stamped the evening
// before, UTC), and Hugging Face's home zone, Europe/Paris, is assumed.
var HFListingZone = loadZone("Europe/Paris", 1)

// loadZone loads a zone from the system's database, or a fixed offset of
// hours when the system has none.
func loadZone(name string, hours int) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, hours*3600)
}

// zonedDate is the day of an RFC 3339 timestamp in loc; plain dates pass
// through, anything else is "".
func zonedDate(s string, loc *time.Location) string {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(loc).Format(time.DateOnly)
	}
	return isoDate(s)
}

// isoDate turns an RFC 3339 timestamp into its UTC day, YYYY-MM-DD; ""
// when it is not one. Plain dates pass through.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.DateOnly)
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly)
	}
	return ""
}
