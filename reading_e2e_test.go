package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// Reading a paper end to end, in a real terminal: R downloads LoRA's text
// from the fake Hugging Face, ] goes to a section, / searches the text, a
// reference leads to another paper's detail; then, restarted offline, the
// text opens from the database at the same place.
func TestReadingEndToEnd(t *testing.T) {
	srv := fixtureServer(t).FullTexts(filepath.Join("fetch", "fulltext", "testdata"))
	dbPath, env := testEnv(t, srv)
	env = append(env, "ARXIV_HTML_ENDPOINT="+srv.URL)
	if _, errOut, code := paperboy(t, env, "import", filepath.Join("fetch", "sample", "hardware.json")); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	withStore(t, dbPath, func(db *store.DB) {
		_, err := db.UpsertPapers(context.Background(), []store.Paper{
			{ID: loraID, Title: "LoRA: Low-Rank Adaptation of Large Language Models", Authors: []string{"Edward J. Hu"},
				Published: "2021-06-17", Source: store.SourceArxiv, Categories: []string{"cs.CL"}},
			{ID: "1706.03762", Title: "Attention Is All You Need", Authors: []string{"Ashish Vaswani"},
				Published: "2017-06-12", Source: store.SourceArxiv, Categories: []string{"cs.CL"}, Abstract: "The dominant sequence transduction models."},
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	term := startReader(t, env, 100, 30)
	term.WaitText("HipKittens")
	term.Keys("/")
	term.Type("lora")
	term.WaitText("/lora")
	term.Keys("Enter", "R")
	term.WaitText("$P_{\\Phi}(y|x)$") // downloaded, laid out, maths as written
	term.Keys("]", "]")
	term.WaitText("§ 1 Introduction")
	term.Keys("/")
	term.Type("pre-trained")
	count := regexp.MustCompile(`find: (\d+)/(\d+)`)
	first := count.FindStringSubmatch(term.WaitFor("a match count", count.MatchString))
	term.Keys("Enter", "n")
	term.WaitFor("the next match", func(s string) bool {
		m := count.FindStringSubmatch(s)
		return m != nil && m[1] != first[1]
	})
	term.Keys("Escape")
	term.WaitGone("find:")

	// The references lead into the library.
	term.Keys("b")
	term.WaitText("References  (enter opens")
	term.Keys("j", "Enter")
	term.WaitText("The dominant sequence transduction models.")
	term.Keys("Escape")
	s := term.WaitText("§ ")
	where := regexp.MustCompile(`§ [^·]+·`).FindString(s)
	if where == "" {
		t.Fatalf("no position in the status line:\n%s", s)
	}
	term.Keys("q")
	if st := term.ExitWithin(5 * time.Second); st != 0 {
		t.Fatalf("reader exited with %d", st)
	}
	withStore(t, dbPath, func(db *store.DB) {
		if has, err := db.HasText(context.Background(), loraID); err != nil || !has {
			t.Fatalf("the downloaded text is not stored: %v %v", has, err)
		}
	})

	// Offline now: the text is stored, the position kept.
	_, offline := testEnv(t, nil)
	offline = append(replaceEnv(offline, "PAPERBOY_DB", dbPath), "ARXIV_HTML_ENDPOINT=http://127.0.0.1:9")
	term2 := startReader(t, offline, 100, 30)
	term2.WaitText("HipKittens")
	term2.Keys("/")
	term2.Type("lora")
	term2.WaitText("/lora")
	term2.Keys("Enter", "R")
	s = term2.WaitText("§ ")
	if !strings.Contains(s, strings.TrimSuffix(where, "·")) {
		t.Fatalf("restarted offline: want %q in the status line:\n%s", where, s)
	}
	term2.Keys("q")
	term2.ExitWithin(5 * time.Second)
}

// replaceEnv sets one variable of an environment.
func replaceEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, e := range env {
		if !strings.HasPrefix(e, name+"=") {
			out = append(out, e)
		}
	}
	return append(out, name+"="+value)
}
