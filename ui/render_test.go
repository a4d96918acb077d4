package ui

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/paperboy-reader/paperboy/store"
)

func TestAbstractMathSurvivesMarkdown(t *testing.T) {
	r := newRenderer("notty")
	abstract := "We prove $O(n^2)$ bounds and use $\\alpha$-entmax.\n" +
		"Stars a*b*c and x_i_j stay; so do [brackets](not links), <tags> and `ticks`.\n" +
		"# not a heading\n- not a list\n1. not a list either\n    not code\n\nSecond paragraph ~kept~ | pipes & ![img](x) &amp; ~ 5%."
	out, err := r.render(r.key("x", 200, abstract), abstract)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(plain(out)), " ")
	for _, want := range []string{
		"$O(n^2)$", `$\alpha$-entmax`, "a*b*c", "x_i_j", "[brackets](not links)", "<tags>", "`ticks`",
		"# not a heading", "- not a list", "1. not a list either", "not code", "~kept~ | pipes & ![img](x) &amp; ~ 5%.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered abstract lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`\n\s*\n`).MatchString(plain(out)) {
		t.Errorf("paragraphs were merged:\n%s", out)
	}
}

func TestRenderCache(t *testing.T) {
	r := newRenderer("notty")
	k := r.key("id", 60, "text")
	if _, ok := r.cached(k); ok {
		t.Fatal("cached before rendering")
	}
	a, _ := r.render(k, "text")
	b, ok := r.cached(k)
	if !ok || a != b {
		t.Fatal("render was not cached")
	}
	if r.key("id", 60, "other") == k || r.key("id", 61, "text") == k {
		t.Fatal("cache key ignores content or width")
	}
	if _, err := r.render(r.key("id", 80, "text"), "text"); err != nil {
		t.Fatal(err)
	}
	if r.made != 1 {
		t.Fatalf("%d Glamour renderers made, want one for all widths", r.made)
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain":                          "plain",
		"red\x1b[31mtext\x1b[0m":         "redtext",
		"osc\x1b]52;c;ZXZpbA==\x07after": "oscafter",
		"bell\x07 nul\x00 del\x7f":       "bell nul del",
		"c1\u009b31m":                    "c1",
		"bidi\u202egnp.exe\u202c":        "bidignp.exe",
		"marks\u200e\u200f\u061c\u2066":  "marks",
		"keep\nlines\tand tabs":          "keep\nlines\tand tabs",
		"cr\r\nlf":                       "cr\n\nlf",
		"数学 🚀":                           "数学 🚀",
	}
	for in, want := range cases {
		if got := safetext.Screen(in); got != want {
			t.Errorf("safetext.Screen(%q) = %q, want %q", in, got, want)
		}
	}
	if got := safetext.ScreenLine("a\n b\t\tc"); got != "a b c" {
		t.Errorf("cleanLine = %q", got)
	}
}

func TestRemoteControlSequencesNeverReachTheScreen(t *testing.T) {
	db := openDB(t)
	upsert(t, db, store.Paper{ID: "2505.00001", Title: "Evil \x1b]0;pwned\x07title\u202e", Abstract: "x\x1b[2J",
		Authors: []string{"Mallory\x1b[31m"}, Published: "2025-05-01", Source: store.SourceHF, OrgDisplay: "Org\x9b1m"})
	d := newDriver(t, testOptions(db), 160, 48)
	v := d.m.View()
	// Only the reader's own SGR styling may remain; with the ASCII
	// profile of the tests there is none.
	v = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(v, "")
	if strings.ContainsAny(v, "\x1b\x07\u202e\u009b") || strings.Contains(v, "\x9b") {
		t.Fatalf("control characters on screen: %q", v)
	}
}

func TestBibTeX(t *testing.T) {
	p := store.Paper{ID: "2505.09343", Title: "Insights into DeepSeek-V3: {Scaling}} Challenges",
		Authors: []string{"Chenggang Zhao", "Chengqi Deng"}, Published: "2025-05-14", Categories: []string{"cs.DC", "cs.AR"}}
	got := bibtex(p)
	want := "@misc{zhao2025insights,\n" +
		"  title={Insights into DeepSeek-V3: \\{Scaling\\}\\} Challenges},\n" +
		"  author={Chenggang Zhao and Chengqi Deng},\n" +
		"  year={2025},\n" +
		"  eprint={2505.09343},\n" +
		"  archivePrefix={arXiv},\n" +
		"  primaryClass={cs.DC},\n" +
		"  url={https://arxiv.org/abs/2505.09343}\n}"
	if got != want {
		t.Fatalf("bibtex:\n%s\nwant:\n%s", got, want)
	}
}

func TestOpenURL(t *testing.T) {
	oldLook, oldStart := lookPath, startProcess
	t.Cleanup(func() { lookPath, startProcess = oldLook, oldStart })
	var started []string
	startProcess = func(name string, args ...string) error {
		started = append([]string{name}, args...)
		return nil
	}
	lookPath = func(name string) (string, error) {
		if name == "firefox" || name == "xdg-open" {
			return "/usr/bin/" + name, nil
		}
		return "", errors.New("not found")
	}
	msg := openURL("firefox --new-tab", "https://arxiv.org/abs/1")().(flashMsg)
	if strings.Join(started, " ") != "firefox --new-tab https://arxiv.org/abs/1" || msg.kind != statusOK {
		t.Fatalf("started %v, %+v", started, msg)
	}
	msg = openURL("", "https://arxiv.org/abs/2")().(flashMsg)
	if started[0] != "xdg-open" && started[0] != "open" || msg.kind != statusOK {
		t.Fatalf("started %v", started)
	}
	lookPath = func(string) (string, error) { return "", errors.New("not found") }
	msg = openURL("", "https://arxiv.org/abs/3")().(flashMsg)
	if msg.kind != statusError || !strings.Contains(msg.text, "no browser") {
		t.Fatalf("no opener: %+v", msg)
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	var buf bytes.Buffer
	old := clipboardOut
	clipboardOut = &buf
	t.Cleanup(func() { clipboardOut = old })
	t.Setenv("TMUX", "")
	t.Setenv("TERM", "xterm")
	d := newDriver(t, testOptions(fixtureDB(t)), 80, 24)
	d.press("y")
	if !strings.HasPrefix(buf.String(), "\x1b]52;c;") || !strings.Contains(plain(d.m.View()), "copied https://arxiv.org/abs/2505.09343") {
		t.Fatalf("copy: %q\n%s", buf.String(), plain(d.m.View()))
	}
	buf.Reset()
	d.press("Y")
	if !strings.HasPrefix(buf.String(), "\x1b]52;c;") || !strings.Contains(plain(d.m.View()), "copied BibTeX") {
		t.Fatalf("copy BibTeX: %q", buf.String())
	}
}
