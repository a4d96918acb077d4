package fetchtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// Collections is a fake of the Hub's collection endpoints, in the shapes
// huggingface_hub reads (hf_api.py's Collection and CollectionItem):
//
//   - GET /api/collections/{namespace}/{slug-id}: {slug, title, owner,
//     items: [{_id, id, type, position, note: {text, html}, title…}], …}
//   - POST /api/collections/{slug}/items {"item": {"type", "id"}, "note"}:
//     the collection; 409 when the item is there already, 400 for a note
//     over 500 characters
//   - PATCH /api/collections/{slug}/items/{_id} {"note", "position"}
//   - DELETE /api/collections/{slug}/items/{_id}: 404 for an unknown item
//
// Without the token (Authorization: Bearer) a write is 401, as is any
// request for a private collection; an unknown slug is 404. Errors are
// {"error": "..."}. Queue sets the answers of the next requests.
type Collections struct {
	*httptest.Server
	Token string

	mu       sync.Mutex
	cols     map[string]*fakeCollection
	next     int
	queued   []ZoteroAnswer
	requests []string // "METHOD path"
}

type fakeCollection struct {
	Title   string
	Private bool
	Items   []FakeItem
}

// FakeItem is an item of a fake collection.
type FakeItem struct {
	ObjectID, ID, Type, Note, Title string
}

// NewCollections starts the fake with one empty collection per slug.
func NewCollections(t testing.TB, token string, slugs ...string) *Collections {
	c := &Collections{Token: token, cols: map[string]*fakeCollection{}}
	for _, s := range slugs {
		c.cols[s] = &fakeCollection{Title: s}
	}
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.Close)
	return c
}

// Put adds a paper to a collection as if from the Hub's site.
func (c *Collections) Put(slug, id, note, title string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(c.cols[slug], id, note, title)
}

func (c *Collections) add(col *fakeCollection, id, note, title string) {
	c.next++
	col.Items = append(col.Items, FakeItem{ObjectID: fmt.Sprintf("66%022x", c.next), ID: id, Type: "paper", Note: note, Title: title})
}

// Items are a collection's items.
func (c *Collections) Items(slug string) []FakeItem {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]FakeItem(nil), c.cols[slug].Items...)
}

// Queue makes the next requests get these answers, in order.
func (c *Collections) Queue(answers ...ZoteroAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queued = append(c.queued, answers...)
}

// Requests are "METHOD path" of the requests so far.
func (c *Collections) Requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.requests...)
}

func hubError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Error-Message", msg)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (c *Collections) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests = append(c.requests, r.Method+" "+r.URL.Path)
	if len(c.queued) > 0 {
		a := c.queued[0]
		c.queued = c.queued[1:]
		for k, vs := range a.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(a.Status)
		io.WriteString(w, a.Body)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/collections/")
	if !ok {
		hubError(w, http.StatusNotFound, "Not Found")
		return
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 {
		hubError(w, http.StatusNotFound, "Not Found")
		return
	}
	slug := parts[0] + "/" + parts[1]
	authed := r.Header.Get("Authorization") == "Bearer "+c.Token && c.Token != ""
	col := c.cols[slug]
	if col == nil {
		hubError(w, http.StatusNotFound, "Collection not found")
		return
	}
	if (col.Private || r.Method != http.MethodGet) && !authed {
		hubError(w, http.StatusUnauthorized, "Invalid credentials in Authorization header")
		return
	}
	switch {
	case len(parts) == 2 && r.Method == http.MethodGet:
		c.writeCollection(w, slug, col)
	case len(parts) == 3 && parts[2] == "items" && r.Method == http.MethodPost:
		var req struct {
			Item struct{ Type, ID string } `json:"item"`
			Note *string                   `json:"note"`
		}
		if err := json.Unmarshal(body, &req); err != nil || req.Item.ID == "" || req.Item.Type == "" {
			hubError(w, http.StatusBadRequest, "Invalid item")
			return
		}
		note := ""
		if req.Note != nil {
			note = *req.Note
		}
		if utf8.RuneCountInString(note) > 500 {
			hubError(w, http.StatusBadRequest, "Note is too long (max 500 characters)")
			return
		}
		for _, it := range col.Items {
			if it.ID == req.Item.ID && it.Type == req.Item.Type {
				hubError(w, http.StatusConflict, "Item already in collection")
				return
			}
		}
		c.add(col, req.Item.ID, note, "")
		col.Items[len(col.Items)-1].Type = req.Item.Type
		c.writeCollection(w, slug, col)
	case len(parts) == 4 && parts[2] == "items" && (r.Method == http.MethodPatch || r.Method == http.MethodDelete):
		i := -1
		for j, it := range col.Items {
			if it.ObjectID == parts[3] {
				i = j
			}
		}
		if i < 0 {
			hubError(w, http.StatusNotFound, "Item not found")
			return
		}
		if r.Method == http.MethodDelete {
			col.Items = append(col.Items[:i], col.Items[i+1:]...)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, "{}")
			return
		}
		var req struct {
			Note *string `json:"note"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			hubError(w, http.StatusBadRequest, "Invalid body")
			return
		}
		if req.Note != nil {
			if utf8.RuneCountInString(*req.Note) > 500 {
				hubError(w, http.StatusBadRequest, "Note is too long (max 500 characters)")
				return
			}
			col.Items[i].Note = *req.Note
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "{}")
	default:
		hubError(w, http.StatusMethodNotAllowed, "Method not allowed")
	}
}

func (c *Collections) writeCollection(w http.ResponseWriter, slug string, col *fakeCollection) {
	items := []map[string]any{}
	for i, it := range col.Items {
		m := map[string]any{"_id": it.ObjectID, "id": it.ID, "type": it.Type, "position": i}
		if it.Note != "" {
			m["note"] = map[string]string{"text": it.Note, "html": it.Note}
		}
		if it.Type == "paper" {
			m["title"] = it.Title
			m["upvotes"] = 0
			m["publishedAt"] = "2025-05-14T00:00:00.000Z"
		}
		items = append(items, m)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(map[string]any{
		"slug": slug, "title": col.Title, "description": "", "private": col.Private, "theme": "indigo",
		"upvotes": 0, "position": 0, "lastUpdated": "2025-05-20T10:00:00.000Z", "gating": false,
		"owner": map[string]any{"name": strings.SplitN(slug, "/", 2)[0], "type": "user"},
		"items": items,
	})
}
