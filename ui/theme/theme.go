// Package theme resolves the reader's theme setting (auto, dark, light, a
// Glamour style name or the path of a Glamour JSON style) into the Glamour
// style that the reader and `paperboy show` render Markdown with.
package theme

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"early.invalid/termbg"
	gansi "github.com/charmbracelet/glamour/ansi"
	gstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Style is a resolved theme: a Glamour standard style by name, or a style
// read from a JSON file (Custom, used instead of Name when set).
type Style struct {
	Name   string
	Custom *gansi.StyleConfig
}

// Default is the style before the terminal is asked about its background:
// dark, or notty when the terminal has no colours.
func Default() Style {
	if lipgloss.ColorProfile() == termenv.Ascii {
		return Style{Name: "notty"}
	}
	return Style{Name: "dark"}
}

// Resolve picks the Glamour style for a theme setting (a file path with
// any ~ already expanded): notty without colours (noColor, which NO_COLOR
// sets, or a terminal without them), for auto the background as known so
// far (COLORFGBG, or dark until the terminal answers: see Asks),
// else the named style or the JSON style file.
func Resolve(theme string, noColor bool) (Style, error) {
	if noColor || lipgloss.ColorProfile() == termenv.Ascii {
		return Style{Name: "notty"}, nil
	}
	switch theme {
	case "", "auto":
		// What the environment said, or dark until the terminal answers
		// (Asks): nothing here waits for the terminal.
		return ForBackground(lipgloss.HasDarkBackground()), nil
	case "dark", "light":
		// Lip Gloss's adaptive colours follow the theme too.
		lipgloss.SetHasDarkBackground(theme == "dark")
	}
	if _, ok := gstyles.DefaultStyles[theme]; ok {
		return Style{Name: theme}, nil
	}
	cfg, err := loadFile(theme)
	if err != nil {
		return Style{}, err
	}
	return Style{Name: "dark", Custom: &cfg}, nil
}

// Asks reports whether the reader should ask the terminal for its
// background: the theme follows it (auto), there are colours, and the
// environment (COLORFGBG) did not say.
func Asks(theme string, noColor bool) bool {
	if theme != "" && theme != "auto" || noColor || lipgloss.ColorProfile() == termenv.Ascii {
		return false
	}
	_, known := termbg.Known()
	return !known
}

// BackgroundQuery asks the terminal for its background colour (OSC 11).
// A terminal that knows it answers "ESC ] 11;rgb:RRRR/GGGG/BBBB" and ST or
// BEL; one that does not ignores it.
const BackgroundQuery = "\x1b]11;?\x1b\\"

// ParseBackground reads the body of the terminal's answer, "11;rgb:1e1e/
// 1e1e/1e1e" (each component of 1 to 4 hex digits; rgba has a fourth, the
// alpha): whether the colour is dark, as termenv judges it (HSL lightness
// under a half). ok is false for anything else.
func ParseBackground(body string) (dark, ok bool) {
	rest, found := strings.CutPrefix(body, "11;rgb:")
	if !found {
		if rest, found = strings.CutPrefix(body, "11;rgba:"); !found {
			return false, false
		}
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 3 || len(parts) > 4 {
		return false, false
	}
	lo, hi := 1.0, 0.0
	for _, p := range parts[:3] {
		if len(p) < 1 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		x := float64(v) / float64(uint64(1)<<(4*len(p))-1)
		lo, hi = min(lo, x), max(hi, x)
	}
	return (lo+hi)/2 < 0.5, true
}

// ForBackground is the standard style for a dark or light background.
func ForBackground(dark bool) Style {
	if dark {
		return Style{Name: "dark"}
	}
	return Style{Name: "light"}
}

// Check accepts auto, a Glamour style name or a readable JSON style,
// without asking the terminal anything: the config file is checked with it.
func Check(theme string) error {
	switch theme {
	case "", "auto", "dark", "light":
		return nil
	}
	if _, ok := gstyles.DefaultStyles[theme]; ok {
		return nil
	}
	if !strings.HasSuffix(theme, ".json") && !strings.ContainsRune(theme, os.PathSeparator) {
		names := []string{"auto"}
		for n := range gstyles.DefaultStyles {
			names = append(names, n)
		}
		sort.Strings(names[1:])
		return fmt.Errorf("unknown theme %q (use %s, or the path of a Glamour JSON style)", theme, strings.Join(names, ", "))
	}
	_, err := loadFile(theme)
	return err
}

// Marginless is the style's Glamour configuration without the document
// margin. The panes indent the text themselves; Glamour's margin would be
// wrapped a second time after the paragraph, leaving single words stranded
// on lines of their own.
func (s Style) Marginless() gansi.StyleConfig {
	var c gansi.StyleConfig
	if s.Custom != nil {
		c = *s.Custom
	} else {
		cfg, ok := gstyles.DefaultStyles[s.Name]
		if !ok {
			cfg = &gstyles.NoTTYStyleConfig
		}
		c = *cfg
	}
	zero := uint(0)
	c.Document.Margin = &zero
	return c
}

// loadFile reads a Glamour JSON style.
func loadFile(path string) (gansi.StyleConfig, error) {
	var cfg gansi.StyleConfig
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("theme: %w", err)
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("theme %s: %w", path, err)
	}
	return cfg, nil
}
