package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// Colours adapt to the terminal's background; with NO_COLOR (or a terminal
// without colours) lipgloss drops them and only bold, faint and reverse
// remain, which is enough to tell every element apart.
var (
	colAccent = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A0FF"}
	colDim    = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	colStar   = lipgloss.AdaptiveColor{Light: "#B07800", Dark: "#FFD75F"}
	colUnread = lipgloss.AdaptiveColor{Light: "#0067C0", Dark: "#5FAFFF"}
	colError  = lipgloss.AdaptiveColor{Light: "#C0003A", Dark: "#FF6E8A"}
	colOK     = lipgloss.AdaptiveColor{Light: "#00875A", Dark: "#5FD7A7"}
	colSelBg  = lipgloss.AdaptiveColor{Light: "#E4DEFF", Dark: "#3A3260"}
	colBarBg  = lipgloss.AdaptiveColor{Light: "#EDEDED", Dark: "#262626"}
	colBorder = lipgloss.AdaptiveColor{Light: "#C8C8C8", Dark: "#444444"}
)

// styles is every style the reader draws with.
type styles struct {
	Header      lipgloss.Style
	HeaderApp   lipgloss.Style
	Status      lipgloss.Style
	StatusError lipgloss.Style
	StatusOK    lipgloss.Style
	StatusInfo  lipgloss.Style
	Dim         lipgloss.Style
	Star        lipgloss.Style
	Unread      lipgloss.Style
	Selected    lipgloss.Style
	SelectedDim lipgloss.Style
	Title       lipgloss.Style
	Label       lipgloss.Style
	Link        lipgloss.Style
	Section     lipgloss.Style
	Separator   lipgloss.Style
	Hint        lipgloss.Style
	Match       lipgloss.Style
}

func newStyles() styles {
	return styles{
		Header:      lipgloss.NewStyle().Background(colBarBg),
		HeaderApp:   lipgloss.NewStyle().Background(colBarBg).Foreground(colAccent).Bold(true),
		Status:      lipgloss.NewStyle().Background(colBarBg),
		StatusError: lipgloss.NewStyle().Background(colBarBg).Foreground(colError).Bold(true),
		StatusOK:    lipgloss.NewStyle().Background(colBarBg).Foreground(colOK),
		StatusInfo:  lipgloss.NewStyle().Background(colBarBg).Foreground(colDim),
		Dim:         lipgloss.NewStyle().Foreground(colDim),
		Star:        lipgloss.NewStyle().Foreground(colStar),
		Unread:      lipgloss.NewStyle().Foreground(colUnread),
		Match:       lipgloss.NewStyle().Reverse(true).Bold(true),
		Selected:    lipgloss.NewStyle().Background(colSelBg).Bold(true).Reverse(noColor()),
		SelectedDim: lipgloss.NewStyle().Background(colSelBg).Foreground(colDim),
		Title:       lipgloss.NewStyle().Bold(true).Foreground(colAccent),
		Label:       lipgloss.NewStyle().Foreground(colDim),
		Link:        lipgloss.NewStyle().Foreground(colUnread).Underline(true),
		Section:     lipgloss.NewStyle().Bold(true),
		Separator:   lipgloss.NewStyle().Foreground(colBorder),
		Hint:        lipgloss.NewStyle().Foreground(colError),
	}
}

// noColor reports a terminal that shows no colours, where the selection
// is drawn in reverse video instead.
func noColor() bool {
	return lipgloss.ColorProfile() == termenv.Ascii
}

// Layout helpers: every width is a display width, so CJK and emoji keep
// the columns aligned.

// fit cuts s to w columns with an ellipsis and pads it with spaces to
// exactly w columns.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if sw := ansi.StringWidth(s); sw > w {
		s = ansi.Truncate(s, w, "…")
	}
	return pad(s, w)
}

// pad adds spaces to the right of s up to w columns.
func pad(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// padLeft adds spaces to the left of s up to w columns.
func padLeft(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return s
}

// block makes s exactly h lines of exactly w columns: longer lines are
// cut, missing lines are blank.
func block(s string, w, h int) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = fitPlain(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return strings.Join(out, "\n")
}

// fitPlain cuts without an ellipsis (for already laid out text) and pads.
func fitPlain(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "")
	}
	return pad(s, w)
}

// joinColumns puts blocks of the same height side by side.
func joinColumns(blocks ...string) string {
	split := make([][]string, len(blocks))
	h := 0
	for i, b := range blocks {
		split[i] = strings.Split(b, "\n")
		h = max(h, len(split[i]))
	}
	var sb strings.Builder
	for y := 0; y < h; y++ {
		if y > 0 {
			sb.WriteByte('\n')
		}
		for _, lines := range split {
			if y < len(lines) {
				sb.WriteString(lines[y])
			}
		}
	}
	return sb.String()
}

// ansiStrip drops the styling of already drawn text.
func ansiStrip(s string) string { return ansi.Strip(s) }

func ansiWidth(s string) int { return ansi.StringWidth(s) }
