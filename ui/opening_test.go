package ui

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Opening links in a browser and copying through OSC 52.

func TestOpenURL(t *testing.T) {
	var started []string
	o := &Options{Browser: "firefox --new-tab"}
	o.StartProcess = func(name string, args ...string) error {
		started = append([]string{name}, args...)
		return nil
	}
	o.LookPath = func(name string) (string, error) {
		if name == "firefox" || name == "xdg-open" {
			return "/usr/bin/" + name, nil
		}
		return "", errors.New("not found")
	}
	msg := o.openURL("https://arxiv.org/abs/1")().(flashMsg)
	if strings.Join(started, " ") != "firefox --new-tab https://arxiv.org/abs/1" || msg.kind != statusOK {
		t.Fatalf("started %v, %+v", started, msg)
	}
	o.Browser = ""
	msg = o.openURL("https://arxiv.org/abs/2")().(flashMsg)
	if started[0] != "xdg-open" && started[0] != "open" || msg.kind != statusOK {
		t.Fatalf("started %v", started)
	}
	o.LookPath = func(string) (string, error) { return "", errors.New("not found") }
	msg = o.openURL("https://arxiv.org/abs/3")().(flashMsg)
	if msg.kind != statusError || !strings.Contains(msg.text, "no browser") {
		t.Fatalf("no opener: %+v", msg)
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	var buf bytes.Buffer
	t.Setenv("TMUX", "")
	t.Setenv("TERM", "xterm")
	opts := testOptions(fixtureDB(t))
	opts.Clipboard = &buf
	d := newDriver(t, opts, 80, 24)
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
