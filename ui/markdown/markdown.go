// Package markdown renders text for the terminal with Glamour: abstracts
// as escaped text that keeps its maths, and whole Markdown documents. It
// holds the one Glamour renderer the reader shares between widths and the
// cache of what it rendered.
package markdown

import (
	"fmt"
	"hash/fnv"
	"strings"
	"sync"

	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/ui/theme"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"
	xansi "github.com/charmbracelet/x/ansi"
)

// Renderer turns abstracts into styled text with Glamour. Glamour renders
// whole paragraphs (no wrapping of its own), so one Glamour renderer serves
// every width and is made once; the output is wrapped to the width and
// cached by paper, width and content, so moving through the list never
// renders the same abstract twice. It is shared by the model's copies and
// used from commands: mu guards the cache only, so a cache look-up in
// Update never waits for a render running in a command.
type Renderer struct {
	style theme.Style

	glamourOnce sync.Once
	glamourMu   sync.Mutex // a TermRenderer is not safe for concurrent use
	tr          *glamour.TermRenderer
	trErr       error
	made        int // Glamour renderers made: one serves every width

	mu    sync.Mutex
	cache map[Key]string
	order []Key
}

// Key names one render: a paper at a width with a given text.
type Key struct {
	id    string
	width int
	hash  uint64
}

const renderCacheSize = 256

// New makes a renderer for a style; Glamour itself is made on first use.
func New(style theme.Style) *Renderer {
	return &Renderer{style: style, cache: map[Key]string{}}
}

func contentHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Key is the cache key of a text rendered for a paper at a width.
func (r *Renderer) Key(id string, width int, text string) Key {
	return Key{id: id, width: width, hash: contentHash(text)}
}

// Cached returns a rendered abstract if it was rendered before.
func (r *Renderer) Cached(k Key) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.cache[k]
	return s, ok
}

// glamour returns the one Glamour renderer, making it on first use.
func (r *Renderer) glamour() (*glamour.TermRenderer, error) {
	r.glamourOnce.Do(func() {
		r.made++
		r.tr, r.trErr = glamour.NewTermRenderer(
			glamour.WithStyles(r.style.Marginless()),
			glamour.WithColorProfile(lipgloss.ColorProfile()),
			// Glamour wraps twice (paragraph, then block) and strands words
			// between the two; it renders whole paragraphs and the text is
			// wrapped once below.
			glamour.WithWordWrap(0),
		)
	})
	return r.tr, r.trErr
}

// Render renders an abstract at a width (slow: call it from a command).
func (r *Renderer) Render(k Key, abstract string) (string, error) {
	if s, ok := r.Cached(k); ok {
		return s, nil
	}
	tr, err := r.glamour()
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	r.glamourMu.Lock()
	out, err := tr.Render(export.MarkdownText(abstract))
	r.glamourMu.Unlock()
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	out = xansi.Wordwrap(strings.Trim(out, "\n"), k.width, "")
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.cache[k]; !ok {
		if len(r.order) >= renderCacheSize {
			delete(r.cache, r.order[0])
			r.order = r.order[1:]
		}
		r.order = append(r.order, k)
	}
	r.cache[k] = out
	return out, nil
}

// Document renders a whole Markdown document wrapped to a width, for
// `paperboy show`.
func Document(style theme.Style, md string, width int) (string, error) {
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(style.Marginless()), glamour.WithWordWrap(max(width-4, 20)),
		glamour.WithColorProfile(lipgloss.ColorProfile()))
	if err != nil {
		return "", err
	}
	return tr.Render(md)
}
