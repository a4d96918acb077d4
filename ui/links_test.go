package ui

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store"
)

func TestLinkURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://huggingface.co/papers/2505.09343":     "https://huggingface.co/papers/2505.09343",
		"https://github.com/deepseek-ai/DeepEP":        "https://github.com/deepseek-ai/DeepEP",
		"http://example.com/a b":                       "",
		"javascript:alert(1)":                          "",
		"file:///etc/passwd":                           "",
		"https://user:pw@example.com/":                 "",
		"https://example.com/\x1b]8;;http://evil/\x07": "",
		"https://example.com/\u009c":                   "",
		"https://exa\u202emple.com/":                   "",
		"https://example.com/é":                        "https://example.com/%C3%A9",
		"//example.com/x":                              "",
		"":                                             "",
	} {
		if got := linkURL(raw); got != want {
			t.Errorf("linkURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

var osc8Seq = regexp.MustCompile("\x1b\\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\\\)")

// The detail pane's links are OSC 8 hyperlinks to the URLs paperboy
// builds, never wrapped: a URL too long for the pane is cut with "…".
func TestDetailLinks(t *testing.T) {
	db := openDB(t)
	p := store.Paper{ID: "2505.09343", Title: "Insights", Authors: []string{"A B"}, Published: "2025-05-14",
		Source: store.SourceHF, GitHubRepo: "javascript:alert(1)", ProjectPage: "https://deepseek.ai/v3", GitHubStars: 1200,
		DOI: "10.1145/3695053.3731412", JournalRef: "ISCA '25"}
	upsert(t, db, p)
	st := newStyles()
	d := newDetailPane(context.Background(), db, Keys(), st, nil)
	got, err := db.Paper(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.paper = &got
	d.width = 50
	out := d.content()
	var targets []string
	for _, m := range osc8Seq.FindAllStringSubmatch(out, -1) {
		if m[1] != "" {
			targets = append(targets, m[1])
		}
	}
	want := []string{"https://doi.org/10.1145/3695053.3731412", "https://doi.org/10.1145/3695053.3731412",
		"https://huggingface.co/papers/2505.09343", "https://arxiv.org/abs/2505.09343", "https://arxiv.org/pdf/2505.09343",
		"https://deepseek.ai/v3"}
	if strings.Join(targets, " ") != strings.Join(want, " ") {
		t.Errorf("link targets:\n%q\nwant\n%q", targets, want)
	}
	plainOut := ansi.Strip(out)
	if strings.Contains(plainOut, "\x1b") {
		t.Error("ansi.Strip left an escape")
	}
	// 50 columns leave 37 for the link: the Hugging Face URL is cut, on one line.
	if !strings.Contains(plainOut, "Hugging Face https://huggingface.co/papers/2505.0…\n") {
		t.Errorf("the long URL is not cut visibly:\n%s", plainOut)
	}
	for _, l := range strings.Split(plainOut, "\n") {
		if ansi.StringWidth(l) > 50 {
			t.Errorf("line wider than the pane: %q", l)
		}
	}
	// A GitHub field that is no URL is text, not a link.
	if !strings.Contains(plainOut, "GitHub       javascript:alert(1) ★ 1,200") {
		t.Errorf("GitHub field:\n%s", plainOut)
	}
}

// Z sends the paper under the cursor to Zotero and says what became of it.
func TestZoteroKey(t *testing.T) {
	db := fixtureDB(t)
	var sent []string
	opts := testOptions(db)
	opts.AddToZotero = func(ctx context.Context, id string) (string, error) {
		sent = append(sent, id)
		if len(sent) > 1 {
			return "", errors.New("Zotero answered 403 Forbidden: Invalid key")
		}
		return "added to Zotero", nil
	}
	d := newDriver(t, opts, 160, 48)
	id := d.m.currentID()
	d.press("Z")
	d.settle()
	if len(sent) != 1 || sent[0] != id {
		t.Fatalf("sent %v, want %s", sent, id)
	}
	if s := plain(d.m.View()); !strings.Contains(s, id+": added to Zotero") {
		t.Fatalf("status:\n%s", s)
	}
	d.press("Z")
	d.settle()
	if s := plain(d.m.View()); !strings.Contains(s, "Zotero: Zotero answered 403 Forbidden: Invalid key") {
		t.Fatalf("status:\n%s", s)
	}
	// Without Zotero wired, the key says how to set it up.
	d2 := newDriver(t, testOptions(db), 160, 48)
	d2.press("Z")
	d2.settle()
	if s := plain(d2.m.View()); !strings.Contains(s, "Zotero is not set up") {
		t.Fatalf("status:\n%s", s)
	}
}

// At 120 columns, where the Hugging Face URL used to wrap in the middle
// of the id, it stays on one line.
func TestDetailLinksAt120Columns(t *testing.T) {
	d := newDriver(t, testOptions(fixtureDB(t)), 120, 40)
	screen := plain(d.m.View())
	var hf string
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "Hugging Face "); i >= 0 {
			hf = strings.TrimSpace(l[i+len("Hugging Face "):])
		}
	}
	id := d.m.currentID()
	if full := "https://huggingface.co/papers/" + id; hf != full && !(strings.HasSuffix(hf, "…") && strings.HasPrefix(full, strings.TrimSuffix(hf, "…"))) {
		t.Fatalf("Hugging Face link %q, want %s on one line:\n%s", hf, full, screen)
	}
}
