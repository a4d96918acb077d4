package fetch

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/paperboy-reader/paperboy/fetch/sample"
	"github.com/paperboy-reader/paperboy/store"
)

// LoadSample loads the bundled sample corpus (a Hugging Face search for
// "hardware", 57 papers) through the same import path as a saved Hugging
// Face response, then gives the papers whose arXiv category is known that
// category. It returns how many papers the
// sample holds. Loading it twice changes nothing.
func LoadSample(ctx context.Context, db *store.DB) (int, error) {
	res, err := Import(ctx, db, bytes.NewReader(sample.HF()), nil)
	if err != nil {
		return 0, fmt.Errorf("load sample: %w", err)
	}
	cats := sample.Categories()
	ids := make([]string, 0, len(cats))
	for id := range cats {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	records := make([]store.Paper, 0, len(ids))
	for _, id := range ids {
		// Recorded as part of the Hugging Face listing it comes with, not
		// as an arXiv record: arXiv has not described these papers yet, so
		// a later sync may still fill in their arXiv fields.
		records = append(records, store.Paper{ID: id, Categories: []string{cats[id]}, Source: store.SourceHF})
	}
	if _, err := db.UpsertPapers(ctx, records); err != nil {
		return 0, fmt.Errorf("load sample: %w", err)
	}
	if err := db.IndexPending(ctx, nil); err != nil {
		return 0, fmt.Errorf("load sample: %w", err)
	}
	return res.Read, nil
}
