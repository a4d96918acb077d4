package fetch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
)

// Papers fetches and stores papers by id, for the ones a reference leads
// to that the database lacks: arXiv's record of each, then Hugging Face's
// page where it has one (a paper it does not list is no error).
func (s *Syncer) Papers(ctx context.Context, ids []string) (Result, error) {
	return s.run(ctx, store.SourceArxiv, "papers "+strings.Join(ids, " "), func(r *run) error {
		papers, err := s.Arxiv.Lookup(ctx, ids)
		if err != nil {
			return err
		}
		if len(papers) == 0 {
			return fmt.Errorf("arXiv has no paper %s", strings.Join(ids, ", "))
		}
		if err := r.page(ctx, papers, "arXiv records"); err != nil {
			return err
		}
		var hf []store.Paper
		for _, id := range ids {
			p, err := s.HF.Paper(ctx, id)
			switch {
			case errors.Is(err, ErrNotFound):
				continue
			case err != nil:
				return err
			}
			hf = append(hf, p)
		}
		return r.page(ctx, hf, "Hugging Face pages")
	})
}
