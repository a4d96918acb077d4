package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/store"
)

// The full-text commands in process: read, refs and sync --texts against
// fetchtest serving fetch/fulltext's fixtures as Hugging Face's Markdown
// and arXiv's HTML papers.

const (
	loraID   = "2106.09685" // Hugging Face has its Markdown
	entmaxID = "2106.00001" // only arXiv has its HTML
	noTextID = "1501.00001" // neither has it
)

// textEnv points the commands at a fake serving the full-text fixtures
// and returns it.
func textEnv(t *testing.T) *fetchtest.Server {
	t.Helper()
	srv := fetchtest.NewServer(t).FullTexts(filepath.Join("fetch", "fulltext", "testdata"))
	t.Setenv("HF_ENDPOINT", srv.URL)
	t.Setenv("ARXIV_HTML_ENDPOINT", srv.URL)
	t.Setenv("PAPERBOY_ARXIV_DELAY", "0s")
	return srv
}

// offlineEnv points every endpoint at a port nothing listens on.
func offlineEnv(t *testing.T) {
	t.Helper()
	for _, v := range []string{"HF_ENDPOINT", "ARXIV_ENDPOINT", "ARXIV_HTML_ENDPOINT"} {
		t.Setenv(v, "http://127.0.0.1:9")
	}
	t.Setenv("PAPERBOY_ARXIV_DELAY", "0s")
}

func withStore(t *testing.T, path string, fn func(db *store.DB)) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(db)
}

func TestCLITextGolden(t *testing.T) {
	home := cliEnv(t)
	srv := textEnv(t)
	db := sampleDB(t)
	// LoRA is in the library, so entmax's reference to it is "stored".
	withStore(t, db, func(d *store.DB) {
		if _, err := d.UpsertPapers(context.Background(), []store.Paper{{ID: loraID, Source: store.SourceHF,
			Title: "LoRA: Low-Rank Adaptation of Large Language Models", Published: "2021-06-17"}}); err != nil {
			t.Fatal(err)
		}
	})
	cases := []struct {
		name string
		args []string
	}{
		{"refs_not_downloaded", []string{"--db", db, "refs", loraID}},
		{"read_hf", []string{"--db", db, "read", "arXiv:" + loraID + "v2"}},
		{"read_arxiv", []string{"--db", db, "read", entmaxID}},
		{"refs", []string{"--db", db, "refs", entmaxID}},
		{"refs_json", []string{"--db", db, "refs", "--json", entmaxID}},
		{"refs_hf_json", []string{"--db", db, "refs", loraID, "--json"}},
		{"read_no_text", []string{"--db", db, "read", noTextID}},
		{"read_bad_id", []string{"--db", db, "read", "12"}},
		{"refs_no_id", []string{"--db", db, "refs"}},
		{"sync_texts_bad_flag", []string{"--db", db, "sync", "--texts", "--days", "3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.args...)
			got := "exit " + itoa(code) + "\n--- stdout\n" + out + "--- stderr\n" + errOut
			got = strings.ReplaceAll(got, home, "$HOME")
			got = strings.ReplaceAll(got, filepath.Dir(db), "$DBDIR")
			got = strings.ReplaceAll(got, srv.URL, "$SERVER")
			requireGolden(t, tc.name, []byte(got))
		})
	}
}

