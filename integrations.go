package main

// The commands that hand papers to the researcher's other tools: Zotero
// and Hugging Face collections.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/fetch/collections"
	"github.com/paperboy-reader/paperboy/fetch/zotero"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// --- zotero -----------------------------------------------------------------------

// zoteroClient is the Zotero client of the environment, else the config
// file's [zotero] table.
func (c *cli) zoteroClient(cfg config.Config) (*zotero.Client, error) {
	key, user := config.VarZoteroKey.Get(), config.VarZoteroUser.Get()
	if key == "" {
		key = cfg.Zotero.APIKey
	}
	if user == "" {
		user = cfg.Zotero.UserID
	}
	return zotero.New(config.VarZoteroEndpoint.Get(), key, user, fetch.UserAgent(version))
}

type zoteroAddOptions struct {
	*cli
	IDs []string // normalised
}

func newZoteroCmd(c *cli, runF func(context.Context, *zoteroAddOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "zotero",
		Short: "Add papers to your Zotero library",
		Long: `Adds papers to your Zotero library through the Zotero web API, as
preprints in the arXiv repository (title, authors, date, abstract, arXiv
ID, URL, DOI and your tags). A paper the library already has, found by its
arXiv id or DOI, is not added again.

It needs an API key with write access and your numeric user ID, both on
https://www.zotero.org/settings/keys: ZOTERO_API_KEY and ZOTERO_USER_ID,
or api_key and user_id in the config file's [zotero] table.`,
		Example: "  paperboy zotero add 2505.09343 2106.09685",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("zotero: unknown command %q (use zotero add ID...)", args[0])
			}
			return usagef("zotero needs a command: zotero add ID...")
		},
		RunE: func(cmd *cobra.Command, args []string) error { return nil },
	}
	o := &zoteroAddOptions{cli: c}
	add := &cobra.Command{
		Use:               "add ID...",
		Short:             "Add papers to your Zotero library (once each)",
		Example:           "  paperboy zotero add 2505.09343\n  paperboy list --query is:starred --json | jq -r '.[].id' | xargs paperboy zotero add",
		Args:              minArgs(1, "zotero add needs at least one paper ID"),
		ValidArgsFunction: c.completeIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IDs = o.IDs[:0]
			for _, a := range args {
				id, err := store.NormalizeID(a)
				if err != nil {
					return usagef("zotero add: %v", err)
				}
				o.IDs = append(o.IDs, id)
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.AddCommand(add)
	return cmd
}

// papersByID reads the papers from the database, fetching from arXiv the
// ones it lacks.
func (c *cli) papersByID(ctx context.Context, db *store.DB, ids []string) ([]store.Paper, error) {
	var missing []string
	for _, id := range ids {
		ok, err := db.HasPaper(ctx, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		s, err := c.syncer(db)
		if err != nil {
			return nil, err
		}
		if _, err := s.Papers(ctx, missing); err != nil {
			return nil, fmt.Errorf("%s not in the database, and fetching from arXiv failed: %w", strings.Join(missing, ", "), err)
		}
	}
	papers := make([]store.Paper, 0, len(ids))
	for _, id := range ids {
		p, err := db.Paper(ctx, id)
		if err != nil {
			return nil, err
		}
		papers = append(papers, p)
	}
	return papers, nil
}

func runZoteroAdd(ctx context.Context, o *zoteroAddOptions) error {
	cfg, err := o.config()
	if err != nil {
		return err
	}
	zc, err := o.zoteroClient(cfg)
	if err != nil {
		return err
	}
	return o.withDB(func(db *store.DB) error {
		papers, err := o.papersByID(ctx, db, o.IDs)
		if err != nil {
			return err
		}
		out, err := zc.Add(ctx, papers)
		if err != nil {
			return err
		}
		added, had, failed := 0, 0, 0
		for _, r := range out {
			switch {
			case r.Err != nil:
				failed++
				fmt.Fprintf(o.stderr, "%s: not added: %v\n", r.ID, r.Err)
			case r.Added:
				added++
				fmt.Fprintf(o.stdout, "%s: added (item %s)\n", r.ID, r.Key)
			default:
				had++
				fmt.Fprintf(o.stdout, "%s: already in the library (item %s)\n", r.ID, r.Key)
			}
		}
		if failed > 0 {
			return fmt.Errorf("%d of %d papers were not added (see above)", failed, len(out))
		}
		return nil
	})
}

// --- collection --------------------------------------------------------------------

type collectionOptions struct {
	*cli
	Push bool // push, else pull
	Slug string
}

func newCollectionCmd(c *cli, runF func(context.Context, *collectionOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "collection",
		Short: "Mirror the starred papers to and from a Hugging Face collection",
		Long: `Mirrors the starred papers to and from a Hugging Face collection, your
note on a paper as its note there. push adds the papers starred here that
the collection lacks, updates changed notes and removes the papers you
unstarred since the last push or pull; pull stars the papers the collection
holds (fetching the ones the database lacks) and unstars the ones removed
from it since. So two machines stay in step through one collection: pull,
then push. SLUG is the collection's, as in its URL: owner/title-0123abcd.

It needs HF_TOKEN, a token with write access
(https://huggingface.co/settings/tokens).`,
		Example: `  paperboy collection push alice/reading-list-66a0b1c2d3e4f5a6b7c8d9e0
  paperboy collection pull alice/reading-list-66a0b1c2d3e4f5a6b7c8d9e0`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("collection: unknown command %q (use push or pull)", args[0])
			}
			return usagef("collection needs a command: push SLUG or pull SLUG")
		},
		RunE: func(cmd *cobra.Command, args []string) error { return nil },
	}
	for _, push := range []bool{true, false} {
		o := &collectionOptions{cli: c, Push: push}
		name, short := "push", "Make the collection hold the starred papers"
		if !push {
			name, short = "pull", "Star the papers the collection holds"
		}
		cmd.AddCommand(&cobra.Command{
			Use:   name + " SLUG",
			Short: short,
			Args:  exactArgs(1, "collection "+name+" needs the collection's SLUG (owner/title-id)"),
			RunE: func(cmd *cobra.Command, args []string) error {
				o.Slug = strings.TrimSpace(strings.TrimPrefix(args[0], "https://huggingface.co/collections/"))
				if !collections.ValidSlug(o.Slug) {
					return usagef("collection %s: %q is not a collection slug (owner/title-id, as in the collection's URL)", name, args[0])
				}
				return runF(cmd.Context(), o)
			},
		})
	}
	return cmd
}

