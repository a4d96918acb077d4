package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

func TestCLIZoteroAdd(t *testing.T) {
	home := cliEnv(t)
	db := sampleDB(t)
	z := fetchtest.NewZotero(t, "k3y", "475425")
	t.Setenv("ZOTERO_ENDPOINT", z.URL)
	t.Setenv("ZOTERO_API_KEY", "")
	t.Setenv("ZOTERO_USER_ID", "")

	// No credentials: a clear message, nothing sent.
	_, errOut, code := runCLI(t, "--db", db, "zotero", "add", "2511.08083")
	if code != 1 || !strings.Contains(errOut, "ZOTERO_API_KEY") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// The config file's [zotero] table.
	cfg := filepath.Join(home, "zotero.toml")
	if err := os.WriteFile(cfg, []byte("[zotero]\napi_key = \"k3y\"\nuser_id = \"475425\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runCLI(t, "--db", db, "tag", "2511.08083", "moe"); code != 0 {
		t.Fatal("tag")
	}
	out, errOut, code := runCLI(t, "--db", db, "--config", cfg, "zotero", "add", "2511.08083")
	if code != 0 || !strings.HasPrefix(out, "2511.08083: added (item ZK") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	items := z.Items()
	if len(items) != 1 || items[0].Data["archiveID"] != "arXiv:2511.08083" {
		t.Fatalf("items %+v", items)
	}
	if tags, _ := items[0].Data["tags"].([]any); len(tags) != 1 {
		t.Fatalf("tags %v", items[0].Data["tags"])
	}
	// Again, through the environment: no duplicate.
	t.Setenv("ZOTERO_API_KEY", "k3y")
	t.Setenv("ZOTERO_USER_ID", "475425")
	out, _, code = runCLI(t, "--db", db, "zotero", "add", "arXiv:2511.08083v2")
	if code != 0 || !strings.Contains(out, "already in the library") || len(z.Items()) != 1 {
		t.Fatalf("exit %d: %s, %d items", code, out, len(z.Items()))
	}
	// Zotero's refusal in its own words.
	t.Setenv("ZOTERO_API_KEY", "wrong")
	_, errOut, code = runCLI(t, "--db", db, "zotero", "add", "2511.08083")
	if code != 1 || !strings.Contains(errOut, "Zotero answered 403 Forbidden: Forbidden") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Usage errors.
	if _, errOut, code := runCLI(t, "zotero", "add"); code != 2 || !strings.Contains(errOut, "at least one paper ID") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "zotero", "add", "not-an-id"); code != 2 {
		t.Fatalf("exit %d for a bad id", code)
	}
}

