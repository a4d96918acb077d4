// Command paperboy is a terminal reader for new research papers from
// Hugging Face Papers and arXiv, kept in a local SQLite database.
//
// main.go only wires: each command is an options struct, a function that
// builds its cobra command (flags, validation) and a run function that
// does the work by calling the packages: store keeps the papers, fetch
// syncs them, ui is the reader, ui/config the config file, store/export
// the export formats.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/ansi"
	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/fetch/collections"
	"github.com/paperboy-reader/paperboy/fetch/fulltext"
	"github.com/paperboy-reader/paperboy/fetch/zotero"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/backup"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/store/textdoc"
	"github.com/paperboy-reader/paperboy/ui"
	"github.com/paperboy-reader/paperboy/ui/config"
	"github.com/paperboy-reader/paperboy/ui/markdown"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks a mistake in how the command was called (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program minus os.Exit, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr}
	root := newRootCmd(c)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "paperboy: %s\n", ue.msg)
		fmt.Fprintln(stderr, "Run 'paperboy --help' for usage.")
		return exitUsage
	}
	prefix := "paperboy"
	if cmd != nil && cmd != root {
		prefix = cmd.Name()
	}
	fmt.Fprintf(stderr, "%s: %s\n", prefix, firstLine(err.Error()))
	return exitError
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// cli carries what every command needs: the output streams and the global
// flags.
type cli struct {
	dbFlag, configFlag string
	stdout, stderr     io.Writer
	unshare            func() // stops counting the rate limits in the open database
}

func (c *cli) open() (*store.DB, error) {
	clock, err := config.Clock()
	if err != nil {
		return nil, err
	}
	n, per, ok, err := config.VarHFRate.Rate()
	if err != nil {
		return nil, err
	}
	if ok {
		fetch.HFLimiter.SetRate(n, per)
		fetch.HFPageLimiter.SetRate(n, per)
	}
	db, err := store.Open(config.DBPath(c.dbFlag))
	if err != nil {
		return nil, err
	}
	if clock != nil {
		db.SetClock(clock)
	}
	// Every paperboy on this database counts Hugging Face's limits
	// together (a reader and a cron sync at once).
	c.unshare = fetch.ShareLimits(db)
	return db, nil
}

// closeDB closes what open opened.
func (c *cli) closeDB(db *store.DB) {
	if c.unshare != nil {
		c.unshare()
		c.unshare = nil
	}
	db.Close()
}

// backupDir is where the daily backups of the user's work go: beside the
// database.
func (c *cli) backupDir() string { return backup.Dir(filepath.Dir(config.DBPath(c.dbFlag))) }

// dailyBackup writes today's backup in the background (the first run of
// the day); the function it returns waits for it and says on stderr if it
// failed.
func (c *cli) dailyBackup(ctx context.Context, db *store.DB) (wait func()) {
	done := make(chan error, 1)
	go func() {
		// Reads only: an interrupted sync still leaves the day's backup.
		_, err := backup.Daily(context.WithoutCancel(ctx), db, c.backupDir(), time.Now())
		done <- err
	}()
	return func() {
		if err := <-done; err != nil {
			fmt.Fprintf(c.stderr, "paperboy: %s\n", firstLine(err.Error()))
		}
	}
}

func (c *cli) configPath() string {
	if c.configFlag != "" {
		return c.configFlag
	}
	return config.Path()
}

func (c *cli) config() (config.Config, error) { return config.Load(c.configPath()) }

// arxivDelay is the least time between two requests to arXiv:
// PAPERBOY_ARXIV_DELAY, else arXiv's own rule.
func arxivDelay() (time.Duration, error) {
	d, ok, err := config.VarArxivDelay.Duration()
	if err != nil {
		return 0, err
	}
	if !ok {
		return fetch.DefaultArxivDelay, nil
	}
	return d, nil
}

// syncer is the fetch layer on the database, its endpoints from the
// environment.
func (c *cli) syncer(db *store.DB) (*fetch.Syncer, error) {
	d, err := arxivDelay()
	if err != nil {
		return nil, err
	}
	ep := fetch.Endpoints{HF: config.VarHFEndpoint.Get(), HFToken: config.VarHFToken.Get(),
		Arxiv: config.VarArxivEndpoint.Get(), ArxivDelay: d}
	s, err := fetch.NewSyncer(db, ep, version)
	if err != nil {
		return nil, err
	}
	s.Now = db.Now // PAPERBOY_NOW moves "today" too
	return s, nil
}

// textClient downloads full texts, its endpoints from the environment and
// arXiv's pace the syncer's.
func (c *cli) textClient() (*fulltext.Client, error) {
	d, err := arxivDelay()
	if err != nil {
		return nil, err
	}
	return fulltext.New(fulltext.Options{HFEndpoint: config.VarHFEndpoint.Get(), HFToken: config.VarHFToken.Get(),
		ArxivHTMLEndpoint: config.VarArxivHTML.Get(), ArxivDelay: d, Version: version})
}

// withDB runs fn on the opened database and closes it.
func (c *cli) withDB(fn func(db *store.DB) error) error {
	db, err := c.open()
	if err != nil {
		return err
	}
	defer c.closeDB(db)
	return fn(db)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// noArgs and friends turn a wrong number of arguments into a usage error.
func noArgs(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("%s takes no arguments (got %q)", what, args[0])
		}
		return nil
	}
}

func minArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s", msg)
		}
		return nil
	}
}

func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s", msg)
		}
		return nil
	}
}

// --- root and reader ----------------------------------------------------------

func rootLong() string {
	return `paperboy: a terminal reader for new papers from Hugging Face and arXiv.

With no command it opens the reader on the cached papers and syncs in the
background. The commands below script the same database.

Environment:
` + config.VarsHelp() + `

Exit codes: 0 ok, 1 error, 2 usage.`
}

func newRootCmd(c *cli) *cobra.Command {
	root := &cobra.Command{
		Use:     "paperboy",
		Short:   "A terminal reader for new research papers",
		Long:    rootLong(),
		Example: "  paperboy\n  paperboy sync --days 30\n  paperboy list --query \"tag:cs.AR since:2025-01\" --json",
		Version: version,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q", args[0])
			}
			return nil
		},
		RunE:          func(cmd *cobra.Command, args []string) error { return runReader(cmd.Context(), c) },
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("paperboy {{.Version}}\n")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%s: %v", cmd.Name(), err)
	})
	pf := root.PersistentFlags()
	pf.StringVar(&c.dbFlag, "db", "", "database file (default $PAPERBOY_DB, else the data directory)")
	pf.StringVar(&c.configFlag, "config", "", "config file (default $PAPERBOY_CONFIG, else the config directory)")

	root.AddCommand(
		newSyncCmd(c, runSync), newImportCmd(c, runImport), newListCmd(c, runList), newShowCmd(c, runShow),
		newReadCmd(c, runRead), newRefsCmd(c, runRefs),
		newStarCmd(c, true, runStar), newStarCmd(c, false, runStar),
		newTagCmd(c, true, runTag), newTagCmd(c, false, runTag),
		newExportCmd(c, runExport), newImportStateCmd(c, runImportState),
		newBackupCmd(c, runBackup), newStatsCmd(c, runStats), newSyncsCmd(c, runSyncs), newConfigCmd(c, runConfig),
		newZoteroCmd(c, runZoteroAdd), newCollectionCmd(c, runCollection),
		newSimilarCmd(c, runSimilar), newForYouCmd(c, runForYou), newDigestCmd(c, runDigest), newFeedCmd(c, runFeed),
		newCompletionCmd(c, root), newManCmd(c, root),
	)
	root.SetHelpCommand(&cobra.Command{
		Use:     "help [COMMAND | keys]",
		Short:   "Help on a command, or the reader's keys",
		Example: "  paperboy help sync\n  paperboy help keys",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] == "keys" {
				fmt.Fprint(c.stdout, ui.KeysText())
				return nil
			}
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usagef("no help for %q", strings.Join(args, " "))
			}
			return target.Help()
		},
	})
	return root
}

