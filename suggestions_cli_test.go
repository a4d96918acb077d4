package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
)

// suggestionsEnv is the sample with two papers starred (the AMD
// platform paper, and DeepSeek-V3), the clock on the morning after the
// sample was stored, and For you looking ten years back (the sample's
// papers are older than a month).
func suggestionsEnv(t *testing.T) (db, cfg string) {
	t.Helper()
	cliEnv(t)
	db = sampleDB(t)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return time.Date(2025, 11, 14, 9, 0, 0, 0, time.UTC) })
	for _, id := range []string{"2511.17127", "2505.09343"} {
		if err := st.SetStarred(context.Background(), id, true); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cfg = filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("[reader]\nforyou_days = 3650\n\n[[views]]\nname = \"AMD\"\nquery = \"amd\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PAPERBOY_NOW", "2025-11-14T20:00:00Z")
	return db, cfg
}

func TestSuggestionsCLIGolden(t *testing.T) {
	db, cfg := suggestionsEnv(t)
	cases := []struct {
		name string
		args []string
	}{
		{"similar", []string{"similar", "2511.08083", "--limit", "5"}},
		{"similar_json", []string{"similar", "2511.08083", "--limit", "2", "--json"}},
		{"similar_missing", []string{"similar", "2101.00001"}},
		{"foryou", []string{"foryou", "--limit", "5"}},
		{"foryou_tag_none", []string{"foryou", "--tag", "moe"}},
		{"digest_markdown", []string{"digest", "--view", "AMD", "--limit", "3"}},
		{"digest_html", []string{"digest", "--query", "kernels", "--format", "html", "--limit", "2"}},
		{"digest_text", []string{"digest", "--since", "2w", "--limit", "2", "--format", "text"}},
		{"digest_bad_since", []string{"digest", "--since", "yesterday"}},
		{"feed", []string{"feed", "--view", "AMD", "--limit", "2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"--db", db, "--config", cfg}, tc.args...)...)
			got := "exit " + itoa(code) + "\n--- stdout\n" + out + "--- stderr\n" + errOut
			got = strings.ReplaceAll(got, filepath.Dir(cfg), "$CFGDIR")
			requireGolden(t, tc.name, []byte(got))
		})
	}
}

// similar --json prints the objects of list --json, with a score and the
// terms that made each similar, best first.
func TestSimilarJSON(t *testing.T) {
	db, cfg := suggestionsEnv(t)
	out, errOut, code := runCLI(t, "--db", db, "--config", cfg, "similar", "2511.08083", "--json", "--limit", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 5 {
		t.Fatalf("%d objects, %v", len(got), err)
	}
	list, _, _ := runCLI(t, "--db", db, "list", "--json", "--limit", "1")
	var one []map[string]any
	if err := json.Unmarshal([]byte(list), &one); err != nil {
		t.Fatal(err)
	}
	for i, o := range got {
		for k := range one[0] {
			if _, ok := o[k]; !ok && !strings.HasSuffix(k, "_at") { // the user's times are there when set
				t.Errorf("object %d lacks list --json's %q", i, k)
			}
		}
		score, _ := o["score"].(float64)
		because, _ := o["because"].([]any)
		if score <= 0 || score >= 1 || len(because) == 0 {
			t.Errorf("object %d: score %v, because %v", i, o["score"], o["because"])
		}
		if i > 0 && score > got[i-1]["score"].(float64) {
			t.Errorf("object %d scores more than the one before it", i)
		}
	}
}

// The feed is Atom 1.0 as a real feed parser reads it: its entries are the
// view's papers, newest first, with their links, authors and abstracts.
func TestFeedParses(t *testing.T) {
	db, cfg := suggestionsEnv(t)
	out, errOut, code := runCLI(t, "--db", db, "--config", cfg, "feed", "--view", "AMD", "--self", "https://example.org/amd.xml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	feed, err := gofeed.NewParser().ParseString(out)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	if feed.FeedType != "atom" || feed.FeedVersion != "1.0" || feed.Title != `paperboy: "AMD"` || feed.FeedLink != "https://example.org/amd.xml" {
		t.Fatalf("feed %s %s %q self %q", feed.FeedType, feed.FeedVersion, feed.Title, feed.FeedLink)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, _ := store.ParseQuery("amd")
	want, err := st.FullPapers(context.Background(), store.Filter{Query: q, Sort: store.SortNew}, 100)
	if err != nil || len(want) < 2 || len(feed.Items) != len(want) {
		t.Fatalf("%d entries, want %d (%v)", len(feed.Items), len(want), err)
	}
	for i, it := range feed.Items {
		p := want[i]
		if it.Title != p.Title || it.GUID != export.AbsURL(p.ID) || it.Link != export.HFURL(p.ID) ||
			len(it.Authors) != len(p.Authors) || it.Authors[0].Name != p.Authors[0] ||
			strings.Join(strings.Fields(it.Description), " ") != strings.Join(strings.Fields(p.Abstract), " ") ||
			it.UpdatedParsed == nil {
			t.Errorf("entry %d: %q %q %q %d authors, updated %v", i, it.Title, it.GUID, it.Link, len(it.Authors), it.UpdatedParsed)
		}
	}
}

// The HTML digest is a document an HTML parser reads back, with one link
// per paper to its page, and no markup from the papers' text.
func TestDigestHTMLParses(t *testing.T) {
	db, cfg := suggestionsEnv(t)
	out, errOut, code := runCLI(t, "--db", db, "--config", cfg, "digest", "--format", "html", "--limit", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			t.Error("a script element in the digest")
		}
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && strings.HasPrefix(a.Val, "https://huggingface.co/papers/") {
					links = append(links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// Five new papers and the For-you top 10.
	if len(links) != 15 || !bytes.Contains([]byte(out), []byte("<em>Why:</em> like &#34;")) {
		t.Fatalf("%d paper links: %q", len(links), links)
	}
	if slices.Contains(links[5:], export.HFURL("2511.17127")) {
		t.Error("For you suggests a starred paper")
	}
}
