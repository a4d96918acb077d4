// Package termbg settles whether the terminal's background is dark before
// anything asks the terminal.
//
// Bubble Tea v1's init asks the terminal for its background colour (Lip
// Gloss and termenv send OSC 11 and a cursor position query) and waits up
// to 5 seconds for the answer, reading and dropping whatever is typed
// meanwhile. A terminal that never answers (some multiplexers, serial
// consoles, editors' terminals) then shows nothing for 5 seconds and
// loses the keys typed. Lip Gloss skips the question once it is told the
// answer, and Go initialises packages in the order of their import paths
// where imports allow: this module's path sorts before Bubble Tea's, so
// its init runs first and tells Lip Gloss a provisional answer. The reader
// asks the terminal itself without waiting (ui/background.go), and the
// answer, when one comes, replaces the provisional one.
package termbg

import (
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

var dark, known = FromColorFGBG(os.Getenv("COLORFGBG"))

func init() {
	lipgloss.SetHasDarkBackground(dark)
}

// Known is what the environment said of the background (COLORFGBG, which
// rxvt, Konsole, iTerm2 and others set): whether it is dark, and whether
// it said anything. Without it, dark is assumed until the terminal says.
func Known() (isDark, ok bool) { return dark, known }

// FromColorFGBG reads COLORFGBG ("15;0", "0;default;15": the last field
// is the background's colour index): dark unless the background is white
// (7) or one of the bright colours (9 to 15). ok is false when it says
// nothing usable.
func FromColorFGBG(v string) (isDark, ok bool) {
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return true, false
	}
	bg, err := strconv.Atoi(v[i+1:])
	if err != nil || bg < 0 || bg > 255 {
		return true, false
	}
	return !(bg == 7 || bg >= 9 && bg <= 15), true
}