// follow is what the config's [sync] table asks the fetch layer to follow.
func follow(sc config.Sync) fetch.Follow {
	return fetch.Follow{HuggingFace: sc.HuggingFace, Days: sc.Days, Arxiv: sc.Arxiv, ArxivMax: sc.ArxivMax}
}

// runReader opens the reader.
func runReader(ctx context.Context, c *cli) error {
	cfg, err := c.config()
	if err != nil {
		return err
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer c.closeDB(db)
	syncer, err := c.syncer(db)
	if err != nil {
		return err
	}
	texts, err := c.textClient()
	if err != nil {
		return err
	}
	browser := cfg.Reader.Browser
	if browser == "" {
		browser = config.VarBrowser.Get()
	}
	// "New since last visit" counts from the visit before this one.
	if _, err := db.RecordVisit(ctx); err != nil {
		return err
	}
	// Papers an interrupted import left out of the search index are
	// indexed in the background; quitting stops it between batches.
	defer db.IndexInBackground(ctx)()
	defer c.dailyBackup(ctx, db)()
	defer writeMemStats()
	opts := c.readerOptions(cfg, db, syncer, texts)
	opts.Browser = browser
	return ui.Run(ctx, opts)
}

// readerOptions wires the reader to the database and the fetch layer.
func (c *cli) readerOptions(cfg config.Config, db *store.DB, syncer *fetch.Syncer, texts *fulltext.Client) ui.Options {
	return ui.Options{
		DB: db,
		Sync: func(ctx context.Context, progress func(ui.SyncProgress)) (ui.SyncResult, error) {
			// After days away, every day since the last successful sync.
			f, note := follow(cfg.Sync), ""
			if last, err := db.LastRecentSync(ctx); err == nil {
				var days int
				var from string
				if f, days, from = fetch.CatchUp(f, last, db.Now(), cfg.Sync.CatchUpDays); days > 0 {
					note = fmt.Sprintf("catching up on %d days since %s: ", days, from)
				}
			}
			syncer.Progress = func(p fetch.Progress) {
				progress(ui.SyncProgress{Message: note + p.Message, New: p.New, Updated: p.Updated})
			}
			res, err := syncer.Followed(ctx, f)
			return ui.SyncResult{Fetched: res.Fetched, New: res.New, Updated: res.Updated}, err
		},
		IsOffline: isOffline,
		// What a session's queries freed, Go's and SQLite's, goes back to
		// the system once the reader is idle.
		ReleaseMemory: func() {
			debug.FreeOSMemory()
			store.ReleaseMemory()
		},
		LoadSample: func(ctx context.Context) (int, error) { return fetch.LoadSample(ctx, db) },
		FetchText: func(ctx context.Context, id string) error {
			_, err := fulltext.Download(ctx, texts, db, id)
			return err
		},
		FetchPapers: func(ctx context.Context, ids []string) error {
			_, err := syncer.Papers(ctx, ids)
			return err
		},
		AddToZotero: func(ctx context.Context, id string) (string, error) {
			zc, err := c.zoteroClient(cfg)
			if err != nil {
				return "", err
			}
			p, err := db.Paper(ctx, id)
			if err != nil {
				return "", err
			}
			out, err := zc.Add(ctx, []store.Paper{p})
			switch {
			case err != nil:
				return "", err
			case out[0].Err != nil:
				return "", out[0].Err
			case out[0].Added:
				return "added to Zotero", nil
			}
			return "already in Zotero", nil
		},
		FetchLinks: func(ctx context.Context, id string) error {
			return fetch.FetchLinks(ctx, syncer.HF, db, id)
		},
		SearchRemote: func(ctx context.Context, query string) (int, error) {
			return searchRemote(ctx, syncer, query)
		},
		Now:         db.Now,
		SyncOnStart: cfg.Sync.OnStart,
		Theme:       cfg.Reader.Theme,
		ForYouDays:  cfg.Reader.ForYouDays,
		Views:       cfg.Views,
	}
}

// searchRemote sends a reader's search beyond the library: its plain
// words to Hugging Face's paper search, its cat: and author: terms to
// arXiv (the newest papers of each, at most 50); other terms stay local.
// It returns how many papers came back.
func searchRemote(ctx context.Context, s *fetch.Syncer, query string) (int, error) {
	var words, arxiv []string
	for _, f := range strings.Fields(query) {
		field, value, ok := strings.Cut(f, ":")
		switch {
		case !ok && !strings.HasPrefix(f, "-"):
			words = append(words, strings.Trim(f, `"`))
		case ok && strings.EqualFold(field, "cat") && value != "":
			arxiv = append(arxiv, "cat:"+value)
		case ok && strings.EqualFold(field, "author") && value != "":
			arxiv = append(arxiv, "au:"+strings.Trim(value, `"`))
		}
	}
	n := 0
	if len(words) > 0 {
		res, err := s.HFSearch(ctx, strings.Join(words, " "))
		n += res.Fetched
		if err != nil {
			return n, err
		}
	}
	if len(arxiv) > 0 {
		res, err := s.ArxivQuery(ctx, strings.Join(arxiv, " AND "), 50)
		n += res.Fetched
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// isOffline tells a network failure, of a sync or of a text's download,
// from other errors.
func isOffline(err error) bool {
	return fetch.IsOffline(err) || errors.Is(err, fulltext.ErrOffline)
}

// writeMemStats writes the Go runtime's memory statistics as JSON to the
// file $PAPERBOY_MEMSTATS names, when it names one (for the benchmarks).
func writeMemStats() {
	path := config.VarMemStats.Get()
	if path == "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := json.Marshal(&ms)
	if err != nil {
		return
	}
	_ = os.WriteFile(path, b, 0o644)
}

// --- sync -----------------------------------------------------------------------

type syncOptions struct {
	*cli
	Date, Week, Month, Search, Arxiv string
	Days, Max                        int
	DaysSet                          bool // --days was given: only those days, not what the config follows
	NoCategories                     bool
	Texts                            bool // the full texts of starred papers instead of papers
	Trending                         bool // Hugging Face's trending papers
}

func newSyncCmd(c *cli, runF func(context.Context, *syncOptions) error) *cobra.Command {
	o := &syncOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Fetch recent papers from Hugging Face and arXiv",
		Long: `Fetches what the config file follows (by default the last 7 days of Hugging
Face daily papers), then fills in their arXiv categories. Running it twice
in a row adds nothing. A flag fetches that one thing instead; --texts
downloads the full text of every starred paper that has none yet, for
reading offline (paperboy read).`,
		Example: `  paperboy sync
  paperboy sync --days 30
  paperboy sync --date 2025-05-15
  paperboy sync --week 2025-W20
  paperboy sync --month 2025-05
  paperboy sync --search "hardware accelerator"
  paperboy sync --trending
  paperboy sync --arxiv cat:cs.AR --max 200
  paperboy sync --texts`,
		Args: noArgs("sync"),
		RunE: func(cmd *cobra.Command, args []string) error {
			set := 0
			for _, s := range []string{o.Date, o.Week, o.Month, o.Search, o.Arxiv} {
				if s != "" {
					set++
				}
			}
			if o.Trending {
				set++
			}
			if o.Texts {
				for _, name := range []string{"date", "week", "month", "search", "arxiv", "trending", "days", "max", "no-categories"} {
					if cmd.Flags().Changed(name) {
						return usagef("sync --texts downloads texts only; it takes no --%s", name)
					}
				}
			}
			if set > 1 {
				return usagef("use only one of --date, --week, --month, --search, --arxiv, --trending, --texts")
			}
			if o.Days < 1 || o.Days > config.MaxDays {
				return usagef("--days must be between 1 and %d", config.MaxDays)
			}
			if o.Max < 1 {
				return usagef("--max must be at least 1")
			}
			o.DaysSet = cmd.Flags().Changed("days")
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Date, "date", "", "one day of daily papers (YYYY-MM-DD)")
	f.StringVar(&o.Week, "week", "", "one week of daily papers (YYYY-Www)")
	f.StringVar(&o.Month, "month", "", "one month of daily papers (YYYY-MM)")
	f.IntVar(&o.Days, "days", 7, "the last N days of daily papers")
	f.StringVar(&o.Search, "search", "", "papers matching a Hugging Face search")
	f.BoolVar(&o.Trending, "trending", false, "Hugging Face's trending papers (its listing's sort=trending)")
	f.StringVar(&o.Arxiv, "arxiv", "", "newest papers of an arXiv query, e.g. cat:cs.AR")
	f.IntVar(&o.Max, "max", 100, "with --arxiv: at most this many papers")
	f.BoolVar(&o.NoCategories, "no-categories", false, "skip looking up arXiv categories")
	f.BoolVar(&o.Texts, "texts", false, "download the full texts of starred papers that have none")
	return cmd
}

func runSync(ctx context.Context, o *syncOptions) error {
	if o.Texts {
		return runSyncTexts(ctx, o)
	}
	cfg, err := o.config()
	if err != nil {
		return err
	}
	return o.withDB(func(db *store.DB) error {
		defer o.dailyBackup(ctx, db)()
		s, err := o.syncer(db)
		if err != nil {
			return err
		}
		s.Progress = func(p fetch.Progress) { fmt.Fprintln(o.stderr, ansi.Strip(p.Message)) }
		var res fetch.Result
		cats := !o.NoCategories && o.Arxiv == ""
		switch {
		case o.Date != "":
			res, err = s.HFDate(ctx, o.Date)
		case o.Week != "":
			res, err = s.HFWeek(ctx, o.Week)
		case o.Month != "":
			res, err = s.HFMonth(ctx, o.Month)
		case o.Search != "":
			res, err = s.HFSearch(ctx, o.Search)
		case o.Trending:
			res, err = s.HFTrending(ctx)
		case o.Arxiv != "":
			res, err = s.ArxivQuery(ctx, o.Arxiv, o.Max)
		case o.DaysSet:
			res, err = s.HFRecent(ctx, o.Days)
		default:
			res, err = s.Followed(ctx, follow(cfg.Sync))
			cats = false // Followed has done it
		}
		if err == nil && cats {
			var r fetch.Result
			r, err = s.FillCategories(ctx, 0)
			res.Updated += r.Updated
		}
		fmt.Fprintln(o.stdout, res)
		if err != nil && fetch.IsOffline(err) {
			return fmt.Errorf("offline: %v (cached papers are kept)", err)
		}
		if err == nil {
			// A cron's syncs keep the newest papers' search index in size
			// too, for those who seldom open the reader (a no-op until it
			// holds twice its size).
			err = db.TendRecentIndex(ctx)
		}
		return err
	})
}

// runSyncTexts is sync --texts: a line per paper on stderr as it is
// done, the sum on stdout.
func runSyncTexts(ctx context.Context, o *syncOptions) error {
	c, err := o.textClient()
	if err != nil {
		return err
	}
	return o.withDB(func(db *store.DB) error {
		var without, failed int
		n, err := fulltext.DownloadStarred(ctx, c, db, func(done, total int, id string, err error) {
			outcome := "downloaded"
			switch {
			case errors.Is(err, fulltext.ErrNoFullText):
				without++
				outcome = "no full text"
			case errors.Is(err, fulltext.ErrOffline):
				outcome = "offline" // the run ends here and says why
			case err != nil:
				failed++
				outcome = err.Error()
			}
			fmt.Fprintf(o.stderr, "text %d/%d %s: %s\n", done, total, id, safetext.ScreenLine(outcome))
		})
		sum := fmt.Sprintf("texts: %d downloaded, %d without full text", n, without)
		if failed > 0 {
			sum += fmt.Sprintf(", %d failed", failed)
		}
		fmt.Fprintln(o.stdout, sum)
		switch {
		case err != nil && errors.Is(err, fulltext.ErrOffline):
			return fmt.Errorf("offline: %v (the texts downloaded are kept)", errors.Unwrap(err))
		case err != nil:
			return err
		case failed > 0:
			return fmt.Errorf("%d of the texts could not be downloaded (see above); run sync --texts again later", failed)
		}
		return nil
	})
}

// --- import -----------------------------------------------------------------------

type importOptions struct {
	*cli
	Files []string
}

func newImportCmd(c *cli, runF func(context.Context, *importOptions) error) *cobra.Command {
	o := &importOptions{cli: c}
	return &cobra.Command{
		Use:   "import FILE...",
		Short: "Load an arXiv metadata snapshot or saved Hugging Face responses",
		Long: `Loads papers from bulk files in constant memory: the arXiv metadata
snapshot (arxiv-metadata-oai-snapshot.json, JSON lines, optionally gzipped)
or saved Hugging Face API responses (a JSON array).`,
		Example: `  paperboy import arxiv-metadata-oai-snapshot.json
  paperboy import daily-2025-05-15.json search-hardware.json`,
		Args: minArgs(1, "import needs at least one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Files = args
			return runF(cmd.Context(), o)
		},
	}
}

func runImport(ctx context.Context, o *importOptions) error {
	return o.withDB(func(db *store.DB) error {
		var importErr error
		for _, path := range o.Files {
			start := time.Now()
			res, err := fetch.ImportFile(ctx, db, path, func(n int) {
				fmt.Fprintf(o.stderr, "%s: %d papers read\n", filepath.Base(path), n)
			})
			if err != nil {
				importErr = err
				break
			}
			fmt.Fprintf(o.stdout, "%s: %s in %s\n", path, res, time.Since(start).Round(time.Millisecond))
		}
		if ctx.Err() != nil {
			// Interrupted: what was written stays, and the next import
			// or the reader finishes indexing it.
			return importErr
		}
		// Index what was written even when a file failed part-way, so
		// every stored paper is searchable.
		start := time.Now()
		err := db.IndexPending(ctx, func(done, total int) {
			fmt.Fprintf(o.stderr, "indexing for search: %d/%d\n", done, total)
		})
		if importErr != nil {
			return importErr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(o.stdout, "search index ready in %s\n", time.Since(start).Round(time.Millisecond))
		return nil
	})
}

// --- list / show ------------------------------------------------------------------

var queryHelp = "The search language:\n  " + strings.Join(store.SearchHelp, "\n  ")

// withView is the query of the config file's saved view called name (in
// any case) and q together; an unknown name is a usage error naming the
// views there are, and a bad config file is the file's error.
func (c *cli) withView(name string, q *store.Query) (*store.Query, error) {
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(cfg.Views))
	for _, v := range cfg.Views {
		if strings.EqualFold(v.Name, strings.TrimSpace(name)) {
			if q.Empty() {
				return v.Parsed(), nil
			}
			both := &store.Query{}
			both.Clauses = append(append(both.Clauses, v.Parsed().Clauses...), q.Clauses...)
			return both, nil
		}
		names = append(names, fmt.Sprintf("%q", v.Name))
	}
	if len(names) == 0 {
		return nil, usagef("unknown view %q: the config file (%s) has no [[views]]", name, c.configPath())
	}
	return nil, usagef("unknown view %q (the config file's views: %s)", name, strings.Join(names, ", "))
}

type listOptions struct {
	*cli
	Query *store.Query // with the view's, when there is one
	Sort  store.Sort
	Limit int
	JSON  bool
}

func newListCmd(c *cli, runF func(context.Context, *listOptions) error) *cobra.Command {
	o := &listOptions{cli: c}
	var sel selection
	var sortName string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print papers matching a query, as a table or JSON",
		Long:  "Prints papers matching a query.\n\n" + queryHelp,
		Example: `  paperboy list --query "tag:cs.AR since:2025-01-01" --sort top
  paperboy list --view Hardware --query is:unread
  paperboy list --query is:starred --json | jq -r '.[].arxiv_url'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("list takes no arguments; use --query %q", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Sort, err = store.ParseSort(sortName); err != nil {
				return usagef("%v", err)
			}
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			if o.Query, _, err = sel.parse(o.cli, cmd); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	sel.flags(c, cmd)
	f := cmd.Flags()
	f.StringVar(&sortName, "sort", "new", "new, top, trending, rising (upvotes gained in the last 24 hours) or relevance")
	f.IntVar(&o.Limit, "limit", 50, "at most this many papers")
	f.BoolVar(&o.JSON, "json", false, "print a JSON array")
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions([]string{"new", "top", "trending", "relevance"}, noFiles))
	return cmd
}

func runList(ctx context.Context, o *listOptions) error {
	return o.withDB(func(db *store.DB) error {
		f := store.Filter{Query: o.Query, Sort: o.Sort}
		if o.JSON {
			papers, err := db.FullPapers(ctx, f, o.Limit)
			if err != nil {
				return err
			}
			return export.WriteJSON(o.stdout, papers)
		}
		items, err := db.Papers(ctx, f, 0, o.Limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tDATE\tUPVOTES\tCATEGORY\tSTAR\tTITLE")
		for _, it := range items {
			star := ""
			if it.Starred {
				star = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", it.ID, it.Date(), it.Upvotes,
				it.PrimaryCategory, star, ansi.Truncate(safetext.ScreenLine(it.Title), 90, "…"))
		}
		return tw.Flush()
	})
}

// printMarkdown renders Markdown for the terminal, in the config file's
// theme, at a width.
func (c *cli) printMarkdown(md string, width int) error {
	cfg, err := c.config()
	if err != nil {
		return err
	}
	style, err := theme.Resolve(config.ExpandHome(cfg.Reader.Theme), config.VarNoColor.Get() != "")
	if err != nil {
		return err
	}
	out, err := markdown.Document(style, md, width)
	if err != nil {
		return err
	}
	_, err = io.WriteString(c.stdout, out)
	return err
}

// terminalWidth is the width of w when it is a terminal; ok is false
// when it is not (a pipe, a file, a test's buffer).
func terminalWidth(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return width, true
}

type showOptions struct {
	*cli
	ID   string
	JSON bool
}

func newShowCmd(c *cli, runF func(context.Context, *showOptions) error) *cobra.Command {
	o := &showOptions{cli: c}
	cmd := &cobra.Command{
		Use:               "show ID",
		ValidArgsFunction: c.completeOneID,
		Short:             "Print one paper",
		Long: `Prints one paper: rendered Markdown on a terminal (in the config file's
theme), plain text when piped, or JSON.`,
		Example: `  paperboy show 2505.09343
  paperboy show --json arXiv:2505.09343v2`,
		Args: exactArgs(1, "show needs exactly one paper ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID = args[0]
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runShow(ctx context.Context, o *showOptions) error {
	return o.withDB(func(db *store.DB) error {
		p, err := db.Paper(ctx, o.ID)
		if err != nil {
			return err
		}
		if o.JSON {
			return writeJSON(o.stdout, export.ToJSON(p))
		}
		width, ok := terminalWidth(o.stdout)
		if !ok {
			fmt.Fprint(o.stdout, export.Plain(p))
			return nil
		}
		return o.printMarkdown(export.Markdown(p), width)
	})
}

// --- read / refs -------------------------------------------------------------------

type readOptions struct {
	*cli
	ID      string // normalised
	Refresh bool
}

func newReadCmd(c *cli, runF func(context.Context, *readOptions) error) *cobra.Command {
	o := &readOptions{cli: c}
	cmd := &cobra.Command{
		Use:               "read ID",
		ValidArgsFunction: c.completeOneID,
		Short:             "Print a paper's full text",
		Long: `Prints a paper's full text: rendered on a terminal (in the config file's
theme), plain Markdown when piped. The text is Hugging Face's Markdown of
the paper, else arXiv's HTML converted; the first read downloads and
stores it, later ones read it from the database, offline too. --refresh
downloads it again.`,
		Example: `  paperboy read 2106.09685
  paperboy read 2106.09685 | less
  paperboy read --refresh arXiv:2106.09685v2`,
		Args: exactArgs(1, "read needs exactly one paper ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := store.NormalizeID(args[0])
			if err != nil {
				return usagef("read: %v", err)
			}
			o.ID = id
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.Refresh, "refresh", false, "download the text again even when one is stored")
	return cmd
}

func runRead(ctx context.Context, o *readOptions) error {
	return o.withDB(func(db *store.DB) error {
		t, err := db.Text(ctx, o.ID)
		stored := err == nil
		if err != nil && !errors.Is(err, store.ErrNoText) {
			return err
		}
		if !stored || o.Refresh {
			c, err := o.textClient()
			if err != nil {
				return err
			}
			fresh, err := fulltext.Download(ctx, c, db, o.ID)
			switch {
			case err == nil:
				t = fresh
			case stored && errors.Is(err, fulltext.ErrOffline):
				// The text downloaded before is still the paper.
				fmt.Fprintf(o.stderr, "offline: showing the text downloaded on %s\n", t.Fetched.Format("2006-01-02"))
			case errors.Is(err, fulltext.ErrOffline):
				return fmt.Errorf("offline: no text of %s is downloaded yet (%v)", o.ID, errors.Unwrap(err))
			default:
				// NoFullTextError's message is the line to show as it is.
				return err
			}
		}
		width, ok := terminalWidth(o.stdout)
		if !ok {
			// The text was made safe when downloaded; the database is a
			// file anyone can write, so it is made safe again.
			_, err := io.WriteString(o.stdout, safetext.Text(t.Markdown))
			return err
		}
		return o.printMarkdown(safetext.Text(t.Markdown), width)
	})
}

type refsOptions struct {
	*cli
	ID   string // normalised
	JSON bool
}

// refJSON is one reference in refs --json.
type refJSON struct {
	N       int    `json:"n"`
	Text    string `json:"text"`
	ArxivID string `json:"arxiv_id"` // "" when it cites no arXiv paper
	Stored  bool   `json:"stored"`   // that paper is in the database
}

func newRefsCmd(c *cli, runF func(context.Context, *refsOptions) error) *cobra.Command {
	o := &refsOptions{cli: c}
	cmd := &cobra.Command{
		Use:               "refs ID",
		ValidArgsFunction: c.completeOneID,
		Short:             "List the references of a paper's downloaded text",
		Long: `Lists the bibliography of a paper's downloaded full text, in order, with
the arXiv id each entry cites (when it cites one) and whether that paper
is in the database. The text must be downloaded first: paperboy read ID.`,
		Example: `  paperboy refs 2106.09685
  paperboy refs 2106.09685 --json | jq -r '.[] | select(.arxiv_id != "" and (.stored | not)) | .arxiv_id'`,
		Args: exactArgs(1, "refs needs exactly one paper ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := store.NormalizeID(args[0])
			if err != nil {
				return usagef("refs: %v", err)
			}
			o.ID = id
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array")
	return cmd
}

func runRefs(ctx context.Context, o *refsOptions) error {
	return o.withDB(func(db *store.DB) error {
		t, err := db.Text(ctx, o.ID)
		if errors.Is(err, store.ErrNoText) {
			return fmt.Errorf("no text of %s is downloaded; paperboy read %s downloads it", o.ID, o.ID)
		}
		if err != nil {
			return err
		}
		refs := textdoc.References(t.Markdown)
		out := make([]refJSON, 0, len(refs))
		for _, r := range refs {
			j := refJSON{N: r.N, Text: r.Text, ArxivID: r.ArxivID}
			if r.ArxivID != "" {
				if j.Stored, err = db.HasPaper(ctx, r.ArxivID); err != nil {
					return err
				}
			}
			out = append(out, j)
		}
		if o.JSON {
			return writeJSON(o.stdout, out)
		}
		if len(out) == 0 {
			fmt.Fprintf(o.stderr, "the text of %s has no bibliography that paperboy can read\n", o.ID)
			return nil
		}
		tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "N\tARXIV\tSTORED\tREFERENCE")
		for _, r := range out {
			stored := ""
			if r.Stored {
				stored = "yes"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.N, r.ArxivID, stored, ansi.Truncate(safetext.ScreenLine(r.Text), 100, "…"))
		}
		return tw.Flush()
	})
}

// --- user state -------------------------------------------------------------------

// markOptions is star and unstar, tag and untag: what to mark, and whether
// to set or clear it.
type markOptions struct {
	*cli
	On   bool
	IDs  []string // star, unstar
	ID   string   // tag, untag
	Tags []string
}

func newStarCmd(c *cli, on bool, runF func(context.Context, *markOptions) error) *cobra.Command {
	o := &markOptions{cli: c, On: on}
	name, short := "star", "Star papers to read later"
	if !on {
		name, short = "unstar", "Remove stars"
	}
	return &cobra.Command{
		Use:               name + " ID...",
		ValidArgsFunction: c.completeIDs,
		Short:             short,
		Example:           "  paperboy " + name + " 2505.09343",
		Args:              minArgs(1, name+" needs at least one paper ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.IDs = args
			return runF(cmd.Context(), o)
		},
	}
}

func runStar(ctx context.Context, o *markOptions) error {
	return o.withDB(func(db *store.DB) error {
		for _, id := range o.IDs {
			if err := db.SetStarred(ctx, id, o.On); err != nil {
				return err
			}
		}
		return nil
	})
}

func newTagCmd(c *cli, add bool, runF func(context.Context, *markOptions) error) *cobra.Command {
	o := &markOptions{cli: c, On: add}
	name, short, example := "tag", "Add user tags to a paper", "  paperboy tag 2505.09343 moe to-read"
	if !add {
		name, short, example = "untag", "Remove user tags from a paper", "  paperboy untag 2505.09343 to-read"
	}
	return &cobra.Command{
		Use:               name + " ID TAG...",
		ValidArgsFunction: c.completeTagArgs(add),
		Short:             short,
		Example:           example,
		Args:              minArgs(2, name+" needs a paper ID and at least one TAG"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.ID, o.Tags = args[0], args[1:]
			return runF(cmd.Context(), o)
		},
	}
}

func runTag(ctx context.Context, o *markOptions) error {
	return o.withDB(func(db *store.DB) error {
		if o.On {
			return db.AddTags(ctx, o.ID, o.Tags...)
		}
		return db.RemoveTags(ctx, o.ID, o.Tags...)
	})
}

// --- export / import-state --------------------------------------------------------

type exportOptions struct {
	*cli
	Format  string // a format's name
	Query   *store.Query
	Starred bool
	Output  string // "" or "-": standard output
}

func newExportCmd(c *cli, runF func(context.Context, *exportOptions) error) *cobra.Command {
	o := &exportOptions{cli: c}
	var sel selection
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write papers as BibTeX, CSL JSON, Markdown, JSON, CSV or RIS",
		Long: `Writes the papers matching a query (all papers without one), newest
first, to standard output or a file. The format defaults to the file's
extension (` + strings.Join(export.Extensions(), ", ") + `), else BibTeX.

BibTeX entries follow arXiv's own form with stable keys (zhao2025insights;
a, b… on clashes). CSL JSON (.csl.json) is what Pandoc's citeproc, Zotero
and most citation managers read, with the same keys as ids. JSON is the
shape of "list --json" and, with --starred, moves stars, tags and notes to
another machine with "import-state".

` + queryHelp,
		Example: `  paperboy export --format bibtex --query "tag:cs.AR" -o hardware.bib
  paperboy export --starred -o starred.md
  paperboy export --view "To read" -o to-read.bib
  paperboy export --starred -o refs.csl.json   # pandoc --citeproc --bibliography refs.csl.json
  paperboy export --format json --starred -o state.json   # then: paperboy import-state state.json`,
		Args: noArgs("export"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Format == "" {
				o.Format = "bibtex"
				if f, ok := export.ForPath(o.Output); ok {
					o.Format = f.Name
				}
			}
			f, ok := export.Lookup(o.Format)
			if !ok {
				return usagef("export: unknown format %q (use %s)", o.Format, strings.Join(export.Names(), ", "))
			}
			o.Format = f.Name
			var err error
			if o.Query, _, err = sel.parse(o.cli, cmd); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "", formatList())
	sel.flags(c, cmd)
	f.BoolVar(&o.Starred, "starred", false, "only starred papers")
	_ = cmd.RegisterFlagCompletionFunc("format", completeFormats)
	f.StringVarP(&o.Output, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

// formatList is "bibtex, csl-json, markdown, json, csv or ris".
func formatList() string {
	names := export.Names()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func runExport(ctx context.Context, o *exportOptions) error {
	return o.withDB(func(db *store.DB) error {
		f := store.Filter{Query: o.Query}
		if o.Starred {
			f.View = store.ViewStarred
		}
		papers, err := db.AllPapers(ctx, f)
		if err != nil {
			return err
		}
		if o.Output == "" || o.Output == "-" {
			return export.Write(o.stdout, o.Format, papers)
		}
		if err := export.WriteFile(o.Output, o.Format, papers); err != nil {
			return err
		}
		fmt.Fprintf(o.stderr, "exported %d papers to %s\n", len(papers), o.Output)
		return nil
	})
}

type importStateOptions struct {
	*cli
	File string // "-": standard input
}

func newImportStateCmd(c *cli, runF func(context.Context, *importStateOptions) error) *cobra.Command {
	o := &importStateOptions{cli: c}
	return &cobra.Command{
		Use:   "import-state FILE",
		Short: "Load stars, tags, notes and read marks from an export",
		Long: `Loads the user state (stars, read marks, notes, user tags) of a JSON
export, e.g. from another machine. Papers the database does not have yet
are added from the export, so they show at once. State already here is
kept: stars and read marks stay, tags are added, notes and reading
positions are replaced only by ones the export has. "-" reads standard
input.`,
		Example: `  paperboy export --format json --starred -o state.json    # on the old machine
  paperboy import-state state.json                         # on the new one`,
		Args: exactArgs(1, "import-state needs exactly one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			return runF(cmd.Context(), o)
		},
	}
}

func runImportState(ctx context.Context, o *importStateOptions) error {
	var data []byte
	var err error
	if o.File == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(o.File)
	}
	if err != nil {
		return err
	}
	records, err := export.ReadJSON(data)
	if err != nil {
		return fmt.Errorf("%s: %w", o.File, err)
	}
	return o.withDB(func(db *store.DB) error {
		n, added, err := db.RestoreState(ctx, records)
		if err != nil {
			return err
		}
		fmt.Fprintf(o.stdout, "imported the state of %d papers (%d papers added)\n", n, added)
		return nil
	})
}

// --- backup -------------------------------------------------------------------------

type backupOptions struct {
	*cli
	Output string // "": today's file in the backups directory
}

func newBackupCmd(c *cli, runF func(context.Context, *backupOptions) error) *cobra.Command {
	o := &backupOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Write a backup of your stars, read marks, tags, notes and reading positions",
		Long: `Writes the user's own work (stars, read marks, tags, notes, reading
positions) as a JSON file that import-state restores. The reader and sync
write one a day by themselves into the backups directory beside the
database and keep the last 7; this writes one now.`,
		Example: `  paperboy backup
  paperboy backup -o ~/paperboy-state.json
  paperboy import-state ~/.local/share/paperboy/backups/state-2026-11-30.json   # restore`,
		Args: noArgs("backup"),
		RunE: func(cmd *cobra.Command, args []string) error { return runF(cmd.Context(), o) },
	}
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of the backups directory")
	return cmd
}

func runBackup(ctx context.Context, o *backupOptions) error {
	return o.withDB(func(db *store.DB) error {
		path := o.Output
		if path == "" {
			path = filepath.Join(o.backupDir(), "state-"+time.Now().Format(time.DateOnly)+".json")
		}
		n, err := backup.Write(ctx, db, config.ExpandHome(path))
		if err != nil {
			return err
		}
		fmt.Fprintf(o.stdout, "backed up the state of %d papers to %s\n", n, path)
		return nil
	})
}

// --- stats / syncs ------------------------------------------------------------------

type countJSON struct {
	Name   string `json:"name"`
	Papers int    `json:"papers"`
}

type statsJSON struct {
	Papers     int         `json:"papers"`
	Starred    int         `json:"starred"`
	Read       int         `json:"read"`
	Notes      int         `json:"notes"`
	Syncs      int         `json:"syncs"`
	Texts      int         `json:"texts"`      // downloaded full texts
	TextBytes  int64       `json:"text_bytes"` // their size as stored, compressed
	Sources    []countJSON `json:"sources"`
	Months     []countJSON `json:"months"`
	Categories []countJSON `json:"categories"`
	Keywords   []countJSON `json:"keywords"`
	UserTags   []countJSON `json:"user_tags"`
}

func tagCounts(tcs []store.TagCount) []countJSON {
	out := make([]countJSON, 0, len(tcs))
	for _, t := range tcs {
		out = append(out, countJSON{t.Name, t.Papers})
	}
	return out
}

type statsOptions struct {
	*cli
	Top, Months int
	JSON        bool
}

func newStatsCmd(c *cli, runF func(context.Context, *statsOptions) error) *cobra.Command {
	o := &statsOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count papers per source, tag and month",
		Example: `  paperboy stats
  paperboy stats --top 20 --months 24
  paperboy stats --json | jq .categories`,
		Args: noArgs("stats"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Top < 1 || o.Months < 1 {
				return usagef("--top and --months must be at least 1")
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Top, "top", 10, "this many of the most used tags of each kind")
	f.IntVar(&o.Months, "months", 12, "this many of the latest months")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runStats(ctx context.Context, o *statsOptions) error {
	return o.withDB(func(db *store.DB) error {
		s, err := db.Stats(ctx, o.Top, o.Months)
		if err != nil {
			return err
		}
		js := statsJSON{Papers: s.Papers, Starred: s.Starred, Read: s.Read, Notes: s.Notes, Syncs: s.Syncs,
			Texts: s.Texts, TextBytes: s.TextBytes,
			Sources: []countJSON{}, Months: []countJSON{},
			Categories: tagCounts(s.TopCats), Keywords: tagCounts(s.TopKWs), UserTags: tagCounts(s.UserTags)}
		for _, sc := range s.Sources {
			js.Sources = append(js.Sources, countJSON{sc.Source, sc.Papers})
		}
		for _, m := range s.Months {
			js.Months = append(js.Months, countJSON{m.Month, m.Papers})
		}
		if o.JSON {
			return writeJSON(o.stdout, js)
		}
		tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "papers\t%d\nstarred\t%d\nread\t%d\nnotes\t%d\nsyncs\t%d\ntexts\t%d (%s compressed)\n",
			s.Papers, s.Starred, s.Read, s.Notes, s.Syncs, s.Texts, byteSize(s.TextBytes))
		section := func(title string, rows []countJSON) {
			if len(rows) == 0 {
				return
			}
			fmt.Fprintf(tw, "\n%s\n", title)
			for _, r := range rows {
				label := safetext.ScreenLine(r.Name)
				if name := store.CategoryName(r.Name); name != "" && title == "Categories" {
					label += " (" + name + ")"
				}
				fmt.Fprintf(tw, "  %s\t%d\n", label, r.Papers)
			}
		}
		section("Sources", js.Sources)
		section("Categories", js.Categories)
		section("Keywords", js.Keywords)
		section("Your tags", js.UserTags)
		section("Months", js.Months)
		return tw.Flush()
	})
}

// byteSize is n bytes for a person: "812 B", "14.2 KB", "3.1 MB".
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

type syncJSON struct {
	ID       int64  `json:"id"`
	Source   string `json:"source"`
	Request  string `json:"request"`
	Started  string `json:"started"`
	Finished string `json:"finished"`
	Fetched  int    `json:"fetched"`
	New      int    `json:"new"`
	Updated  int    `json:"updated"`
	Error    string `json:"error"`
}

type syncsOptions struct {
	*cli
	Limit int
	JSON  bool
}

func newSyncsCmd(c *cli, runF func(context.Context, *syncsOptions) error) *cobra.Command {
	o := &syncsOptions{cli: c}
	cmd := &cobra.Command{
		Use:     "syncs",
		Short:   "List the latest syncs",
		Example: "  paperboy syncs\n  paperboy syncs --json --limit 100",
		Args:    noArgs("syncs"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().IntVar(&o.Limit, "limit", 20, "at most this many syncs")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runSyncs(ctx context.Context, o *syncsOptions) error {
	return o.withDB(func(db *store.DB) error {
		runs, err := db.Syncs(ctx, o.Limit)
		if err != nil {
			return err
		}
		if o.JSON {
			out := make([]syncJSON, 0, len(runs))
			for _, r := range runs {
				s := syncJSON{ID: r.ID, Source: r.Source, Request: r.Request, Started: r.Started.UTC().Format(time.RFC3339),
					Fetched: r.Fetched, New: r.New, Updated: r.Updated, Error: r.Err}
				if !r.Finished.IsZero() {
					s.Finished = r.Finished.UTC().Format(time.RFC3339)
				}
				out = append(out, s)
			}
			return writeJSON(o.stdout, out)
		}
		tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tSOURCE\tREQUEST\tFETCHED\tNEW\tUPDATED\tERROR")
		for _, r := range runs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", r.ID, r.Started.Format("2006-01-02 15:04"),
				r.Source, safetext.ScreenLine(r.Request), r.Fetched, r.New, r.Updated, ansi.Truncate(safetext.ScreenLine(r.Err), 60, "…"))
		}
		return tw.Flush()
	})
}

// --- config --------------------------------------------------------------------------

type configOptions struct {
	*cli
	JSON bool
}

func newConfigCmd(c *cli, runF func(context.Context, *configOptions) error) *cobra.Command {
	o := &configOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the config file's path and the settings in effect",
		Long: `Prints the config file's path and the settings in effect (the file's,
with defaults for what it leaves out) as TOML, which is also a valid
config file. A bad file is an error naming its line and key.`,
		Example: "  paperboy config\n  paperboy config > ~/.config/paperboy/config.toml   # start from the defaults\n  paperboy config --json",
		Args:    noArgs("config"),
		RunE:    func(cmd *cobra.Command, args []string) error { return runF(cmd.Context(), o) },
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runConfig(ctx context.Context, o *configOptions) error {
	path := o.configPath()
	cfg, err := o.config()
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(o.stdout, struct {
			Path string `json:"path"`
			config.Config
		}{path, cfg})
	}
	fmt.Fprintf(o.stdout, "# %s\n", path)
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintln(o.stdout, "# (no such file: these are the defaults)")
	}
	fmt.Fprintln(o.stdout)
	return cfg.WriteTOML(o.stdout)
}

// --- completion / man -------------------------------------------------------------------

func newCompletionCmd(c *cli, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Example: `  paperboy completion bash > ~/.local/share/bash-completion/completions/paperboy
  paperboy completion zsh > "${fpath[1]}/_paperboy"
  paperboy completion fish > ~/.config/fish/completions/paperboy.fish`,
		Args:      exactArgs(1, "completion needs one shell: bash, zsh or fish"),
		ValidArgs: []string{"bash", "zsh", "fish"},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(c.stdout, true)
			case "zsh":
				return root.GenZshCompletion(c.stdout)
			case "fish":
				return root.GenFishCompletion(c.stdout, true)
			}
			return usagef("completion: unknown shell %q (use bash, zsh or fish)", args[0])
		},
	}
}

