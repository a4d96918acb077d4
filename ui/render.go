package ui

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"
	"sync"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/charmbracelet/glamour"
	gansi "github.com/charmbracelet/glamour/ansi"
	gstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	xansi "github.com/charmbracelet/x/ansi"
)

// renderer turns abstracts into styled text with Glamour. Glamour renders
// whole paragraphs (no wrapping of its own), so one Glamour renderer serves
// every width and is made once; the output is wrapped to the width and
// cached by paper, width and content, so moving through the list never
// renders the same abstract twice. It is shared by the model's copies and
// used from commands: mu guards the cache only, so a cache look-up in
// Update never waits for a render running in a command.
type renderer struct {
	style  string             // glamour standard style: dark, light, notty, dracula…
	custom *gansi.StyleConfig // a style read from a JSON file, used instead when set

	glamourOnce sync.Once
	glamourMu   sync.Mutex // a TermRenderer is not safe for concurrent use
	tr          *glamour.TermRenderer
	trErr       error
	made        int // Glamour renderers made, for tests

	mu    sync.Mutex
	cache map[renderKey]string
	order []renderKey
}

type renderKey struct {
	id    string
	width int
	hash  uint64
}

const renderCacheSize = 256

func newRenderer(style string) *renderer {
	return &renderer{style: style, cache: map[renderKey]string{}}
}

// marginless is a Glamour standard style without the document margin.
// The detail pane indents the text itself; Glamour's margin would be
// wrapped a second time after the paragraph, leaving single words
// stranded on lines of their own.
func marginless(name string) gansi.StyleConfig {
	cfg, ok := gstyles.DefaultStyles[name]
	if !ok {
		cfg = &gstyles.NoTTYStyleConfig
	}
	c := *cfg
	zero := uint(0)
	c.Document.Margin = &zero
	return c
}

// styleConfig is the renderer's style without the document margin.
func (r *renderer) styleConfig() gansi.StyleConfig {
	if r.custom == nil {
		return marginless(r.style)
	}
	c := *r.custom
	zero := uint(0)
	c.Document.Margin = &zero
	return c
}

func contentHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func (r *renderer) key(id string, width int, text string) renderKey {
	return renderKey{id: id, width: width, hash: contentHash(text)}
}

// cached returns a rendered abstract if it was rendered before.
func (r *renderer) cached(k renderKey) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.cache[k]
	return s, ok
}

// glamour returns the one Glamour renderer, making it on first use.
func (r *renderer) glamour() (*glamour.TermRenderer, error) {
	r.glamourOnce.Do(func() {
		r.made++
		r.tr, r.trErr = glamour.NewTermRenderer(
			glamour.WithStyles(r.styleConfig()),
			glamour.WithColorProfile(lipgloss.ColorProfile()),
			// Glamour wraps twice (paragraph, then block) and strands words
			// between the two; it renders whole paragraphs and the text is
			// wrapped once below.
			glamour.WithWordWrap(0),
		)
	})
	return r.tr, r.trErr
}

// render renders an abstract at a width (slow: call it from a command).
func (r *renderer) render(k renderKey, abstract string) (string, error) {
	if s, ok := r.cached(k); ok {
		return s, nil
	}
	tr, err := r.glamour()
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	r.glamourMu.Lock()
	out, err := tr.Render(abstractMarkdown(abstract))
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

var (
	// Characters that Markdown (with GitHub extensions) gives a meaning
	// anywhere in a line.
	mdInline = strings.NewReplacer(
		`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
		`<`, `\<`, `>`, `\>`, `|`, `\|`, `!`, `\!`, `#`, `\#`,
		// Glamour prints these two escapes as they are; entities work.
		`&`, `&amp;`, `~`, `&#126;`,
	)
	// A line that starts a list, a quote, a heading or a rule.
	mdLineStart = regexp.MustCompile(`^([-+=]|\d+[.)])`)
)

// abstractMarkdown turns an abstract (plain text with paragraphs separated
// by blank lines) into Markdown that renders as the same text: every
// character Markdown would read as markup is escaped, so inline maths such
// as $O(n^2)$ or $\alpha$-entmax keeps its stars, underscores and
// backslashes, and no line turns into a heading, list or code block.
func abstractMarkdown(abstract string) string {
	abstract = safetext.Screen(abstract)
	lines := strings.Split(abstract, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l) // four leading spaces would make a code block
		l = mdInline.Replace(l)
		if m := mdLineStart.FindStringIndex(l); m != nil {
			// Escape the marker's last character: "\-", "1\.".
			l = l[:m[1]-1] + `\` + l[m[1]-1:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
