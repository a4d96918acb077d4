package fulltext

import (
	"context"
	"errors"
	"fmt"

	"github.com/paperboy-reader/paperboy/store"
)

// Download fetches paper id's full text (Fetch) and stores it in db,
// replacing the text stored before. Whatever Fetch refuses (no text
// anywhere, a broken response, offline) stores nothing and comes back as
// Fetch's error, so errors.Is(err, ErrNoFullText) and friends still tell
// them apart.
func Download(ctx context.Context, c *Client, db *store.DB, id string) (store.Text, error) {
	t, err := c.Fetch(ctx, id)
	if err != nil {
		return store.Text{}, err
	}
	return save(ctx, db, t)
}

func save(ctx context.Context, db *store.DB, t Text) (store.Text, error) {
	st := store.Text{ID: t.ID, Source: t.Source, URL: t.URL, Markdown: t.Markdown, Fetched: t.Fetched}
	if err := db.SaveText(ctx, st); err != nil {
		return store.Text{}, err
	}
	return st, nil
}

// DownloadStarred downloads the text of every starred paper that has
// none yet (db.StarredWithoutText), the most recently starred first, one
// after the other through c, so arXiv's pace holds across them. progress,
// when not nil, is told of each paper as it is done: how many are done of
// how many, the id, and the error (nil when its text is stored now).
//
// A paper with no text anywhere, a broken response, a service's error
// status: that is the paper's outcome, told to progress, and the run goes
// on. Three things end the run early and are returned: being offline
// (every next paper would fail the same way), the context ending, and the
// database failing to store a text. n is the number of texts stored.
func DownloadStarred(ctx context.Context, c *Client, db *store.DB,
	progress func(done, total int, id string, err error)) (n int, err error) {
	ids, err := db.StarredWithoutText(ctx)
	if err != nil {
		return 0, err
	}
	tell := func(i int, id string, err error) {
		if progress != nil {
			progress(i+1, len(ids), id, err)
		}
	}
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		t, err := c.Fetch(ctx, id)
		if err != nil {
			tell(i, id, err)
			if errors.Is(err, ErrOffline) || ctx.Err() != nil {
				return n, err
			}
			continue
		}
		if _, err := save(ctx, db, t); err != nil {
			tell(i, id, err)
			return n, fmt.Errorf("download the texts of starred papers: %w", err)
		}
		n++
		tell(i, id, nil)
	}
	return n, nil
}
