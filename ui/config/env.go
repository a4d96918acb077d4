package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Var is an environment variable paperboy reads.
type Var struct {
	Name string
	Doc  string
}

// The environment variables, written once: --help, the man page and the
// code that reads them all take them from here.
var (
	VarDB             = Var{"PAPERBOY_DB", "database file"}
	VarConfig         = Var{"PAPERBOY_CONFIG", "config file"}
	VarHFEndpoint     = Var{"HF_ENDPOINT", "Hugging Face base URL (default https://huggingface.co)"}
	VarHFToken        = Var{"HF_TOKEN", "Hugging Face token: sent as a bearer token when set; collection needs one"}
	VarArxivEndpoint  = Var{"ARXIV_ENDPOINT", "arXiv API base URL (default https://export.arxiv.org)"}
	VarArxivDelay     = Var{"PAPERBOY_ARXIV_DELAY", "least time between arXiv requests (default 3s)"}
	VarArxivHTML      = Var{"ARXIV_HTML_ENDPOINT", "arXiv's HTML papers base URL (default https://arxiv.org)"}
	VarZoteroKey      = Var{"ZOTERO_API_KEY", "Zotero API key with write access (zotero add; else the config file)"}
	VarZoteroUser     = Var{"ZOTERO_USER_ID", "Zotero numeric user ID (else the config file)"}
	VarZoteroEndpoint = Var{"ZOTERO_ENDPOINT", "Zotero web API base URL (default https://api.zotero.org)"}
	VarBrowser        = Var{"BROWSER", "command that opens links"}
	VarNoColor        = Var{"NO_COLOR", "turn colours off"}
	VarMemStats       = Var{"PAPERBOY_MEMSTATS", ""} // for the benchmarks: not listed
	VarNow            = Var{"PAPERBOY_NOW", "for tests: the present as RFC 3339; the clock runs on from there"}
	VarHFRate         = Var{"PAPERBOY_HF_RATE", "for tests: Hugging Face's anonymous limits, API and pages, as N/DURATION (default 500/5m and 100/5m)"}

	// The terminal's own, read to wrap the clipboard sequence for a
	// multiplexer.
	VarTmux = Var{"TMUX", ""}
	VarTerm = Var{"TERM", ""}
	// Where the config and the data live (see Path and DataDir).
	VarXDGConfig = Var{"XDG_CONFIG_HOME", ""}
	VarXDGData   = Var{"XDG_DATA_HOME", ""}
)

// Vars are the documented variables, in the order help lists them.
func Vars() []Var {
	return []Var{VarDB, VarConfig, VarHFEndpoint, VarHFToken, VarArxivEndpoint, VarArxivHTML, VarArxivDelay,
		VarZoteroKey, VarZoteroUser, VarZoteroEndpoint, VarBrowser, VarNoColor, VarNow, VarHFRate}
}

// Get is the variable's value ("" when unset).
func (v Var) Get() string { return os.Getenv(v.Name) }

// Duration is the variable as a Go duration ("3s", "500ms"); ok is false
// when it is unset.
func (v Var) Duration() (d time.Duration, ok bool, err error) {
	s := v.Get()
	if s == "" {
		return 0, false, nil
	}
	d, err = time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, false, fmt.Errorf("%s=%q: want a duration such as 3s or 500ms", v.Name, s)
	}
	return d, true, nil
}

// Rate reads N/DURATION (500/5m); ok is false when the variable is unset.
func (v Var) Rate() (n int, per time.Duration, ok bool, err error) {
	s := v.Get()
	if s == "" {
		return 0, 0, false, nil
	}
	num, dur, found := strings.Cut(s, "/")
	n, errN := strconv.Atoi(strings.TrimSpace(num))
	per, errD := time.ParseDuration(strings.TrimSpace(dur))
	if !found || errN != nil || errD != nil || n < 1 || per <= 0 {
		return 0, 0, false, fmt.Errorf("%s=%q: want requests per duration, such as 500/5m", v.Name, s)
	}
	return n, per, true, nil
}

// VarsHelp is the variables as an indented table for --help.
func VarsHelp() string {
	var b strings.Builder
	for _, v := range Vars() {
		fmt.Fprintf(&b, "  %-22s %s\n", v.Name, v.Doc)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Clock is PAPERBOY_NOW as a clock: the given time when the program
// started, running on from there; nil when the variable is unset. It
// lets tests stand the program on another day (a sync log days old, a
// history a week long) without waiting.
func Clock() (func() time.Time, error) {
	s := VarNow.Get()
	if s == "" {
		return nil, nil
	}
	t0, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("%s=%q: want an RFC 3339 time such as 2025-05-15T08:00:00Z", VarNow.Name, s)
	}
	start := time.Now()
	return func() time.Time { return t0.Add(time.Since(start)) }, nil
}
