package fetch

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/paperboy-reader/paperboy/store"
)

// hfRepo is a model, dataset or Space as the paper-info and repos
// endpoints list them (huggingface_hub's ModelInfo, DatasetInfo,
// SpaceInfo); every field may be missing.
type hfRepo struct {
	ID          jstr          `json:"id"`
	Downloads   jobj[float64] `json:"downloads"`
	Likes       jobj[float64] `json:"likes"`
	PipelineTag jstr          `json:"pipeline_tag"`
	SDK         jstr          `json:"sdk"`
}

func (r hfRepo) repo() store.Repo {
	task := string(r.PipelineTag)
	if task == "" {
		task = string(r.SDK)
	}
	return store.Repo{ID: string(r.ID), Downloads: count(r.Downloads.V), Likes: count(r.Likes.V), Task: task}
}

// hfPaperLinks is the part of /api/papers/{id} about linked repositories.
type hfPaperLinks struct {
	LinkedModels     []hfRepo      `json:"linkedModels"`
	LinkedDatasets   []hfRepo      `json:"linkedDatasets"`
	LinkedSpaces     []hfRepo      `json:"linkedSpaces"`
	NumTotalModels   jobj[float64] `json:"numTotalModels"`
	NumTotalDatasets jobj[float64] `json:"numTotalDatasets"`
	NumTotalSpaces   jobj[float64] `json:"numTotalSpaces"`
}

// hfRepos is /api/arxiv/{id}/repos.
type hfRepos struct {
	Models   []hfRepo `json:"models"`
	Datasets []hfRepo `json:"datasets"`
	Spaces   []hfRepo `json:"spaces"`
}

func repos(rs []hfRepo) []store.Repo {
	out := make([]store.Repo, 0, len(rs))
	for _, r := range rs {
		if r.ID != "" {
			out = append(out, r.repo())
		}
	}
	// Most used first: downloads, then likes (Spaces have no downloads).
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Downloads != out[j].Downloads {
			return out[i].Downloads > out[j].Downloads
		}
		return out[i].Likes > out[j].Likes
	})
	return out
}

// Links fetches what the Hub links to a paper: /api/papers/{id} for the
// totals (and the paper's own record, GitHub stars included, returned
// as paper when Hugging Face knows it) and /api/arxiv/{id}/repos for the
// repositories with their downloads and likes. A 404 from either means
// none, not an error.
func (h *HF) Links(ctx context.Context, id string) (links store.Links, paper *store.Paper, err error) {
	nid, err := store.NormalizeID(id)
	if err != nil {
		return store.Links{}, nil, err
	}
	var info hfPaperLinks
	u := h.url("/api/papers/"+nid, nil)
	body, err := h.HTTP.Get(ctx, u, "")
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return store.Links{}, nil, err
	default:
		if err := decodeJSON(body, &info); err != nil {
			return store.Links{}, nil, fmt.Errorf("%s: %w", where(u, ""), err)
		}
		var p hfPaper
		if decodeJSON(body, &p) == nil {
			if out, ok := (hfItem{hfPaper: p}).toPaper(""); ok {
				paper = &out
			}
		}
	}
	var rs hfRepos
	u = h.url("/api/arxiv/"+nid+"/repos", nil)
	body, err = h.HTTP.Get(ctx, u, "")
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return store.Links{}, nil, err
	default:
		if err := decodeJSON(body, &rs); err != nil {
			return store.Links{}, nil, fmt.Errorf("%s: %w", where(u, ""), err)
		}
	}
	pick := func(listed, info []hfRepo) []store.Repo {
		if len(listed) > 0 {
			return repos(listed)
		}
		return repos(info)
	}
	links = store.Links{
		Models:      pick(rs.Models, info.LinkedModels),
		Datasets:    pick(rs.Datasets, info.LinkedDatasets),
		Spaces:      pick(rs.Spaces, info.LinkedSpaces),
		NumModels:   max(count(info.NumTotalModels.V), len(rs.Models)),
		NumDatasets: max(count(info.NumTotalDatasets.V), len(rs.Datasets)),
		NumSpaces:   max(count(info.NumTotalSpaces.V), len(rs.Spaces)),
	}
	return links, paper, nil
}

// LinkStore is what FetchLinks needs of the database.
type LinkStore interface {
	Upserter
	SetLinks(ctx context.Context, id string, l store.Links) error
}

// FetchLinks fetches a paper's links and stores them, with the paper's
// own record when Hugging Face sent one (its GitHub repo and stars, its
// counts: a new row of history when they moved).
func FetchLinks(ctx context.Context, h *HF, db LinkStore, id string) error {
	links, paper, err := h.Links(ctx, id)
	if err != nil {
		return err
	}
	if paper != nil {
		if _, err := db.UpsertPapers(ctx, []store.Paper{*paper}); err != nil {
			return err
		}
	}
	return db.SetLinks(ctx, id, links)
}
