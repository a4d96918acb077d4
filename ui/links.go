package ui

import (
	"net/url"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store/safetext"
)

// Links in the detail pane are OSC 8 hyperlinks that paperboy builds
// itself: the URL is parsed, must be http or https with a host and no
// user part, and is written re-encoded, so nothing from a remote record
// reaches the terminal as a sequence. A link's text is never wrapped: one
// too long for the pane is cut with a visible "…".

// linkURL is raw as a URL paperboy links to, or "" when it is not one.
func linkURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || safetext.ScreenLine(raw) != raw {
		return ""
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ""
		}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	s := u.String()
	for _, r := range s {
		// url.String percent-encodes controls; what is left must be
		// printable ASCII, which can neither end the sequence nor hide.
		if r <= ' ' || r >= 0x7f {
			return ""
		}
	}
	return s
}

// link is text in style, cut to width, as a hyperlink to target (a URL
// from linkURL; "" draws the text alone).
func link(target, text string, width int, style lipgloss.Style) string {
	text = oneLine(text, width)
	s := style.Render(text)
	if target == "" {
		return s
	}
	return osc8(ansi.SetHyperlink(target)) + s + osc8(ansi.ResetHyperlink())
}

// osc8 ends a hyperlink sequence with ST (ESC \\), ECMA-48's own string
// terminator, instead of BEL: no BEL is ever written, so one on screen is
// always remote text that got through (the hostile tests look for it).
func osc8(seq string) string {
	return strings.TrimSuffix(seq, "\a") + "\x1b\\"
}

// oneLine is text cut to width with a visible "…".
func oneLine(text string, width int) string {
	width = max(width, 1)
	if ansi.StringWidth(text) <= width {
		return text
	}
	return ansi.Truncate(text, width, "…")
}
