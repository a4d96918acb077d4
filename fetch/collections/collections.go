// Package collections mirrors the starred papers to and from a Hugging
// Face collection, through the endpoints huggingface_hub calls
// (hf_api.py: get_collection, add_collection_item, update_collection_item,
// delete_collection_item):
//
//	GET    /api/collections/{slug}
//	POST   /api/collections/{slug}/items                   {"item": {"type": "paper", "id": ID}, "note": NOTE}
//	PATCH  /api/collections/{slug}/items/{item_object_id}  {"note": NOTE}
//	DELETE /api/collections/{slug}/items/{item_object_id}
//
// Two machines stay in step through one collection with the set of papers
// both last agreed on (Plan's last): a paper that left that set on one
// side was removed there, and is removed on the other, while a paper new
// on one side is added to the other.
package collections

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// DefaultEndpoint is the Hub.
const DefaultEndpoint = "https://huggingface.co"

// MaxNote is the longest note the Hub keeps on an item, in characters.
const MaxNote = 500

// ErrNoToken says HF_TOKEN is missing.
var ErrNoToken = errors.New("collections need a Hugging Face token with write access: set HF_TOKEN " +
	"(create one at https://huggingface.co/settings/tokens)")

// Client talks to the Hub's collections.
type Client struct {
	Endpoint, Token, UserAgent string
	HTTP                       *http.Client
}

// New is a client; the token is required.
func New(endpoint, token, userAgent string) (*Client, error) {
	if strings.TrimSpace(token) == "" {
		return nil, ErrNoToken
	}
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	return &Client{Endpoint: strings.TrimRight(endpoint, "/"), Token: strings.TrimSpace(token), UserAgent: userAgent,
		HTTP: &http.Client{Timeout: 30 * time.Second}}, nil
}

// Item is one item of a collection.
type Item struct {
	ObjectID string // the item's id in the collection (item_object_id)
	ID       string // the paper's arXiv id, a repo id…
	Type     string // paper, model, dataset, space, collection
	Position int
	Note     string
	Title    string // a paper's title, when the Hub gives it
}

// Collection is a collection and its items.
type Collection struct {
	Slug, Title string
	Items       []Item
}

// Papers are the collection's paper items by arXiv id.
func (c Collection) Papers() map[string]Item {
	m := map[string]Item{}
	for _, it := range c.Items {
		if it.Type == "paper" {
			m[it.ID] = it
		}
	}
	return m
}