// collectionState is the file beside the database that keeps, per
// collection, the papers both sides agreed on at the last push or pull.
func (c *cli) collectionState() string { return config.DBPath(c.dbFlag) + ".collections.json" }

func (c *cli) readCollectionState() (map[string][]string, error) {
	data, err := os.ReadFile(c.collectionState())
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	st := map[string][]string{}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("%s: %v", c.collectionState(), err)
	}
	return st, nil
}

func (c *cli) writeCollectionState(st map[string][]string) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	path := c.collectionState()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func idSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func runCollection(ctx context.Context, o *collectionOptions) error {
	hc, err := collections.New(config.VarHFEndpoint.Get(), config.VarHFToken.Get(), fetch.UserAgent(version))
	if err != nil {
		return err
	}
	state, err := o.readCollectionState()
	if err != nil {
		return err
	}
	last := idSet(state[o.Slug])
	return o.withDB(func(db *store.DB) error {
		papers, err := db.AllPapers(ctx, store.Filter{View: store.ViewStarred})
		if err != nil {
			return err
		}
		starred := make([]collections.Local, len(papers))
		for i, p := range papers {
			starred[i] = collections.Local{ID: p.ID, Note: p.Note}
		}
		if o.Push {
			return o.push(ctx, hc, starred, state)
		}
		return o.pull(ctx, hc, db, starred, last, state)
	})
}

