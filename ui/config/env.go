package config

import (
	"fmt"
	"os"
	"strings"
)

// Var is an environment variable paperboy reads.
type Var struct {
	Name string
	Doc  string
}

// The environment variables, written once: --help, the man page and the
// code that reads them all take them from here.
var (
	VarDB            = Var{"PAPERBOY_DB", "database file"}
	VarConfig        = Var{"PAPERBOY_CONFIG", "config file"}
	VarHFEndpoint    = Var{"HF_ENDPOINT", "Hugging Face base URL (default https://huggingface.co)"}
	VarHFToken       = Var{"HF_TOKEN", "sent as a bearer token to Hugging Face when set"}
	VarArxivEndpoint = Var{"ARXIV_ENDPOINT", "arXiv API base URL (default https://export.arxiv.org)"}
	VarArxivDelay    = Var{"PAPERBOY_ARXIV_DELAY", "least time between arXiv requests (default 3s)"}
	VarBrowser       = Var{"BROWSER", "command that opens links"}
	VarNoColor       = Var{"NO_COLOR", "turn colours off"}
	VarMemStats      = Var{"PAPERBOY_MEMSTATS", ""} // for the benchmarks: not listed
)

// Vars are the documented variables, in the order help lists them.
func Vars() []Var {
	return []Var{VarDB, VarConfig, VarHFEndpoint, VarHFToken, VarArxivEndpoint, VarArxivDelay, VarBrowser, VarNoColor}
}

// Get is the variable's value ("" when unset).
func (v Var) Get() string { return os.Getenv(v.Name) }

// VarsHelp is the variables as an indented table for --help.
func VarsHelp() string {
	var b strings.Builder
	for _, v := range Vars() {
		fmt.Fprintf(&b, "  %-22s %s\n", v.Name, v.Doc)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