// wire shapes
type itemJSON struct {
	ObjectID string `json:"_id"`
	ID       string `json:"id"`
	Type     string `json:"type"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	Note     *struct {
		Text string `json:"text"`
	} `json:"note"`
}

type collectionJSON struct {
	Slug  string     `json:"slug"`
	Title string     `json:"title"`
	Items []itemJSON `json:"items"`
}

// Error is the Hub's answer to a request it refused.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("Hugging Face answered %d %s", e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	switch e.Status {
	case http.StatusUnauthorized:
		s += " (is HF_TOKEN a valid token?)"
	case http.StatusForbidden:
		s += " (does HF_TOKEN have write access to this collection?)"
	}
	return s
}

func (c *Client) do(ctx context.Context, method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Endpoint+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("Hugging Face: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("Hugging Face: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		msg := ""
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			msg = e.Error
		} else if !strings.Contains(resp.Header.Get("Content-Type"), "html") {
			msg = string(data)
		}
		msg = safetext.Clip(safetext.ScreenLine(msg), 300)
		return nil, &Error{Status: resp.StatusCode, Message: msg}
	}
	return data, nil
}

// slugPath is the collection's path, its slug's parts escaped.
func slugPath(slug string) string {
	parts := strings.Split(slug, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/api/collections/" + strings.Join(parts, "/")
}

// ValidSlug says whether a slug has the Hub's shape: owner/title-id.
func ValidSlug(slug string) bool {
	owner, rest, ok := strings.Cut(slug, "/")
	return ok && owner != "" && rest != "" && !strings.ContainsAny(slug, " ?#\\") && !strings.Contains(rest, "/")
}

// Get reads a collection.
func (c *Client) Get(ctx context.Context, slug string) (Collection, error) {
	data, err := c.do(ctx, http.MethodGet, slugPath(slug), nil)
	if err != nil {
		return Collection{}, err
	}
	var cj collectionJSON
	if err := json.Unmarshal(data, &cj); err != nil {
		return Collection{}, fmt.Errorf("Hugging Face: the collection is not the expected object: %v", err)
	}
	col := Collection{Slug: cj.Slug, Title: safetext.ScreenLine(cj.Title)}
	for _, it := range cj.Items {
		item := Item{ObjectID: it.ObjectID, ID: safetext.ScreenLine(it.ID), Type: it.Type, Position: it.Position,
			Title: safetext.ScreenLine(it.Title)}
		if it.Note != nil {
			item.Note = safetext.Screen(it.Note.Text)
		}
		col.Items = append(col.Items, item)
	}
	return col, nil
}

// note is a note cut to what the Hub keeps.
func note(s string) string {
	if utf8.RuneCountInString(s) <= MaxNote {
		return s
	}
	r := []rune(s)
	return string(r[:MaxNote-1]) + "…"
}

// Add adds a paper with a note ("" for none).
func (c *Client) Add(ctx context.Context, slug, id, text string) error {
	body := map[string]any{"item": map[string]string{"type": "paper", "id": id}}
	if text != "" {
		body["note"] = note(text)
	}
	_, err := c.do(ctx, http.MethodPost, slugPath(slug)+"/items", body)
	var he *Error
	if errors.As(err, &he) && he.Status == http.StatusConflict {
		return nil // already there
	}
	return err
}

// SetNote replaces an item's note.
func (c *Client) SetNote(ctx context.Context, slug, objectID, text string) error {
	_, err := c.do(ctx, http.MethodPatch, slugPath(slug)+"/items/"+url.PathEscape(objectID), map[string]any{"note": note(text)})
	return err
}

// Delete removes an item.
func (c *Client) Delete(ctx context.Context, slug, objectID string) error {
	_, err := c.do(ctx, http.MethodDelete, slugPath(slug)+"/items/"+url.PathEscape(objectID), nil)
	var he *Error
	if errors.As(err, &he) && he.Status == http.StatusNotFound {
		return nil // already gone
	}
	return err
}

// Local is a starred paper as push sees it.
type Local struct {
	ID, Note string
}

// PushPlan is what a push changes in the collection.
type PushPlan struct {
	Add    []Local // starred here, not in the collection
	Notes  []Item  // in both, the note differs (Item.Note is the new note)
	Remove []Item  // in the collection and in last, no longer starred here
	Kept   []Item  // in the collection, not starred here, not in last: added elsewhere (pull stars them)
}

// PlanPush compares the starred papers with the collection. last is the
// set both sides agreed on at the previous push or pull (nil the first
// time: then nothing is removed).
func PlanPush(starred []Local, col Collection, last map[string]bool) PushPlan {
	var p PushPlan
	remote := col.Papers()
	here := map[string]bool{}
	for _, l := range starred {
		here[l.ID] = true
		it, ok := remote[l.ID]
		switch {
		case !ok:
			p.Add = append(p.Add, l)
		case strings.TrimSpace(it.Note) != strings.TrimSpace(note(l.Note)):
			it.Note = l.Note
			p.Notes = append(p.Notes, it)
		}
	}
	for _, id := range sortedKeys(remote) {
		if here[id] {
			continue
		}
		if last[id] {
			p.Remove = append(p.Remove, remote[id])
		} else {
			p.Kept = append(p.Kept, remote[id])
		}
	}
	return p
}

// PullPlan is what a pull changes here.
type PullPlan struct {
	Star   []Item   // in the collection, not starred here
	Notes  []Item   // starred here with another note (the collection's is taken)
	Unstar []string // starred here and in last, gone from the collection: removed elsewhere
}

// PlanPull compares the collection with the starred papers.
func PlanPull(col Collection, starred []Local, last map[string]bool) PullPlan {
	var p PullPlan
	here := map[string]Local{}
	for _, l := range starred {
		here[l.ID] = l
	}
	remote := col.Papers()
	for _, id := range sortedKeys(remote) {
		it := remote[id]
		l, ok := here[id]
		switch {
		case !ok:
			p.Star = append(p.Star, it)
		case it.Note != "" && strings.TrimSpace(it.Note) != strings.TrimSpace(note(l.Note)):
			p.Notes = append(p.Notes, it)
		}
	}
	for _, l := range starred {
		if _, ok := remote[l.ID]; !ok && last[l.ID] {
			p.Unstar = append(p.Unstar, l.ID)
		}
	}
	sort.Strings(p.Unstar)
	return p
}

func sortedKeys(m map[string]Item) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Push makes the collection hold the starred papers: it adds the new
// ones, sets the notes that changed and removes the papers unstarred
// since last, and touches nothing else. It returns what it did; on an
// error, what was done before it.
func (c *Client) Push(ctx context.Context, slug string, starred []Local, last map[string]bool) (PushPlan, error) {
	col, err := c.Get(ctx, slug)
	if err != nil {
		return PushPlan{}, err
	}
	plan := PlanPush(starred, col, last)
	var done PushPlan
	done.Kept = plan.Kept
	for _, l := range plan.Add {
		if err := c.Add(ctx, slug, l.ID, l.Note); err != nil {
			return done, fmt.Errorf("adding %s: %w", l.ID, err)
		}
		done.Add = append(done.Add, l)
	}
	for _, it := range plan.Notes {
		if err := c.SetNote(ctx, slug, it.ObjectID, it.Note); err != nil {
			return done, fmt.Errorf("setting the note of %s: %w", it.ID, err)
		}
		done.Notes = append(done.Notes, it)
	}
	for _, it := range plan.Remove {
		if err := c.Delete(ctx, slug, it.ObjectID); err != nil {
			return done, fmt.Errorf("removing %s: %w", it.ID, err)
		}
		done.Remove = append(done.Remove, it)
	}
	return done, nil
}
