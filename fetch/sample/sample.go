// Package sample holds the bundled sample corpus: real papers a first run can
// show without any network.
//
// hardware.json is a Hugging Face paper search for "hardware" in the shape
// GET https://huggingface.co/api/papers/search returns: an array of items,
// each with a "paper" object (id, authors, publishedAt, title, summary,
// upvotes, organization). The item-level publishedAt (the day a paper was
// listed on Daily Papers) is not known for these papers and is left out, as
// is paper.publishedAt for the two papers whose date was not shown.
//
// categories.tsv gives the primary arXiv category of the papers whose category
// is known, one "arxiv_id<TAB>category" per line; the Hugging Face shape has no
// field for it.
package sample

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed hardware.json
var hardwareJSON []byte

//go:embed categories.tsv
var categoriesTSV string

// HF returns the sample papers as a Hugging Face papers search response.
// The slice is shared: callers must not modify it.
func HF() []byte { return hardwareJSON }

var categories = sync.OnceValue(func() map[string]string {
	m := make(map[string]string)
	for line := range strings.Lines(categoriesTSV) {
		id, cat, ok := strings.Cut(strings.TrimRight(line, "\r\n"), "\t")
		id, cat = strings.TrimSpace(id), strings.TrimSpace(cat)
		if !ok || id == "" || cat == "" {
			continue
		}
		m[id] = cat
	}
	return m
})

// Categories returns the primary arXiv category of each sample paper whose
// category is known, keyed by arXiv id. The map is shared: callers must not
// modify it.
func Categories() map[string]string { return categories() }
