// Command paperboy is a terminal reader for new research papers from
// Hugging Face Papers and arXiv, kept in a local SQLite database.
//
// main.go holds the command line and wires the packages together: store
// keeps the papers, fetch syncs them, ui is the reader.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/paperboy-reader/paperboy/fetch"
	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/ui"
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

const usageText = `paperboy: a terminal reader for new papers from Hugging Face and arXiv

Usage:
  paperboy [--db PATH]                 open the reader
  paperboy [--db PATH] COMMAND [ARGS]

Commands:
  sync      fetch recent papers from Hugging Face (and their arXiv categories)
  import    load arXiv snapshot (JSON lines) or saved Hugging Face responses
  list      print papers matching a query, as a table or JSON
  show      print one paper
  star      star papers            unstar    remove stars
  tag       add user tags          untag     remove user tags
  help      help on a command, or "help keys" for the reader's keys

Global flags:
  --db PATH     database file (default $PAPERBOY_DB, else $XDG_DATA_HOME/paperboy/papers.db)
  --version     print the version

Environment:
  PAPERBOY_DB            database file
  HF_ENDPOINT            Hugging Face base URL (default https://huggingface.co)
  HF_TOKEN               sent as a bearer token to Hugging Face when set
  ARXIV_ENDPOINT         arXiv API base URL (default https://export.arxiv.org)
  PAPERBOY_ARXIV_DELAY   least time between arXiv requests (default 3s)
  BROWSER                command that opens links
  NO_COLOR               turn colours off

Exit codes: 0 ok, 1 error, 2 usage.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program minus os.Exit, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("paperboy", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbPath := global.String("db", "", "database file")
	showVersion := global.Bool("version", false, "print the version")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		fmt.Fprintf(stderr, "paperboy: %v\n", err)
		fmt.Fprintln(stderr, "Run 'paperboy --help' for usage.")
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(stdout, "paperboy", version)
		return exitOK
	}
	rest := global.Args()
	name := ""
	if len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	env := &cli{dbPath: resolveDBPath(*dbPath), stdout: stdout, stderr: stderr}
	err := env.dispatch(ctx, name, rest)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "paperboy: %s\n", ue.msg)
		fmt.Fprintln(stderr, "Run 'paperboy --help' for usage.")
		return exitUsage
	}
	prefix := "paperboy"
	if name != "" {
		prefix = name
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

// resolveDBPath picks the database file: the flag, then $PAPERBOY_DB, then
// the XDG data directory.
func resolveDBPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if p := os.Getenv("PAPERBOY_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "paperboy", "papers.db")
}

// cli carries what every command needs.
type cli struct {
	dbPath         string
	stdout, stderr io.Writer
}

func (c *cli) open() (*store.DB, error) {
	db, err := store.Open(c.dbPath)
	if err != nil {
		return nil, err
	}
	return db, nil
}

func (c *cli) dispatch(ctx context.Context, name string, args []string) error {
	switch name {
	case "":
		return c.reader(ctx)
	case "sync":
		return c.sync(ctx, args)
	case "import":
		return c.importFiles(ctx, args)
	case "list":
		return c.list(ctx, args)
	case "show":
		return c.show(ctx, args)
	case "star", "unstar":
		return c.star(ctx, args, name == "star")
	case "tag", "untag":
		return c.tag(ctx, args, name == "tag")
	case "help":
		return c.help(args)
	}
	return usagef("unknown command %q", name)
}

// flags makes a command's flag set whose -h prints the command's help.
func (c *cli) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprint(c.stdout, usage)
		fs.SetOutput(c.stdout)
		fmt.Fprintln(c.stdout, "\nFlags:")
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags, turning flag errors into usage errors and -h into help.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return flag.ErrHelp
	}
	if err != nil {
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

var commandHelp = map[string]string{
	"sync": `Usage: paperboy sync [flags]

Fetches the last 7 days of Hugging Face daily papers, then fills in their
arXiv categories. Running it twice in a row adds nothing.

Examples:
  paperboy sync
  paperboy sync --days 30
  paperboy sync --date 2025-05-15
  paperboy sync --week 2025-W20
  paperboy sync --month 2025-05
  paperboy sync --search "hardware accelerator"
  paperboy sync --arxiv cat:cs.AR --max 200
`,
	"import": `Usage: paperboy import FILE...

Loads papers from bulk files in constant memory: the arXiv metadata
snapshot (arxiv-metadata-oai-snapshot.json, JSON lines, optionally gzipped)
or saved Hugging Face API responses (a JSON array).

Examples:
  paperboy import arxiv-metadata-oai-snapshot.json
  paperboy import daily-2025-05-15.json search-hardware.json
`,
	"list": `Usage: paperboy list [flags]

Prints papers matching a query in the search language:
  words, "phrases", tag:cs.AR, cat:, kw:, author:Han, org:deepseek-ai,
  is:starred, is:unread, since:2025-01-01, until:, upvotes:>10, -word, A OR B

Examples:
  paperboy list --query "tag:cs.AR since:2025-01-01" --sort top
  paperboy list --query is:starred --json | jq -r '.[].arxiv_url'
