package main

// Shell completion of the things paperboy knows: paper ids (starred
// first, then the newest), tag names and the config file's views. A
// completion never creates or changes anything: without a database or a
// readable config file it offers nothing.

import (
	"context"
	"os"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// completeLimit is how many papers of each kind a completion offers.
const completeLimit = 200

const noFiles = cobra.ShellCompDirectiveNoFileComp

// withExistingDB runs fn on the database when its file exists.
func (c *cli) withExistingDB(fn func(db *store.DB) error) error {
	if _, err := os.Stat(config.DBPath(c.dbFlag)); err != nil {
		return err
	}
	return c.withDB(fn)
}

// paperIDs are the ids that start with prefix, starred papers first, then
// the newest, each with its title as the description.
func (c *cli) paperIDs(ctx context.Context, prefix string, skip map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	_ = c.withExistingDB(func(db *store.DB) error {
		for _, f := range []store.Filter{{View: store.ViewStarred, Sort: store.SortNew}, {Sort: store.SortNew}} {
			items, err := db.Papers(ctx, f, 0, completeLimit)
			if err != nil {
				return err
			}
			for _, it := range items {
				if seen[it.ID] || skip[it.ID] || !strings.HasPrefix(it.ID, prefix) {
					continue
				}
				seen[it.ID] = true
				desc := ansi.Truncate(safetext.ScreenLine(it.Title), 60, "…")
				if it.Starred {
					desc = "★ " + desc
				}
				out = append(out, it.ID+"\t"+desc)
			}
		}
		return nil
	})
	return out
}

// completeIDs completes every argument as a paper id.
func (c *cli) completeIDs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return c.paperIDs(cmd.Context(), toComplete, idSet(args)), noFiles | cobra.ShellCompDirectiveKeepOrder
}

// completeOneID completes the first argument only.
func (c *cli) completeOneID(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	return c.completeIDs(cmd, args, toComplete)
}

// completeTagArgs is ID TAG...: a paper id, then tag names (for untag,
// the paper's own tags).
func (c *cli) completeTagArgs(add bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return c.completeIDs(cmd, args, toComplete)
		}
		var names []string
		_ = c.withExistingDB(func(db *store.DB) error {
			var err error
			if add {
				names, err = db.UserTagNames(cmd.Context())
				return err
			}
			p, err := db.Paper(cmd.Context(), args[0])
			names = p.Tags
			return err
		})
		return matching(names, toComplete, idSet(args[1:])), noFiles
	}
}

// completeViews completes the config file's view names.
func (c *cli) completeViews(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, err := c.config()
	if err != nil {
		return nil, noFiles
	}
	var names []string
	for _, v := range cfg.Views {
		names = append(names, v.Name)
	}
	return matching(names, toComplete, nil), noFiles | cobra.ShellCompDirectiveKeepOrder
}

func completeFormats(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return matching(export.Names(), toComplete, nil), noFiles | cobra.ShellCompDirectiveKeepOrder
}

// matching are the names that start with prefix (in any case), less skip.
func matching(names []string, prefix string, skip map[string]bool) []string {
	var out []string
	for _, n := range names {
		if !skip[n] && strings.HasPrefix(strings.ToLower(n), strings.ToLower(prefix)) {
			out = append(out, n)
		}
	}
	return out
}