func newManCmd(c *cli, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:     "man",
		Short:   "Print the manual page (roff)",
		Example: "  paperboy man > ~/.local/share/man/man1/paperboy.1\n  paperboy man | man -l -",
		Args:    noArgs("man"),
		RunE: func(cmd *cobra.Command, args []string) error {
			page, err := manPage(root)
			if err != nil {
				return err
			}
			_, err = io.WriteString(c.stdout, page)
			return err
		},
	}
}

// manParagraphs is help text for the man page: the lines of a paragraph
// joined, paragraphs one a line (roff's Text makes each line a paragraph).
func manParagraphs(text string) string {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		paras = append(paras, strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(paras, "\n")
}

// manPage is the manual page, made by mango from the commands, with the
// reader's key map, the environment and the files after them, so it never
// disagrees with --help or the reader.
func manPage(root *cobra.Command) (string, error) {
	page, err := mcobra.NewManPage(1, root)
	if err != nil {
		return "", err
	}
	desc, _, _ := strings.Cut(root.Long, "\n\nEnvironment:")
	page.WithLongDescription(manParagraphs(desc))
	doc := roff.NewDocument()
	page.Build(doc)
	tagged := func(tag, text string) {
		doc.TaggedParagraph(-1)
		doc.TextBold(tag)
		doc.EndSection()
		doc.Text(text)
	}
	doc.Section("Keys")
	doc.Text("The reader's keys:")
	keys := ui.Keys()
	for _, col := range append(keys.FullHelp(), keys.ContextHelp()...) {
		for _, k := range col {
			h := k.Help()
			tagged(h.Key, h.Desc)
		}
	}
	doc.Section("Environment")
	for _, v := range config.Vars() {
		tagged(v.Name, v.Doc)
	}
	doc.Section("Files")
	tagged("$XDG_CONFIG_HOME/paperboy/config.toml",
		"The config file (~/.config when XDG_CONFIG_HOME is unset; ~/Library/Application Support/paperboy on macOS).")
	tagged("$XDG_DATA_HOME/paperboy/papers.db",
		"The database (~/.local/share when XDG_DATA_HOME is unset; ~/Library/Application Support/paperboy on macOS).")
	doc.Section("Exit status")
	doc.Text("0 ok, 1 error, 2 usage (an unknown command or flag, wrong arguments).")
	out := doc.String()
	// mango dates the page with today; the version dates it instead, so
	// the page is the same on every build of one version.
	_, rest, _ := strings.Cut(out, "\n")
	th := fmt.Sprintf(".TH PAPERBOY 1 \"\" \"paperboy %s\" \"User Commands\"", version)
	return th + "\n" + rest + "\n", nil
}

// --- completion of ids, tags and views -------------------------------------

// Shell completion of the things paperboy knows: paper ids (starred
// first, then the newest), tag names and the config file's views. A
// completion never creates or changes anything: without a database or a
// readable config file it offers nothing.

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

// --- Zotero and Hugging Face collections -----------------------------------

// The commands that hand papers to the researcher's other tools: Zotero
// and Hugging Face collections.

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

// --- similar / foryou / digest / feed ---------------------------------------------

type similarOptions struct {
	*cli
	ID    string
	Limit int
	JSON  bool
}

func newSimilarCmd(c *cli, runF func(context.Context, *similarOptions) error) *cobra.Command {
	o := &similarOptions{cli: c}
	cmd := &cobra.Command{
		Use:               "similar ID",
		ValidArgsFunction: c.completeOneID,
		Short:             "Print the papers most like one paper, and what they share",
		Long: `Prints the papers of the library most like one paper, by their title,
abstract, keywords and categories (and the paper's full text when it is
downloaded), each with the terms that made it similar. Offline: it reads
the local search index only.`,
		Example: `  paperboy similar 2505.09343
  paperboy similar 2505.09343 --limit 20 --json | jq -r '.[] | "\(.score) \(.title)"'`,
		Args: exactArgs(1, "similar needs exactly one paper ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			o.ID = args[0]
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().IntVar(&o.Limit, "limit", 10, "at most this many papers")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print a JSON array: the objects of list --json with score and because")
	return cmd
}

func runSimilar(ctx context.Context, o *similarOptions) error {
	return o.withDB(func(db *store.DB) error {
		ss, err := db.Similar(ctx, o.ID, o.Limit)
		if err != nil {
			return err
		}
		return o.printSuggestions(ctx, db, ss, o.JSON)
	})
}

// printSuggestions prints suggestions as a table (score, title, why) or
// as JSON.
func (c *cli) printSuggestions(ctx context.Context, db *store.DB, ss []store.Suggestion, asJSON bool) error {
	if asJSON {
		out := make([]export.SuggestionJSON, 0, len(ss))
		for _, s := range ss {
			p, err := db.Paper(ctx, s.ID)
			if err != nil {
				return err
			}
			out = append(out, export.ToSuggestionJSON(p, s))
		}
		return writeJSON(c.stdout, out)
	}
	if len(ss) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSCORE\tTITLE\tWHY")
	for _, s := range ss {
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\n", s.ID, s.Score,
			ansi.Truncate(safetext.ScreenLine(s.Title), 60, "…"), safetext.ScreenLine(s.Reason()))
	}
	return tw.Flush()
}

type forYouOptions struct {
	*cli
	Days  int // 0: the config file's
	Tag   string
	Limit int
	JSON  bool
}

func newForYouCmd(c *cli, runF func(context.Context, *forYouOptions) error) *cobra.Command {
	o := &forYouOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "foryou",
		Short: "Print the recent papers most like the ones you starred and tagged",
		Long: `Ranks the papers listed in the last days (reader.foryou_days of the config
file, 30 by default) by how close they are to the papers you starred or
tagged (or tagged TAG), each with the paper it is most like and the terms
they share. Papers dismissed in the reader (x, "not for me") are left out
and count against the papers like them. Offline: it reads the local
search index only.`,
		Example: `  paperboy foryou
  paperboy foryou --tag moe --days 7 --limit 5
  paperboy foryou --json | jq -r '.[].reason'`,
		Args: noArgs("foryou"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			if cmd.Flags().Changed("days") && o.Days < 1 {
				return usagef("--days must be at least 1")
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Days, "days", 0, "papers listed in the last N days (default reader.foryou_days, 30)")
	f.StringVar(&o.Tag, "tag", "", "start from the papers with this tag of yours, not from every kept paper")
	f.IntVar(&o.Limit, "limit", 20, "at most this many papers")
	f.BoolVar(&o.JSON, "json", false, "print a JSON array, objects as for similar")
	return cmd
}

// forYouDays is the days For you looks back: the flag's, else the config
// file's.
func (c *cli) forYouDays(flag int) (int, error) {
	if flag > 0 {
		return flag, nil
	}
	cfg, err := c.config()
	if err != nil {
		return 0, err
	}
	return cfg.Reader.ForYouDays, nil
}

func runForYou(ctx context.Context, o *forYouOptions) error {
	days, err := o.forYouDays(o.Days)
	if err != nil {
		return err
	}
	return o.withDB(func(db *store.DB) error {
		ss, err := db.ForYou(ctx, store.ForYouOptions{Days: days, Tag: o.Tag, Limit: o.Limit})
		if errors.Is(err, store.ErrNoSeeds) {
			fmt.Fprintln(o.stderr, "paperboy: "+err.Error()+": paperboy star ID, or s in the reader")
			ss, err = nil, nil
		}
		if err != nil {
			return err
		}
		return o.printSuggestions(ctx, db, ss, o.JSON)
	})
}

// selection is a --query and a --view, as list, export, digest and feed
// take them.
type selection struct {
	query, view string
}

func (s *selection) flags(c *cli, cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.query, "query", "", "search language query")
	cmd.Flags().StringVar(&s.view, "view", "", "a saved view of the config file (with --query: both)")
	_ = cmd.RegisterFlagCompletionFunc("view", c.completeViews)
}

// parse is the selection's query and its name in words ("" for all). A
// --view given, even empty, must name a saved view.
func (s *selection) parse(c *cli, cmd *cobra.Command) (*store.Query, string, error) {
	q, err := store.ParseQuery(s.query)
	if err != nil {
		return nil, "", usagef("query: %v", err)
	}
	var names []string
	if cmd.Flags().Changed("view") {
		if q, err = c.withView(s.view, q); err != nil {
			return nil, "", err
		}
		names = append(names, fmt.Sprintf("%q", strings.TrimSpace(s.view)))
	}
	if t := strings.TrimSpace(s.query); t != "" {
		names = append(names, fmt.Sprintf("%q", t))
	}
	return q, strings.Join(names, " and "), nil
}

type digestOptions struct {
	*cli
	sel    selection
	Query  *store.Query
	Name   string // the selection in words, "" for every paper
	Since  time.Duration
	Format string
	Limit  int
}

func newDigestCmd(c *cli, runF func(context.Context, *digestOptions) error) *cobra.Command {
	o := &digestOptions{cli: c}
	var since string
	cmd := &cobra.Command{
		Use:   "digest",
		Short: "Print the new papers of a view and the For-you top 10, for a morning mail",
		Long: `Prints a digest of what came: the papers stored since --since that match
--query or --view (every new paper without either), then the For-you top 10,
each with its title, authors, links, upvotes, AI summary when there is one,
and why it was picked. Run it after a sync, from cron:

  0 7 * * * paperboy sync && paperboy digest --view Hardware --format html | mail -s papers me`,
		Example: `  paperboy digest --view Hardware
  paperboy digest --query "tag:cs.AR" --since 7d --format text`,
		Args: noArgs("digest"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Since, err = parseSince(since); err != nil {
				return usagef("--since: %v", err)
			}
			if !slices.Contains(export.DigestFormats, o.Format) {
				return usagef("--format: use %s", strings.Join(export.DigestFormats, ", "))
			}
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			if o.Query, o.Name, err = o.sel.parse(c, cmd); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	o.sel.flags(c, cmd)
	f := cmd.Flags()
	f.StringVar(&since, "since", "1d", "papers stored in the last: 12h, 1d, 2w")
	f.StringVar(&o.Format, "format", "markdown", "markdown, html or text")
	f.IntVar(&o.Limit, "limit", 50, "at most this many new papers")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(export.DigestFormats, noFiles))
	return cmd
}

// parseSince reads a span of time: a number of hours, days or weeks (12h,
// 1d, 2w), or any Go duration.
func parseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	units := map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour}
	for u, d := range units {
		if n, ok := strings.CutSuffix(s, u); ok {
			k, err := strconv.Atoi(n)
			if err != nil || k < 1 {
				return 0, fmt.Errorf("%q is not a number of %s", s, map[string]string{"d": "days", "w": "weeks"}[u])
			}
			return time.Duration(k) * d, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a span such as 12h, 1d or 2w", s)
	}
	return d, nil
}

func runDigest(ctx context.Context, o *digestOptions) error {
	q, name := o.Query, o.Name
	days, err := o.forYouDays(0)
	if err != nil {
		return err
	}
	return o.withDB(func(db *store.DB) error {
		now := db.Now()
		from := now.Add(-o.Since)
		papers, err := db.FullPapers(ctx, store.Filter{Query: q, Sort: store.SortNew, SeenSince: from}, o.Limit)
		if err != nil {
			return err
		}
		title, why := "New papers", ""
		if name != "" {
			title, why = "New in "+name, "matches "+name
		}
		fresh := export.DigestSection{Title: title, Empty: "Nothing new since " + from.Format("2006-01-02 15:04") + "."}
		for _, p := range papers {
			fresh.Entries = append(fresh.Entries, export.DigestEntry{Paper: p, Why: why})
		}
		picks := export.DigestSection{Title: "For you"}
		ss, err := db.ForYou(ctx, store.ForYouOptions{Days: days, Limit: 10})
		switch {
		case errors.Is(err, store.ErrNoSeeds):
			picks.Empty = "Star a few papers to get suggestions."
		case err != nil:
			return err
		case len(ss) == 0:
			picks.Empty = fmt.Sprintf("No paper of the last %d days is like the ones you keep.", days)
		}
		for _, s := range ss {
			p, err := db.Paper(ctx, s.ID)
			if err != nil {
				return err
			}
			picks.Entries = append(picks.Entries, export.DigestEntry{Paper: p, Why: s.Reason()})
		}
		return export.WriteDigest(o.stdout, o.Format, export.Digest{Title: "paperboy digest", Date: now,
			Sections: []export.DigestSection{fresh, picks}})
	})
}

type feedOptions struct {
	*cli
	sel    selection
	Query  *store.Query
	Name   string // the selection in words, "" for every paper
	Output string
	Limit  int
	Self   string
}

func newFeedCmd(c *cli, runF func(context.Context, *feedOptions) error) *cobra.Command {
	o := &feedOptions{cli: c}
	cmd := &cobra.Command{
		Use:   "feed",
		Short: "Write an Atom feed of a query or a view, for a feed reader",
		Long: `Writes an Atom 1.0 feed of the newest papers matching --query or --view
(every paper without either), so any feed reader can follow a paperboy
query. With -o the file is replaced whole, never half written; run it
after each sync and point the feed reader at the file.`,
		Example: `  paperboy feed --view Hardware -o ~/feeds/hardware.xml
  paperboy feed --query "kw:quantization is:unread" --limit 50`,
		Args: noArgs("feed"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Limit < 1 {
				return usagef("--limit must be at least 1")
			}
			var err error
			if o.Query, o.Name, err = o.sel.parse(c, cmd); err != nil {
				return err
			}
			return runF(cmd.Context(), o)
		},
	}
	o.sel.flags(c, cmd)
	f := cmd.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "write to FILE (default standard output)")
	f.IntVar(&o.Limit, "limit", 100, "at most this many papers, newest first")
	f.StringVar(&o.Self, "self", "", "the URL the feed is published at, for its self link")
	return cmd
}

func runFeed(ctx context.Context, o *feedOptions) error {
	q, name := o.Query, o.Name
	return o.withDB(func(db *store.DB) error {
		papers, err := db.FullPapers(ctx, store.Filter{Query: q, Sort: store.SortNew}, o.Limit)
		if err != nil {
			return err
		}
		title := "paperboy: every paper"
		if name != "" {
			title = "paperboy: " + name
		}
		id := "urn:paperboy:feed:all"
		if name != "" {
			id = "urn:paperboy:feed:" + url.PathEscape(name)
		}
		feed := export.Feed{Title: title, ID: id,
			Self: o.Self, Updated: db.Now(), Papers: papers}
		write := func(w io.Writer) error { return export.WriteAtom(w, feed) }
		if o.Output == "" || o.Output == "-" {
			return write(o.stdout)
		}
		if err := export.WriteFileWith(config.ExpandHome(o.Output), write); err != nil {
			return fmt.Errorf("write the feed: %w", err)
		}
		fmt.Fprintf(o.stderr, "wrote %d papers to %s\n", len(papers), o.Output)
		return nil
	})
}
