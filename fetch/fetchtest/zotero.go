package fetchtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Zotero is a fake Zotero web API (v3) holding one user's library, in
// the real request and response shapes:
//
//   - GET /users/{id}/items?q=&qmode=everything: a JSON array of items
//     ({key, version, library, links, meta, data}), with Total-Results and
//     Last-Modified-Version
//   - POST /users/{id}/items: a JSON array of at most 50 items; 200 with
//     {successful, success, unchanged, failed} keyed by the index in the
//     request, Last-Modified-Version the library's new version; a
//     Zotero-Write-Token used before is 412
//
// A request without the key (Zotero-API-Key or Authorization: Bearer) is
// 403, another user's library 403, a write without Content-Type
// application/json 400, more than 50 items 413. Queue sets the answers of
// the next requests (429 with Retry-After, 503, a Backoff header…).
type Zotero struct {
	*httptest.Server
	Key, UserID string

	mu       sync.Mutex
	items    []ZoteroItem
	version  int
	tokens   map[string]bool
	queued   []ZoteroAnswer
	requests []*http.Request
	bodies   [][]byte
	next     int
}

// ZoteroItem is a stored item.
type ZoteroItem struct {
	Key     string
	Version int
	Data    map[string]any
}

// ZoteroAnswer is a canned answer.
type ZoteroAnswer struct {
	Status int
	Header http.Header
	Body   string
}

// zoteroFields are the fields of the preprint item type (and the ones
// every item has); any other is refused, as Zotero refuses it.
var zoteroFields = map[string]bool{
	"itemType": true, "title": true, "creators": true, "abstractNote": true, "genre": true, "repository": true,
	"archiveID": true, "place": true, "date": true, "series": true, "seriesNumber": true, "DOI": true,
	"citationKey": true, "url": true, "accessDate": true, "archive": true, "archiveLocation": true,
	"shortTitle": true, "language": true, "libraryCatalog": true, "callNumber": true, "rights": true,
	"extra": true, "tags": true, "collections": true, "relations": true,
}

// NewZotero starts a fake Zotero for the user with the key.
func NewZotero(t testing.TB, key, userID string) *Zotero {
	z := &Zotero{Key: key, UserID: userID, version: 100, tokens: map[string]bool{}}
	z.Server = httptest.NewServer(http.HandlerFunc(z.serve))
	t.Cleanup(z.Close)
	return z
}

// Queue makes the next requests get these answers, in order.
func (z *Zotero) Queue(answers ...ZoteroAnswer) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.queued = append(z.queued, answers...)
}

// Put stores an item as if another program had added it.
func (z *Zotero) Put(data map[string]any) string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.store(data)
}

func (z *Zotero) store(data map[string]any) string {
	z.next++
	z.version++
	key := fmt.Sprintf("ZK%06d", z.next)
	z.items = append(z.items, ZoteroItem{Key: key, Version: z.version, Data: data})
	return key
}

// Items is the library's content.
func (z *Zotero) Items() []ZoteroItem {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]ZoteroItem(nil), z.items...)
}

// Requests are the requests made so far, with the bodies of the writes.
func (z *Zotero) Requests() ([]*http.Request, [][]byte) {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]*http.Request(nil), z.requests...), append([][]byte(nil), z.bodies...)
}