func (o *collectionOptions) push(ctx context.Context, hc *collections.Client, starred []collections.Local, state map[string][]string) error {
	last := idSet(state[o.Slug])
	done, err := hc.Push(ctx, o.Slug, starred, last)
	for _, l := range done.Add {
		fmt.Fprintf(o.stdout, "added %s\n", l.ID)
	}
	for _, it := range done.Notes {
		fmt.Fprintf(o.stdout, "note of %s updated\n", it.ID)
	}
	for _, it := range done.Remove {
		fmt.Fprintf(o.stdout, "removed %s\n", it.ID)
	}
	fmt.Fprintf(o.stdout, "push %s: %d added, %d notes updated, %d removed", o.Slug, len(done.Add), len(done.Notes), len(done.Remove))
	if len(done.Kept) > 0 {
		fmt.Fprintf(o.stdout, ", %d kept that are not starred here (pull stars them)", len(done.Kept))
	}
	fmt.Fprintln(o.stdout)
	if err != nil {
		return err
	}
	ids := make([]string, len(starred))
	for i, l := range starred {
		ids[i] = l.ID
	}
	state[o.Slug] = ids
	return o.writeCollectionState(state)
}

func (o *collectionOptions) pull(ctx context.Context, hc *collections.Client, db *store.DB, starred []collections.Local,
	last map[string]bool, state map[string][]string) error {
	col, err := hc.Get(ctx, o.Slug)
	if err != nil {
		return err
	}
	plan := collections.PlanPull(col, starred, last)
	// Papers the database lacks come from arXiv; offline, the collection's
	// own record (id and title) stands in until a sync brings the rest.
	var missing []string
	for _, it := range plan.Star {
		ok, err := db.HasPaper(ctx, it.ID)
		if err != nil {
			return err
		}
		if !ok {
			missing = append(missing, it.ID)
		}
	}
	fetched := 0
	if len(missing) > 0 {
		if s, err := o.syncer(db); err == nil {
			if _, err := s.Papers(ctx, missing); err == nil {
				for _, id := range missing {
					if ok, err := db.HasPaper(ctx, id); err == nil && ok {
						fetched++
					}
				}
			} else {
				fmt.Fprintf(o.stderr, "fetching %d papers from arXiv failed (%v): stored what the collection says of them\n",
					len(missing), firstLine(err.Error()))
			}
		}
	}
	now := time.Now()
	var records []store.Paper
	for _, it := range append(append([]collections.Item(nil), plan.Star...), plan.Notes...) {
		title := it.Title
		if title == "" {
			title = it.ID
		}
		records = append(records, store.Paper{ID: it.ID, Title: title, Starred: true, StarredAt: now, Note: it.Note,
			Source: store.SourceHF, Published: "", Authors: []string{}})
	}
	if _, _, err := db.RestoreState(ctx, records); err != nil {
		return err
	}
	for _, it := range plan.Star {
		fmt.Fprintf(o.stdout, "starred %s\n", it.ID)
	}
	for _, it := range plan.Notes {
		fmt.Fprintf(o.stdout, "note of %s taken from the collection\n", it.ID)
	}
	for _, id := range plan.Unstar {
		if err := db.SetStarred(ctx, id, false); err != nil {
			return err
		}
		fmt.Fprintf(o.stdout, "unstarred %s (removed from the collection)\n", id)
	}
	fmt.Fprintf(o.stdout, "pull %s: %d starred (%d fetched, %d stored from the collection), %d notes taken, %d unstarred\n",
		o.Slug, len(plan.Star), fetched, len(missing)-fetched, len(plan.Notes), len(plan.Unstar))
	ids := make([]string, 0, len(col.Items))
	for id := range col.Papers() {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	state[o.Slug] = ids
	return o.writeCollectionState(state)
}
