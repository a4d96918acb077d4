package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/fetch/fetchtest"
	"github.com/paperboy-reader/paperboy/ui/termtest"
)

// Hostile papers: every way a title, abstract, name or keyword could try
// to drive the terminal, plus sizes and shapes meant to break the layout.
// They go through a real sync (and an import, for raw invalid UTF-8) into
// the reader in a real terminal, and the bytes the program writes are
// searched for the injected sequences.

const (
	oscTitle  = "\x1b]0;PWNED-TITLE-0\x07"
	oscTitle2 = "\x1b]2;PWNED-TITLE-2\x1b\\"
	osc52     = "\x1b]52;c;UFdORUQtQ0xJUEJPQVJE\x07" // base64 of PWNED-CLIPBOARD
	osc8      = "\x1b]8;;http://evil.example/osc8\x1b\\innocent link\x1b]8;;\x1b\\"
	c1OSC     = "\u009d0;PWNED-C1\u009c"
	c1CSI     = "\u009b2J"
	bidi      = "\u202etxt.exe\u202c"
)

// injected are byte strings that must never reach the terminal.
var injected = []string{
	"\x1b]0;", "\x1b]2;", "\x1b]52", "\x1b]8;", "PWNED", "UFdORUQtQ0xJUEJPQVJE", "evil.example/osc8",
	"\u202e", "\u202c", "\u009b", "\u009d", "\x07", "\b",
}

func hostilePapers() []map[string]any {
	attack := oscTitle + oscTitle2 + osc52 + osc8 + c1OSC + c1CSI + bidi + "\a\b\r"
	var authors []map[string]any
	for i := range 10000 {
		authors = append(authors, map[string]any{"name": fmt.Sprintf("Author %d%s", i, attack)})
	}
	item := func(id, title, summary string, extra map[string]any) map[string]any {
		p := map[string]any{"id": id, "title": title, "summary": summary,
			"publishedAt": "2025-05-14T00:00:00.000Z", "upvotes": 1}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"paper": p, "publishedAt": "2025-05-15T00:00:00.000Z",
			"organization": map[string]any{"name": "org" + attack, "fullname": "Org" + attack},
			"submittedBy":  map[string]any{"name": "sub" + attack}}
	}
	return []map[string]any{
		item("2505.00001", "Title A"+attack+"end", "Abstract"+attack+"\nsecond line\r\n\r\nnew paragraph",
			map[string]any{"ai_keywords": []string{"kw" + attack}, "ai_summary": "sum" + attack,
				"authors":    []map[string]any{{"name": "Name" + attack}},
				"githubRepo": "javascript:alert(1)" + attack, "projectPage": "https://project.example/" + attack}),
		item("2505.00002", "Markdown paper",
			"<script>alert(1)</script> [click](http://evil.example/md) <http://auto.example/x> bare http://bare.example/y ![img](http://evil.example/img.png) # not a heading\n\n- not a list\n    not code",
			nil),
		item("2505.00003", "Huge title "+strings.Repeat("W", 1<<20), strings.Repeat("long abstract ", 50000), nil),
		item("2505.00004", "Ten thousand authors", "many", map[string]any{"authors": authors}),
		item("2505.00005", "", "", map[string]any{"authors": []map[string]any{}, "publishedAt": ""}),
		item("2505.00006", "Lone surrogate LONE_SURROGATE and NUL \x00 and DEL \x7f", "x", nil),
		item("2505.00007", strings.Repeat("\u202e", 100)+"wide 漢字漢字 😀 \u0301\u0301\u0301", strings.Repeat("\x1b[5A", 100), nil),
	}
}

