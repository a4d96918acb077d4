package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/ui/termtest"
)

// The reader's manners at start-up, on a bare pseudo-terminal whose TERM
// names no multiplexer (under tmux nobody asks the terminal anything): it
// asks the terminal for its background without waiting for the answer,
// so a terminal that never answers gets its first frame at once, and the
// keys typed before that frame, even before the reader started, all
// apply. A terminal that answers gets the theme of its background, and
// its answer never shows up as typed text.
func TestStartupManners(t *testing.T) {
	// Glamour's light style writes its text in colour 234, the dark one in
	// 252: which the abstract is drawn in says which theme the reader took.
	const lightText, darkText = "38;5;234", "38;5;252"
	for _, tc := range []struct {
		name      string
		opt       termtest.Options
		want, not string
	}{
		{name: "a terminal that never answers", opt: termtest.Options{Silent: true}, want: darkText, not: lightText},
		{name: "a light terminal", opt: termtest.Options{Background: "rgb:ffff/ffff/f0f0"}, want: lightText, not: darkText},
		{name: "a dark terminal", opt: termtest.Options{Background: "rgb:1e1e/1e1e/2e2e"}, want: darkText, not: lightText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, env := testEnv(t, nil)
			opt := tc.opt
			opt.Env, opt.Width, opt.Height = env, 160, 40
			tm := termtest.NewPty(t, opt, binary)
			// Typed at once, before the reader has drawn anything: a
			// search, and the search prompt opened again after it.
			tm.Press("/accelerator")
			tm.Press("Enter")
			tm.Press("/")
			searched := regexp.MustCompile(`paperboy\s+/accelerator\s+1/\d+`)
			tm.WaitFor("the search typed before the first frame", searched.MatchString)
			// The prompt holds what was typed and nothing of the
			// terminal's answer, however it came.
			from := tm.Mark()
			tm.Press("fpga")
			if _, ok := tm.WaitFrom(from, func(s string) bool { return strings.Contains(s, "/acceleratorfpga") }, termtest.DefaultTimeout); !ok {
				t.Fatalf("the prompt opened before the first frame did not take the keys typed in it:\n%s", tm.Tail(3000))
			}
			if s := tm.Screen(); strings.Contains(s, "rgb:") {
				t.Errorf("the terminal's answer shows as text:\n%s", tm.Tail(3000))
			}
			tm.Press("Escape")
			tm.WaitFor("the detail's abstract, in the theme's colour", func(string) bool {
				return bytes.Contains(tm.Raw(), []byte(tc.want))
			})
			raw := tm.Raw()
			if !bytes.Contains(raw, []byte("\x1b]11;?")) {
				t.Error("the reader never asked the terminal for its background")
			}
			if bytes.Contains(raw, []byte("\x1b[6n")) {
				t.Error("the reader asked for the cursor position, which it has no use for")
			}
			// After the answer nothing is drawn in the other theme's
			// colour.
			if bytes.LastIndex(raw, []byte(tc.not)) > bytes.LastIndex(raw, []byte(tc.want)) {
				t.Errorf("the abstract was drawn in the other theme's colour last (%s)", tc.not)
			}
			tm.Keys("q")
			tm.Wait(5 * time.Second)
		})
	}
}