func (z *Zotero) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	z.mu.Lock()
	defer z.mu.Unlock()
	z.requests = append(z.requests, r)
	z.bodies = append(z.bodies, body)
	h := w.Header()
	h.Set("Zotero-API-Version", "3")
	if len(z.queued) > 0 {
		a := z.queued[0]
		z.queued = z.queued[1:]
		for k, vs := range a.Header {
			h[k] = vs
		}
		w.WriteHeader(a.Status)
		io.WriteString(w, a.Body)
		return
	}
	key := r.Header.Get("Zotero-API-Key")
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		key = b
	}
	if key != z.Key {
		http.Error(w, "Forbidden", http.StatusForbidden)
		return
	}
	if r.URL.Path != "/users/"+z.UserID+"/items" {
		if strings.HasPrefix(r.URL.Path, "/users/") {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	switch r.Method {
	case http.MethodGet:
		z.search(w, r)
	case http.MethodPost:
		z.write(w, r, body)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
	}
}

func (z *Zotero) search(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(r.URL.Query().Get("q"))
	everything := r.URL.Query().Get("qmode") == "everything"
	out := []map[string]any{}
	for _, it := range z.items {
		match := q == ""
		if !match {
			for k, v := range it.Data {
				if k == "title" || k == "creators" || everything {
					if s, err := json.Marshal(v); err == nil && strings.Contains(strings.ToLower(string(s)), q) {
						match = true
					}
				}
			}
		}
		if match {
			data := map[string]any{"key": it.Key, "version": it.Version}
			for k, v := range it.Data {
				data[k] = v
			}
			out = append(out, map[string]any{
				"key": it.Key, "version": it.Version,
				"library": map[string]any{"type": "user", "id": z.UserID, "name": "test"},
				"links":   map[string]any{"self": map[string]any{"href": z.URL + "/users/" + z.UserID + "/items/" + it.Key}},
				"meta":    map[string]any{"numChildren": 0},
				"data":    data,
			})
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Total-Results", strconv.Itoa(len(out)))
	h.Set("Last-Modified-Version", strconv.Itoa(z.version))
	json.NewEncoder(w).Encode(out)
}

func (z *Zotero) write(w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "Content-Type must be application/json", http.StatusBadRequest)
		return
	}
	if tok := r.Header.Get("Zotero-Write-Token"); tok != "" {
		if z.tokens[tok] {
			http.Error(w, "Write token already used", http.StatusPreconditionFailed)
			return
		}
		z.tokens[tok] = true
	}
	var items []map[string]any
	if err := json.Unmarshal(body, &items); err != nil {
		http.Error(w, "Uploaded data must be a JSON array", http.StatusBadRequest)
		return
	}
	if len(items) > 50 {
		http.Error(w, "Only 50 objects can be saved in a single request", http.StatusRequestEntityTooLarge)
		return
	}
	type failure struct {
		Key     string `json:"key,omitempty"`
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	successful := map[string]any{}
	success := map[string]string{}
	failed := map[string]failure{}
	before := z.version
	for i, it := range items {
		idx := strconv.Itoa(i)
		if it["itemType"] != "preprint" {
			failed[idx] = failure{Code: 400, Message: fmt.Sprintf("Unknown item type '%v'", it["itemType"])}
			continue
		}
		var bad []string
		for k := range it {
			if !zoteroFields[k] {
				bad = append(bad, k)
			}
		}
		if len(bad) > 0 {
			sort.Strings(bad)
			failed[idx] = failure{Code: 400, Message: fmt.Sprintf("Invalid property '%s'", bad[0])}
			continue
		}
		if title, _ := it["title"].(string); strings.Contains(title, "REFUSE") {
			failed[idx] = failure{Code: 413, Message: "Field value too long"}
			continue
		}
		success[idx] = z.store(it)
	}
	if z.version != before {
		// A write is one new library version for all its objects.
		for i := range z.items {
			if z.items[i].Version > before {
				z.items[i].Version = before + 1
			}
		}
		z.version = before + 1
	}
	for idx, key := range success {
		for _, it := range z.items {
			if it.Key == key {
				data := map[string]any{"key": key, "version": it.Version}
				for k, v := range it.Data {
					data[k] = v
				}
				successful[idx] = map[string]any{"key": key, "version": it.Version, "data": data}
			}
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Last-Modified-Version", strconv.Itoa(z.version))
	json.NewEncoder(w).Encode(map[string]any{"successful": successful, "success": success,
		"unchanged": map[string]string{}, "failed": failed})
}