func TestCLIReadStoresOnceAndRefreshes(t *testing.T) {
	cliEnv(t)
	srv := textEnv(t)
	db := sampleDB(t)
	ctx := context.Background()
	first, errOut, code := runCLI(t, "--db", db, "read", loraID)
	if code != 0 || !strings.HasPrefix(first, "# LoRA: Low-Rank Adaptation") || errOut != "" {
		t.Fatalf("read: exit %d, %.80q, %q", code, first, errOut)
	}
	asked := func() int {
		n := 0
		for _, k := range srv.Requests() {
			if strings.HasPrefix(k, "GET /papers/"+loraID) {
				n++
			}
		}
		return n
	}
	// A second read comes from the database.
	again, _, code := runCLI(t, "--db", db, "read", loraID)
	if code != 0 || again != first || asked() != 1 {
		t.Fatalf("second read: exit %d, same text %v, %d requests", code, again == first, asked())
	}
	var fetched time.Time
	withStore(t, db, func(d *store.DB) {
		tx, err := d.Text(ctx, loraID)
		if err != nil || tx.Source != "hf" || tx.URL != srv.URL+"/papers/"+loraID+".md" {
			t.Fatalf("stored text: %+v, %v", tx.URL, err)
		}
		fetched = tx.Fetched
	})
	if _, _, code := runCLI(t, "--db", db, "read", "--refresh", loraID); code != 0 || asked() != 2 {
		t.Fatalf("read --refresh: exit %d, %d requests", code, asked())
	}
	withStore(t, db, func(d *store.DB) {
		if tx, err := d.Text(ctx, loraID); err != nil || tx.Fetched.Before(fetched) {
			t.Errorf("after --refresh: %v, %v", tx.Fetched, err)
		}
	})
	// list --json and stats say so.
	out, _, code := runCLI(t, "--db", db, "list", "--json", "--query", "has:text OR id:2505.09343")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 1 {
		t.Fatalf("list --json: exit %d, %v, %d papers (LoRA is not in the library)", code, err, len(list))
	}
	if list[0]["has_text"] != false {
		t.Errorf("has_text of a paper without text: %v", list[0]["has_text"])
	}
	withStore(t, db, func(d *store.DB) {
		if err := d.SaveText(ctx, store.Text{ID: "2505.09343", Source: "hf", Markdown: "# Insights\n\nSystolic arrays."}); err != nil {
			t.Fatal(err)
		}
	})
	out, _, _ = runCLI(t, "--db", db, "list", "--json", "--query", "text:systolic")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0]["id"] != "2505.09343" || list[0]["has_text"] != true {
		t.Errorf("list --json --query text:systolic = %s", out)
	}
	out, _, _ = runCLI(t, "--db", db, "stats", "--json")
	var st struct {
		Texts     int   `json:"texts"`
		TextBytes int64 `json:"text_bytes"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Texts != 2 || st.TextBytes <= 0 || st.TextBytes >= int64(len(first)) {
		t.Errorf("stats --json: %+v, %v (text of %d bytes)", st, err, len(first))
	}
}

func TestCLIReadNoTextAnywhere(t *testing.T) {
	cliEnv(t)
	srv := textEnv(t)
	db := sampleDB(t)
	out, errOut, code := runCLI(t, "--db", db, "read", noTextID)
	want := "read: no full text for " + noTextID + ": Hugging Face has no Markdown and arXiv no HTML; p opens the PDF\n"
	if code != 1 || out != "" || errOut != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	if got := srv.Requests(); len(got) != 2 || got[0] != "GET /papers/"+noTextID+".md" || got[1] != "GET /html/"+noTextID {
		t.Errorf("requests: %q", got)
	}
	withStore(t, db, func(d *store.DB) {
		if has, err := d.HasText(context.Background(), noTextID); has || err != nil {
			t.Errorf("something was stored: %v, %v", has, err)
		}
		if st, _ := d.Stats(context.Background(), 1, 1); st.Texts != 0 {
			t.Errorf("%d texts stored", st.Texts)
		}
	})
}

func TestCLIReadOffline(t *testing.T) {
	cliEnv(t)
	textEnv(t)
	db := sampleDB(t)
	online, _, code := runCLI(t, "--db", db, "read", loraID)
	if code != 0 {
		t.Fatal("read online failed")
	}
	offlineEnv(t)
	out, errOut, code := runCLI(t, "--db", db, "read", loraID)
	if code != 0 || out != online || errOut != "" {
		t.Errorf("stored text offline: exit %d, same %v, %q", code, out == online, errOut)
	}
	out, errOut, code = runCLI(t, "--db", db, "read", "--refresh", loraID)
	if code != 0 || out != online || !strings.HasPrefix(errOut, "offline: showing the text downloaded on ") {
		t.Errorf("--refresh offline: exit %d, same %v, %q", code, out == online, errOut)
	}
	out, errOut, code = runCLI(t, "--db", db, "read", entmaxID)
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "read: offline: no text of "+entmaxID+" is downloaded yet") {
		t.Errorf("text not stored, offline: exit %d, %q, %q", code, out, errOut)
	}
	checkMessage(t, "read offline", errOut)
	out, errOut, code = runCLI(t, "--db", db, "refs", loraID)
	if code != 0 || !strings.Contains(out, "1706.03762") {
		t.Errorf("refs offline: exit %d, %q, %q", code, out, errOut)
	}
}

func TestCLISyncTexts(t *testing.T) {
	cliEnv(t)
	srv := textEnv(t)
	db := sampleDB(t)
	ctx := context.Background()
	// Starred: two papers of the library without text anywhere, and two
	// with texts the library does not hold yet (stars from another
	// machine).
	withStore(t, db, func(d *store.DB) {
		for _, id := range []string{"2505.09343", "2406.10903"} {
			if err := d.SetStarred(ctx, id, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.ImportUserState(ctx, []store.UserState{
			{ID: loraID, Starred: true, StarredAt: time.Unix(2, 0)}, {ID: entmaxID, Starred: true, StarredAt: time.Unix(1, 0)},
		}); err != nil {
			t.Fatal(err)
		}
	})
	out, errOut, code := runCLI(t, "--db", db, "sync", "--texts")
	if code != 0 || out != "texts: 2 downloaded, 2 without full text\n" {
		t.Fatalf("sync --texts: exit %d, %q, %q", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "text 1/4 ") || !strings.HasPrefix(lines[3], "text 4/4 ") ||
		!strings.Contains(errOut, "text 3/4 "+loraID+": downloaded\n") || !strings.Contains(errOut, "text 4/4 "+entmaxID+": downloaded\n") ||
		strings.Count(errOut, ": no full text\n") != 2 {
		t.Errorf("progress:\n%s", errOut)
	}
	// Again: only the papers without text are asked for.
	before := len(srv.Requests())
	out, _, code = runCLI(t, "--db", db, "sync", "--texts")
	if code != 0 || out != "texts: 0 downloaded, 2 without full text\n" {
		t.Errorf("again: exit %d, %q", code, out)
	}
	for _, k := range srv.Requests()[before:] {
		if strings.Contains(k, loraID) || strings.Contains(k, entmaxID) {
			t.Errorf("asked again for a stored text: %s", k)
		}
	}
	offlineEnv(t)
	out, errOut, code = runCLI(t, "--db", db, "sync", "--texts")
	if code != 1 || out != "texts: 0 downloaded, 0 without full text\n" || !strings.Contains(errOut, "sync: offline: ") ||
		!strings.Contains(errOut, "(the texts downloaded are kept)") {
		t.Errorf("offline: exit %d, %q, %q", code, out, errOut)
	}
	withStore(t, db, func(d *store.DB) {
		if _, err := d.Text(ctx, loraID); err != nil {
			t.Errorf("text lost offline: %v", err)
		}
		if _, err := d.Text(ctx, "2505.09343"); !errors.Is(err, store.ErrNoText) {
			t.Errorf("text of a paper with none: %v", err)
		}
	})
}

// A text is made safe when downloaded; one written into the database by
// other means is made safe again on the way out.
func TestCLIReadNeverPrintsControlSequences(t *testing.T) {
	cliEnv(t)
	offlineEnv(t)
	db := sampleDB(t)
	withStore(t, db, func(d *store.DB) {
		if err := d.SaveText(context.Background(), store.Text{ID: loraID, Source: "hf",
			Markdown: "# Title\x1b]0;pwned\x07\n\nText\x1b[2J with \x1b]52;c;Zm9v\x07 a clipboard write.\n"}); err != nil {
			t.Fatal(err)
		}
	})
	out, errOut, code := runCLI(t, "--db", db, "read", loraID)
	if code != 0 || strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "a clipboard write") {
		t.Errorf("exit %d, %q, %q", code, out, errOut)
	}
}
