package main

// The commands that hand papers to the researcher's other tools: Zotero
// and Hugging Face collections.

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/paperboy-reader/paperboy/fetch"
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
		Use:     "add ID...",
		Short:   "Add papers to your Zotero library (once each)",
		Example: "  paperboy zotero add 2505.09343\n  paperboy list --query is:starred --json | jq -r '.[].id' | xargs paperboy zotero add",
		Args:    minArgs(1, "zotero add needs at least one paper ID"),
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
