// Package theme resolves the reader's theme setting (auto, dark, light, a
// Glamour style name or the path of a Glamour JSON style) into the Glamour
// style that the reader and `paperboy show` render Markdown with.
package theme

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

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
// sets, or a terminal without them), the terminal's background for auto,
// else the named style or the JSON style file.
func Resolve(theme string, noColor bool) (Style, error) {
	if noColor || lipgloss.ColorProfile() == termenv.Ascii {
		return Style{Name: "notty"}, nil
	}
	switch theme {
	case "", "auto":
		if lipgloss.HasDarkBackground() {
			return Style{Name: "dark"}, nil
		}
		return Style{Name: "light"}, nil
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