`,
	"show": `Usage: paperboy show [--json] ID

Prints one paper.

Examples:
  paperboy show 2505.09343
  paperboy show --json arXiv:2505.09343v2
`,
	"star":   "Usage: paperboy star ID...\n\nStars papers to read later.\n\nExample:\n  paperboy star 2505.09343\n",
	"unstar": "Usage: paperboy unstar ID...\n\nRemoves stars.\n\nExample:\n  paperboy unstar 2505.09343\n",
	"tag":    "Usage: paperboy tag ID TAG...\n\nAdds user tags to a paper.\n\nExample:\n  paperboy tag 2505.09343 moe to-read\n",
	"untag":  "Usage: paperboy untag ID TAG...\n\nRemoves user tags from a paper.\n\nExample:\n  paperboy untag 2505.09343 to-read\n",
}

func (c *cli) help(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stdout, usageText)
		return nil
	}
	if args[0] == "keys" {
		fmt.Fprint(c.stdout, ui.KeysText())
		return nil
	}
	h, ok := commandHelp[args[0]]
	if !ok {
		return usagef("no help for %q", args[0])
	}
	fmt.Fprint(c.stdout, h)
	return nil
}

// --- reader ---------------------------------------------------------------

func (c *cli) reader(ctx context.Context) error {
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	syncer, err := c.syncer(db, nil)
	if err != nil {
		return err
	}
	return ui.Run(ctx, ui.Options{
		DB: db,
		Sync: func(ctx context.Context, progress func(ui.SyncProgress)) (ui.SyncResult, error) {
			syncer.Progress = func(p fetch.Progress) {
				progress(ui.SyncProgress{Message: p.Message, New: p.New, Updated: p.Updated})
			}
			res, err := syncer.HFRecent(ctx, defaultDays)
			if err == nil {
				var cats fetch.Result
				cats, err = syncer.FillCategories(ctx, 0)
				res.Updated += cats.Updated
			}
			return ui.SyncResult{Fetched: res.Fetched, New: res.New, Updated: res.Updated}, err
		},
		IsOffline:   fetch.IsOffline,
		LoadSample:  func(ctx context.Context) (int, error) { return fetch.LoadSample(ctx, db) },
		SyncOnStart: true,
		Browser:     os.Getenv("BROWSER"),
	})
}

// --- sync -------------------------------------------------------------------

const defaultDays = 7

func (c *cli) syncer(db *store.DB, progress func(fetch.Progress)) (*fetch.Syncer, error) {
	s, err := fetch.NewSyncer(db, version)
	if err != nil {
		return nil, err
	}
	s.Progress = progress
	return s, nil
}

func (c *cli) sync(ctx context.Context, args []string) error {
	fs := c.flags("sync", commandHelp["sync"])
	date := fs.String("date", "", "one day of daily papers (YYYY-MM-DD)")
	week := fs.String("week", "", "one week of daily papers (YYYY-Www)")
	month := fs.String("month", "", "one month of daily papers (YYYY-MM)")
	days := fs.Int("days", defaultDays, "the last N days of daily papers")
	search := fs.String("search", "", "papers matching a Hugging Face search")
	arxivQ := fs.String("arxiv", "", "newest papers of an arXiv query, e.g. cat:cs.AR")
	max := fs.Int("max", 100, "with --arxiv: at most this many papers")
	noCats := fs.Bool("no-categories", false, "skip looking up arXiv categories")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sync takes no arguments (got %q)", fs.Arg(0))
	}
	set := 0
	for _, s := range []string{*date, *week, *month, *search, *arxivQ} {
		if s != "" {
			set++
		}
	}
	if set > 1 {
		return usagef("use only one of --date, --week, --month, --search, --arxiv")
	}
	if *days < 1 || *days > 366 {
		return usagef("--days must be between 1 and 366")
	}
	if *max < 1 {
		return usagef("--max must be at least 1")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := c.syncer(db, func(p fetch.Progress) { fmt.Fprintln(c.stderr, ansi.Strip(p.Message)) })
	if err != nil {
		return err
	}
	var res fetch.Result
	switch {
	case *date != "":
		res, err = s.HFDate(ctx, *date)
	case *week != "":
		res, err = s.HFWeek(ctx, *week)
	case *month != "":
		res, err = s.HFMonth(ctx, *month)
	case *search != "":
		res, err = s.HFSearch(ctx, *search)
	case *arxivQ != "":
		res, err = s.ArxivQuery(ctx, *arxivQ, *max)
	default:
		res, err = s.HFRecent(ctx, *days)
	}
	if err == nil && *arxivQ == "" && !*noCats {
		var cats fetch.Result
		cats, err = s.FillCategories(ctx, 0)
		res.Updated += cats.Updated
	}
	fmt.Fprintln(c.stdout, res)
	if err != nil && fetch.IsOffline(err) {
		return fmt.Errorf("offline: %v (cached papers are kept)", err)
	}
	return err
}

// --- import -------------------------------------------------------------------

func (c *cli) importFiles(ctx context.Context, args []string) error {
	fs := c.flags("import", commandHelp["import"])
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("import needs at least one FILE")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	for _, path := range fs.Args() {
		start := time.Now()
		res, err := fetch.ImportFile(ctx, db, path, func(n int) {
			fmt.Fprintf(c.stderr, "%s: %d papers read\n", filepath.Base(path), n)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%s: %s in %s\n", path, res, time.Since(start).Round(time.Millisecond))
	}
	start := time.Now()
	err = db.IndexPending(ctx, func(done, total int) {
		fmt.Fprintf(c.stderr, "indexing for search: %d/%d\n", done, total)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "search index ready in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// --- list / show ----------------------------------------------------------------

// paperJSON is the --json shape of a paper.
type paperJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Authors      []string `json:"authors"`
	Abstract     string   `json:"abstract"`
	Published    string   `json:"published"`
	Daily        string   `json:"daily"`
	Upvotes      int      `json:"upvotes"`
	Comments     int      `json:"comments"`
	Organization string   `json:"organization"`
	Categories   []string `json:"categories"`
	Keywords     []string `json:"keywords"`
	Tags         []string `json:"tags"`
	Starred      bool     `json:"starred"`
	Read         bool     `json:"read"`
	Note         string   `json:"note"`
	AISummary    string   `json:"ai_summary"`
	GitHub       string   `json:"github"`
	GitHubStars  int      `json:"github_stars"`
	ProjectPage  string   `json:"project_page"`
	URL          string   `json:"url"`
	ArxivURL     string   `json:"arxiv_url"`
	PDFURL       string   `json:"pdf_url"`
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func toJSON(p store.Paper) paperJSON {
	return paperJSON{
		ID: p.ID, Title: p.Title, Authors: nonNil(p.Authors), Abstract: p.Abstract,
		Published: p.Published, Daily: p.Daily, Upvotes: p.Upvotes, Comments: p.Comments,
		Organization: p.OrgName, Categories: nonNil(p.Categories), Keywords: nonNil(p.AIKeywords),
		Tags: nonNil(p.Tags), Starred: p.Starred, Read: p.Read, Note: p.Note, AISummary: p.AISummary,
		GitHub: p.GitHubRepo, GitHubStars: p.GitHubStars, ProjectPage: p.ProjectPage,
		URL: "https://huggingface.co/papers/" + p.ID, ArxivURL: "https://arxiv.org/abs/" + p.ID,
		PDFURL: "https://arxiv.org/pdf/" + p.ID,
	}
}

func (c *cli) list(ctx context.Context, args []string) error {
	fs := c.flags("list", commandHelp["list"])
	query := fs.String("query", "", "search language query")
	sortName := fs.String("sort", "new", "new, top, trending or relevance")
	limit := fs.Int("limit", 50, "at most this many papers")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("list takes no arguments; use --query %q", strings.Join(fs.Args(), " "))
	}
	sort, err := store.ParseSort(*sortName)
	if err != nil {
		return usagef("%v", err)
	}
	if *limit < 1 {
		return usagef("--limit must be at least 1")
	}
	q, err := store.ParseQuery(*query)
	if err != nil {
		return usagef("query: %v", err)
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	f := store.Filter{Query: q, Sort: sort}
	if *asJSON {
		papers, err := db.FullPapers(ctx, f, *limit)
		if err != nil {
			return err
		}
		out := make([]paperJSON, 0, len(papers))
		for _, p := range papers {
			out = append(out, toJSON(p))
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	items, err := db.Papers(ctx, f, 0, *limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tUPVOTES\tCATEGORY\tSTAR\tTITLE")
	for _, it := range items {
		star := ""
		if it.Starred {
			star = "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", it.ID, it.Date(), it.Upvotes,
			it.PrimaryCategory, star, ansi.Truncate(ui.Clean(it.Title), 90, "…"))
	}
	return tw.Flush()
}

func (c *cli) show(ctx context.Context, args []string) error {
	fs := c.flags("show", commandHelp["show"])
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("show needs exactly one paper ID")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.Paper(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(toJSON(p))
	}
	fmt.Fprint(c.stdout, ui.PlainPaper(p))
	return nil
}

// --- user state -------------------------------------------------------------

func (c *cli) star(ctx context.Context, args []string, on bool) error {
	name := map[bool]string{true: "star", false: "unstar"}[on]
	fs := c.flags(name, commandHelp[name])
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("%s needs at least one paper ID", name)
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	for _, id := range fs.Args() {
		if err := db.SetStarred(ctx, id, on); err != nil {
			return err
		}
	}
	return nil
}

func (c *cli) tag(ctx context.Context, args []string, add bool) error {
	name := map[bool]string{true: "tag", false: "untag"}[add]
	fs := c.flags(name, commandHelp[name])
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("%s needs a paper ID and at least one TAG", name)
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if add {
		return db.AddTags(ctx, fs.Arg(0), fs.Args()[1:]...)
	}
	return db.RemoveTags(ctx, fs.Arg(0), fs.Args()[1:]...)
}
