// Package config is the user's config file (what to sync, how the reader
// looks, saved views), where paperboy keeps its files (XDG and macOS
// places), and the environment variables it reads.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/ui/theme"
)

// Config is the user's preferences, read from config.toml. Every field has
// a default, so a missing file (or a missing key) means the defaults.
type Config struct {
	Sync   Sync        `toml:"sync" json:"sync"`
	Reader Reader      `toml:"reader" json:"reader"`
	Zotero Zotero      `toml:"zotero" json:"zotero"`
	Views  []SavedView `toml:"views,omitempty" json:"views"`
}

// Zotero is the Zotero library `paperboy zotero add` writes to;
// $ZOTERO_API_KEY and $ZOTERO_USER_ID take precedence.
type Zotero struct {
	// APIKey is a key with write access (zotero.org/settings/keys).
	APIKey string `toml:"api_key" json:"api_key"`
	// UserID is the library's numeric user ID, shown on the same page.
	UserID string `toml:"user_id" json:"user_id"`
}

// MaxDays is the most days of daily papers one sync fetches.
const MaxDays = 366

// Sync is what `paperboy sync` (with no flags) and the reader's sync
// follow.
type Sync struct {
	// HuggingFace turns the Hugging Face daily papers on or off.
	HuggingFace bool `toml:"huggingface" json:"huggingface"`
	// Days is how many days of daily papers, counting today.
	Days int `toml:"days" json:"days"`
	// Arxiv lists arXiv API queries (cat:cs.AR, au:Han…) whose newest
	// papers are fetched too, at most ArxivMax of each.
	Arxiv    []string `toml:"arxiv" json:"arxiv"`
	ArxivMax int      `toml:"arxiv_max" json:"arxiv_max"`
	// OnStart syncs in the background when the reader opens.
	OnStart bool `toml:"on_start" json:"on_start"`
	// CatchUpDays is the most days the reader's sync goes back to catch
	// up after an absence: every day since the last successful sync, at
	// most this many.
	CatchUpDays int `toml:"catch_up_days" json:"catch_up_days"`
}

// Reader is how the reader looks and opens links.
type Reader struct {
	// Browser opens links; "" means $BROWSER, else the platform's opener.
	Browser string `toml:"browser" json:"browser"`
	// Theme is auto, dark, light, a Glamour style name (dracula,
	// tokyo-night, pink, ascii, notty) or the path of a Glamour JSON style.
	Theme string `toml:"theme" json:"theme"`
	// ForYouDays is how far back For you looks for papers like the
	// user's: papers listed in the last this many days.
	ForYouDays int `toml:"foryou_days" json:"foryou_days"`
}

// SavedView is a named query the filter pane lists first.
type SavedView struct {
	Name  string       `toml:"name" json:"name"`
	Query string       `toml:"query" json:"query"`
	query *store.Query // parsed when the config loads
}

// Parsed is the view's parsed query (nil until the config is loaded).
func (v SavedView) Parsed() *store.Query { return v.query }

// Default is the configuration used when there is no file.
func Default() Config {
	return Config{
		Sync:   Sync{HuggingFace: true, Days: 7, Arxiv: []string{}, ArxivMax: 100, OnStart: true, CatchUpDays: 30},
		Reader: Reader{Theme: "auto", ForYouDays: 30},
		Views:  []SavedView{},
	}
}

// Error is a problem in the config file, with the line it is on
// (0 when unknown).
type Error struct {
	Path string
	Line int
	Msg  string

	keyRef keyRef // the key a validation error is about
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// appDir is the directory paperboy keeps a kind of file in: $xdgVar/paperboy
// when that variable is set, else the platform's place (~/Library/Application
// Support/paperboy on macOS, ~/fallback/paperboy elsewhere).
func appDir(xdgVar Var, fallback string) string {
	if d := xdgVar.Get(); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "paperboy")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "paperboy")
	}
	return filepath.Join(home, fallback, "paperboy")
}

// Path is the config file: $PAPERBOY_CONFIG, else
// $XDG_CONFIG_HOME/paperboy/config.toml (~/.config when unset; ~/Library/
// Application Support/paperboy/config.toml on macOS).
func Path() string {
	if p := VarConfig.Get(); p != "" {
		return p
	}
	return filepath.Join(appDir(VarXDGConfig, ".config"), "config.toml")
}

// DataDir is where the database lives by default: $XDG_DATA_HOME/paperboy
// (~/.local/share/paperboy when unset; ~/Library/Application Support/
// paperboy on macOS).
func DataDir() string { return appDir(VarXDGData, filepath.Join(".local", "share")) }

// DBPath is the database file: the --db flag when given, then
// $PAPERBOY_DB, then papers.db in the data directory.
func DBPath(flag string) string {
	if flag != "" {
		return flag
	}
	if p := VarDB.Get(); p != "" {
		return p
	}
	return filepath.Join(DataDir(), "papers.db")
}

// Load reads the config file at path. A missing file gives the
// defaults; a malformed one, an unknown key, a value of the wrong type or
// an invalid setting (a saved view whose query does not parse, say) is a
// *Error naming the line.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, data)
}