func hostileServer(t *testing.T) *fetchtest.Server {
	t.Helper()
	body, err := json.Marshal(hostilePapers())
	if err != nil {
		t.Fatal(err)
	}
	// A lone surrogate escape: valid JSON syntax, not a character.
	body = bytes.ReplaceAll(body, []byte("LONE_SURROGATE"), []byte(`\ud800`))
	return fetchtest.NewServer(t).
		Daily("2025-05-15", 0, body).
		Arxiv([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2505.00001v1</id>` +
			// XML 1.0 forbids ESC and BEL even as references; C1
			// controls and bidi overrides are allowed.
			"<title>Atom \u009d0;PWNED-ATOM\u009c \u202etitle</title><summary>x\u009b2J</summary>" +
			"<author><name>\u202eAuthor</name></author>" +
			"<category term=\"cs.AR\u009d52;c;QUFB\u009c\"/><category term=\"cs.LG\"/></entry></feed>"))
}

func TestHostilePapers(t *testing.T) {
	srv := hostileServer(t)
	_, env := testEnv(t, srv)
	out, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15")
	if code != 0 || !strings.Contains(out, "fetched 7") {
		t.Fatalf("sync: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Raw invalid UTF-8 (JSON over HTTP must be UTF-8, so this comes by
	// import, as a saved response would).
	saved := filepath.Join(t.TempDir(), "saved.json")
	raw := "[{\"paper\":{\"id\":\"2505.00008\",\"title\":\"Bad bytes \xff\xfe\xc0\x80 \x9b2J \x9d0;TEXT-ONLY\\u0007 end\",\"summary\":\"\xed\xa0\x80\"}}]"
	if err := os.WriteFile(saved, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := paperboy(t, env, "import", saved); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	// The CLI's own output is clean too.
	for _, args := range [][]string{{"list", "--limit", "100"}, {"list", "--json", "--limit", "100"}, {"show", "2505.00001"}, {"show", "2505.00008"}} {
		out, errOut, code := paperboy(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errOut)
		}
		checkNoInjection(t, fmt.Sprint(args), out+errOut)
	}

	const w, h = 130, 40
	term := startReader(t, env, w, h)
	term.WaitText("Markdown paper")
	// Walk every paper so each one's detail (Glamour) is drawn, at two
	// widths: side by side, and full screen on a narrow terminal.
	for range 8 {
		term.Keys("j")
		checkLayout(t, term, w, h)
	}
	term.Keys("g")
	for range 8 {
		term.Keys("Enter")
		checkLayout(t, term, w, h)
		term.Keys("j")
	}
	term.Resize(60, 20)
	term.Keys("Escape", "g")
	for range 8 {
		term.Keys("Enter")
		term.Keys("Escape", "j")
	}
	checkLayout(t, term, 60, 20)
	term.Keys("q")
	term.ExitWithin(5 * time.Second)

	b := term.Raw()
	if len(b) < 1000 {
		t.Fatalf("only %d bytes recorded from the terminal", len(b))
	}
	checkNoInjection(t, "the reader's output", string(b))
	// Invalid bytes (a lone 0x9b is CSI to an 8-bit terminal) never get
	// through: everything written is UTF-8.
	if !utf8.Valid(b) {
		t.Error("the reader wrote invalid UTF-8")
	}
}

// ownLink is a hyperlink paperboy builds itself, to a page it names
// (OSC 8 ended by ST; the reset has no target).
var ownLink = regexp.MustCompile(`\x1b\]8;;(https://(huggingface\.co/papers|arxiv\.org/(abs|pdf))/[0-9.]+)?\x1b\\`)

// checkNoInjection fails when out carries any injected sequence: every
// OSC 8 left after paperboy's own links is one.
func checkNoInjection(t *testing.T, what, out string) {
	t.Helper()
	out = ownLink.ReplaceAllString(out, "")
	for _, bad := range injected {
		if i := strings.Index(out, bad); i >= 0 {
			lo, hi := max(i-60, 0), min(i+60, len(out))
			t.Errorf("%s contains %q: …%q…", what, bad, out[lo:hi])
		}
	}
}

// checkLayout waits until the screen has settled into a frame that fits
// the pane with the status line on the bottom row, and fails if none does:
// a frame caught half drawn is not a failure, a layout that stays broken is.
func checkLayout(t *testing.T, term termtest.Terminal, w, h int) {
	t.Helper()
	term.WaitFor(fmt.Sprintf("a %dx%d layout with the status line at the bottom", w, h), func(s string) bool {
		return layoutProblem(s, w, h) == ""
	})
}

func layoutProblem(screen string, w, h int) string {
	lines := strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
	if len(lines) != h {
		return fmt.Sprintf("%d lines on a %d-line pane", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			return fmt.Sprintf("line %d is %d columns on a %d-column pane", i, lw, w)
		}
	}
	if last := lines[h-1]; !strings.Contains(last, "? help") && !strings.Contains(last, "sort:") && !strings.Contains(last, "?") {
		return fmt.Sprintf("the status line left the bottom row; last line %q", last)
	}
	return ""
}

// A hostile full text: every attack in headings, paragraphs, links, code,
// tables, footnotes and raw HTML, read in the reading view in a real
// terminal. Nothing injected reaches the terminal, and every frame fits.
func TestHostileFullText(t *testing.T) {
	attack := oscTitle + oscTitle2 + osc52 + osc8 + c1OSC + c1CSI + bidi + "\a\b\r"
	md := "# Title" + attack + "\n\n## 1 Section" + attack + "\n\n" +
		"A paragraph" + attack + " with [a link](http://link.example/page" + attack + ") and [js](javascript:alert(1)).\n\n" +
		"<script>alert('boo')</script><img src=x onerror=alert(1)>\n\n" +
		"```\ncode" + attack + "\n```\n\n" +
		"| a" + attack + " | b |\n| --- | --- |\n| " + strings.Repeat("wide ", 80) + " | x |\n\n" +
		strings.Repeat(">", 10000) + " deep" + attack + "\n\n" +
		"## References\n\n1. Someone" + attack + ". arXiv:2106.09685\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hf_2505.00001.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := hostileServer(t).FullTexts(dir)
	_, env := testEnv(t, srv)
	env = append(env, "ARXIV_HTML_ENDPOINT="+srv.URL)
	if out, errOut, code := paperboy(t, env, "sync", "--date", "2025-05-15"); code != 0 {
		t.Fatalf("sync: %d %s %s", code, out, errOut)
	}
	out, errOut, code := paperboy(t, env, "read", "2505.00001")
	if code != 0 {
		t.Fatalf("read: %d %s", code, errOut)
	}
	checkNoInjection(t, "paperboy read", out+errOut)

	const w, h = 100, 30
	term := startReader(t, env, w, h)
	term.WaitText("Markdown paper")
	term.Keys("/")
	term.Type("id:2505.00001")
	term.Keys("Enter", "R")
	term.WaitText("1 Section")
	for _, k := range []string{"j", "]", "G", "l", "l", "h", "c", "Escape", "b", "Escape", "g"} {
		term.Keys(k)
		checkLayout(t, term, w, h)
	}
	term.Keys("Escape", "q")
	term.ExitWithin(5 * time.Second)
	b := term.Raw()
	checkNoInjection(t, "the reading view's output", string(b))
	if !utf8.Valid(b) {
		t.Error("the reader wrote invalid UTF-8")
	}
}
