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
	out = xansi.Wordwrap(strings.ReplaceAll(strings.Trim(out, "\n"), "\t", "    "), k.width, "")
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

// Text renders a downloaded paper's Markdown for the reading view, word
// wrapped to width, and says where each of its blocks starts: starts[i] is
// the first rendered line of the i-th block of textdoc.Blocks(md). The
// blocks are found in the output by marker paragraphs that are rendered
// with the text and then taken out, so the mapping is exact whatever
// Glamour does to spacing. Slow: call it from a command.
func Text(style theme.Style, md string, blocks []int, width int) (lines []string, starts []int, err error) {
	// Glamour wraps twice and strands words on lines of their own (see
	// glamour above): it renders unwrapped, and prose is wrapped here;
	// tables, code and display maths keep their lines and scroll.
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(style.Marginless()), glamour.WithWordWrap(0),
		glamour.WithColorProfile(lipgloss.ColorProfile()))
	if err != nil {
		return nil, nil, fmt.Errorf("render: %w", err)
	}
	// The marker depends on the text, so no text can forge its own.
	marker := fmt.Sprintf("PBBLOCK%016x", contentHash(md))
	var b strings.Builder
	b.Grow(len(md) + 24*len(blocks))
	marked := make([]bool, len(blocks))
	for i, start := range blocks {
		end := len(md)
		if i+1 < len(blocks) {
			end = blocks[i+1]
		}
		// An indented block continues a list item (or is code): a marker
		// before it would end the list, so it shares the marker of the
		// block before it.
		if i == 0 || (md[start] != ' ' && md[start] != '\t') {
			fmt.Fprintf(&b, "%s\n\n", marker)
			marked[i] = true
		}
		b.WriteString(strings.TrimRight(md[start:end], "\n"))
		b.WriteString("\n\n")
	}
	out, err := tr.Render(b.String())
	if err != nil {
		return nil, nil, fmt.Errorf("render: %w", err)
	}
	starts = make([]int, len(blocks))
	raw := strings.Split(strings.Trim(out, "\n"), "\n")
	lines = make([]string, 0, len(raw))
	skipBlank := false
	next := 0
	for _, l := range raw {
		plain := strings.TrimSpace(xansi.Strip(l))
		if plain == marker && next < len(starts) {
			starts[next] = len(lines)
			for next++; next < len(starts) && !marked[next]; next++ {
				starts[next] = len(lines)
			}
			skipBlank = true // the marker paragraph's own spacing
			continue
		}
		if skipBlank && plain == "" {
			skipBlank = false
			continue
		}
		skipBlank = false
		lines = append(lines, l)
	}
	for ; next < len(starts); next++ {
		starts[next] = len(lines) // a block Glamour merged into the one before
	}
	return wrapProse(md, blocks, lines, starts, max(width, 10))
}

// wrapProse wraps the lines of the blocks that are prose to width, and
// moves the blocks' starts to match.
func wrapProse(md string, blocks []int, lines []string, starts []int, width int) ([]string, []int, error) {
	out := make([]string, 0, len(lines)+len(lines)/4)
	newStarts := make([]int, len(starts))
	b := 0
	lead := -1 // the block leading the group the line is in
	for i, l := range lines {
		if b < len(starts) && starts[b] == i {
			lead = b
		}
		for b < len(starts) && starts[b] == i {
			newStarts[b] = len(out)
			b++
		}
		// A tab would be as wide as the terminal makes it, not as counted.
		l = strings.ReplaceAll(l, "\t", "    ")
		if xansi.StringWidth(l) <= width || !isProse(md, blocks, lead) {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(xansi.Wordwrap(strings.TrimRight(l, " "), width, ""), "\n")...)
	}
	for ; b < len(starts); b++ {
		newStarts[b] = len(out)
	}
	return out, newStarts, nil
}

// isProse reports whether block i is text to wrap: not a table, code or
// display maths, whose lines keep their shape.
func isProse(md string, blocks []int, i int) bool {
	if i < 0 || i >= len(blocks) {
		return true
	}
	line := md[blocks[i]:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	t := strings.TrimLeft(line, " ")
	switch {
	case len(line)-len(t) >= 4, strings.HasPrefix(t, "|"), strings.HasPrefix(t, "```"),
		strings.HasPrefix(t, "~~~"), strings.HasPrefix(t, "$$"):
		return false
	}
	return true
}