func TestCLICollection(t *testing.T) {
	home := cliEnv(t)
	db := sampleDB(t)
	const slug = "alice/reading-66a0b1c2d3e4f5a6b7c8d9e0"
	hub := fetchtest.NewCollections(t, "hf_tok", slug)
	arxiv := fetchtest.NewServer(t)
	t.Setenv("HF_ENDPOINT", hub.URL)
	t.Setenv("ARXIV_ENDPOINT", arxiv.URL)
	t.Setenv("PAPERBOY_ARXIV_DELAY", "0s")
	t.Setenv("HF_TOKEN", "")
	_ = home

	_, errOut, code := runCLI(t, "--db", db, "collection", "push", slug)
	if code != 1 || !strings.Contains(errOut, "HF_TOKEN") || len(hub.Requests()) != 0 {
		t.Fatalf("without a token: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "--db", db, "collection", "push", "no-slash"); code != 2 {
		t.Fatalf("bad slug: exit %d: %s", code, errOut)
	}
	t.Setenv("HF_TOKEN", "hf_tok")

	a, b := "2505.09343", "2406.10903"
	for _, args := range [][]string{{"star", a, b}} {
		if _, errOut, code := runCLI(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	setNote(t, db, a, "read §3 first")

	out, errOut, code := runCLI(t, "--db", db, "collection", "push", slug)
	if code != 0 || !strings.Contains(out, "push "+slug+": 2 added, 0 notes updated, 0 removed") {
		t.Fatalf("push: exit %d: %s %s", code, out, errOut)
	}
	items := hub.Items(slug)
	notes := map[string]string{}
	for _, it := range items {
		notes[it.ID] = it.Note
	}
	if len(items) != 2 || notes[a] != "read §3 first" || notes[b] != "" {
		t.Fatalf("collection: %+v", items)
	}
	// Nothing changed: nothing written.
	before := len(hub.Requests())
	out, _, code = runCLI(t, "--db", db, "collection", "push", slug)
	if code != 0 || !strings.Contains(out, "0 added, 0 notes updated, 0 removed") || len(hub.Requests()) != before+1 {
		t.Fatalf("second push: %s, requests %v", out, hub.Requests()[before:])
	}
	// Unstarred here: removed there; a changed note is updated.
	runCLI(t, "--db", db, "unstar", b)
	setNote(t, db, a, "done")
	out, _, code = runCLI(t, "--db", db, "collection", "push", slug)
	if code != 0 || !strings.Contains(out, "0 added, 1 notes updated, 1 removed") {
		t.Fatalf("push after unstar: %s", out)
	}
	if items := hub.Items(slug); len(items) != 1 || items[0].ID != a || items[0].Note != "done" {
		t.Fatalf("collection: %+v", items)
	}

	// The other machine adds a paper this database lacks (arXiv has no
	// record of it here: the collection's stands in) and removes a.
	hub.Put(slug, "2507.00001", "from the laptop", "A paper from elsewhere")
	del := hub.Items(slug)[0]
	if del.ID != a {
		t.Fatal(del)
	}
	deleteItem(t, hub, slug, del.ObjectID)
	out, errOut, code = runCLI(t, "--db", db, "collection", "pull", slug)
	if code != 0 || !strings.Contains(out, "pull "+slug+": 1 starred (0 fetched, 1 stored from the collection), 0 notes taken, 1 unstarred") {
		t.Fatalf("pull: exit %d: %s %s", code, out, errOut)
	}
	js, _, _ := runCLI(t, "--db", db, "list", "--query", "is:starred", "--json")
	if !strings.Contains(js, `"id": "2507.00001"`) || !strings.Contains(js, "A paper from elsewhere") ||
		!strings.Contains(js, `"note": "from the laptop"`) || strings.Contains(js, `"id": "`+a+`"`) {
		t.Fatalf("starred after pull:\n%s", js)
	}

	// A paper arXiv has is fetched whole.
	hub.Put(slug, "2505.09568", "", "")
	arxiv.Arxiv(fetchtest.ReadFixture(t, filepath.Join("fetch", "testdata"), "arxiv_idlist.xml"))
	out, errOut, code = runCLI(t, "--db", db, "collection", "pull", slug)
	if code != 0 || !strings.Contains(out, "1 starred (1 fetched, 0 stored from the collection), 0 notes taken, 0 unstarred") {
		t.Fatalf("pull: exit %d: %s %s", code, out, errOut)
	}
	js, _, _ = runCLI(t, "--db", db, "show", "--json", "2505.09568")
	if !strings.Contains(js, `"starred": true`) || !strings.Contains(js, `"authors": [`) || strings.Contains(js, `"authors": []`) {
		t.Fatalf("the fetched paper:\n%s", js)
	}

	// Failures write nothing: the collection cannot be read.
	hub.Queue(fetchtest.ZoteroAnswer{Status: 500, Body: `{"error":"Internal Error"}`})
	_, errOut, code = runCLI(t, "--db", db, "collection", "pull", slug)
	if code != 1 || !strings.Contains(errOut, "Hugging Face answered 500 Internal Server Error: Internal Error") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// A token the Hub refuses: the read works (public), the write does not.
	star(t, db, b)
	t.Setenv("HF_TOKEN", "wrong")
	held := len(hub.Items(slug))
	_, errOut, code = runCLI(t, "--db", db, "collection", "push", slug)
	if code != 1 || !strings.Contains(errOut, "401 Unauthorized: Invalid credentials in Authorization header") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := len(hub.Items(slug)); n != held {
		t.Fatalf("%d items after a refused push", n)
	}
}

func setNote(t *testing.T, db, id, note string) {
	t.Helper()
	d, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.SetNote(context.Background(), id, note); err != nil {
		t.Fatal(err)
	}
}

func star(t *testing.T, db, id string) {
	t.Helper()
	if _, errOut, code := runCLI(t, "--db", db, "star", id); code != 0 {
		t.Fatal(errOut)
	}
}

func deleteItem(t *testing.T, hub *fetchtest.Collections, slug, objectID string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, hub.URL+"/api/collections/"+slug+"/items/"+objectID, nil)
	req.Header.Set("Authorization", "Bearer "+hub.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()
}