// typeErr matches the library's type errors, which carry the line only in
// their text.
var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// Parse parses a config file's content; path is only for messages.
func Parse(path string, data []byte) (Config, error) {
	cfg := Default()
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.LastKey != "" {
				msg = fmt.Sprintf("%s: %s", pe.LastKey, msg)
			}
			return Config{}, &Error{Path: path, Line: pe.Position.Line, Msg: msg}
		}
		if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			msg := strings.Replace(m[3], "incompatible types: ", "", 1)
			return Config{}, &Error{Path: path, Line: line, Msg: fmt.Sprintf("%s: %s", m[2], msg)}
		}
		return Config{}, &Error{Path: path, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	loc := newKeyLocator(data)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return Config{}, &Error{Path: path, Line: loc.line(k, -1), Msg: fmt.Sprintf("unknown key %q", k)}
	}
	if cfg.Views == nil {
		cfg.Views = []SavedView{}
	}
	if err := cfg.validate(); err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.Path = path
			ce.Line = loc.line(ce.keyRef.key, ce.keyRef.nth)
			if ce.Line == 0 && ce.keyRef.nth >= 0 {
				// The key is missing: point at its table.
				ce.Line = loc.line(strings.SplitN(ce.keyRef.key, ".", 2)[0], ce.keyRef.nth)
			}
			return Config{}, ce
		}
		return Config{}, err
	}
	return cfg, nil
}

// validate checks the values and parses the saved views' queries.
func (c *Config) validate() error {
	bad := func(key string, nth int, format string, args ...any) error {
		return &Error{Msg: key + ": " + fmt.Sprintf(format, args...), keyRef: keyRef{key, nth}}
	}
	if c.Sync.Days < 1 || c.Sync.Days > MaxDays {
		return bad("sync.days", -1, "must be between 1 and %d (got %d)", MaxDays, c.Sync.Days)
	}
	if c.Sync.CatchUpDays < 1 || c.Sync.CatchUpDays > MaxDays {
		return bad("sync.catch_up_days", -1, "must be between 1 and %d (got %d)", MaxDays, c.Sync.CatchUpDays)
	}
	if c.Reader.ForYouDays < 1 || c.Reader.ForYouDays > 3650 {
		return bad("reader.foryou_days", -1, "must be between 1 and 3650 (got %d)", c.Reader.ForYouDays)
	}
	if c.Sync.ArxivMax < 1 {
		return bad("sync.arxiv_max", -1, "must be at least 1 (got %d)", c.Sync.ArxivMax)
	}
	for _, q := range c.Sync.Arxiv {
		if strings.TrimSpace(q) == "" {
			return bad("sync.arxiv", -1, "an empty query")
		}
	}
	if err := theme.Check(expandHome(c.Reader.Theme)); err != nil {
		return bad("reader.theme", -1, "%v", err)
	}
	if id := strings.TrimSpace(c.Zotero.UserID); id != "" && strings.Trim(id, "0123456789") != "" {
		return bad("zotero.user_id", -1, "must be the numeric user ID (got %q)", c.Zotero.UserID)
	}
	seen := map[string]bool{}
	for i := range c.Views {
		v := &c.Views[i]
		v.Name = strings.TrimSpace(v.Name)
		if v.Name == "" {
			return bad("views.name", i, "view %d has no name", i+1)
		}
		if seen[strings.ToLower(v.Name)] {
			return bad("views.name", i, "two views are called %q", v.Name)
		}
		seen[strings.ToLower(v.Name)] = true
		q, err := store.ParseQuery(v.Query)
		if err != nil {
			return bad("views.query", i, "view %q: %v", v.Name, err)
		}
		if q.Empty() {
			return bad("views.query", i, "view %q has an empty query", v.Name)
		}
		v.query = q
	}
	return nil
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

// ExpandHome turns a leading ~/ into the home directory.
func ExpandHome(p string) string { return expandHome(p) }

// WriteTOML prints the configuration as a config file.
func (c Config) WriteTOML(w io.Writer) error {
	enc := toml.NewEncoder(w)
	enc.Indent = ""
	return enc.Encode(c)
}

// keyRef names the key a validation error is about: a dotted key and,
// for keys in an array of tables, which table (-1 for any).
type keyRef struct {
	key string
	nth int
}

// keyLocator finds the line a key is set on. The TOML library reports
// lines for syntax and type errors only, so unknown keys and invalid
// values are found by reading the file's key lines and table headers.
type keyLocator struct {
	lines []locLine
}

type locLine struct {
	key  string // full dotted key, without array indexes
	nth  int    // index of the array table it is in, or -1
	line int
}

var (
	tableHeader = regexp.MustCompile(`^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?`)
	keyLine     = regexp.MustCompile(`^\s*([A-Za-z0-9_."' -]+?)\s*=`)
)

func newKeyLocator(data []byte) *keyLocator {
	l := &keyLocator{}
	table, nth := "", -1
	count := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if m := tableHeader.FindStringSubmatch(text); m != nil {
			table, nth = unquoteKey(m[2]), -1
			if m[1] == "[[" {
				nth = count[table]
				count[table]++
			}
			l.lines = append(l.lines, locLine{key: table, nth: nth, line: n})
			continue
		}
		if m := keyLine.FindStringSubmatch(text); m != nil {
			k := unquoteKey(m[1])
			if table != "" {
				k = table + "." + k
			}
			l.lines = append(l.lines, locLine{key: k, nth: nth, line: n})
		}
	}
	return l
}

func unquoteKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// line is the line of key (in the nth array table, or any when nth < 0),
// or 0 when it cannot be found.
func (l *keyLocator) line(key string, nth int) int {
	for _, ll := range l.lines {
		if ll.key == key && (nth < 0 || ll.nth == nth) {
			return ll.line
		}
	}
	return 0
}
