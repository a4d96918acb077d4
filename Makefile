# Every build, test and benchmark goes through here so that cgo and the
# sqlite_fts5 build tag are never forgotten.
GO      ?= go
TAGS    := sqlite_fts5
BIN     := bin/paperboy
PKGS    := ./...
# ui/termbg is a module of its own (see its go.mod), which ./... leaves
# out; the main module requires it, so its import path reaches it.
NESTED  := early.invalid/termbg
GOFLAGS_ALL := -tags $(TAGS)

export CGO_ENABLED := 1

.PHONY: all build run test vet bench fuzz stress deps test-deps apt clean

all: build

# deps makes sure the C toolchain that go-sqlite3 needs is present; Go
# modules come from the module proxy on the first build.
deps:
	@command -v gcc >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT="gcc libc6-dev"
	@$(GO) mod download

# test-deps adds tmux, the terminal the end-to-end tests drive the reader
# in, and python3-bibtexparser, the BibTeX parser the export tests read
# their output with.
test-deps: deps
	@command -v tmux >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT=tmux
	@/usr/bin/python3 -c 'import bibtexparser' >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT=python3-bibtexparser

apt:
	@echo "installing $(PKGS_APT) with apt-get"
	@apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PKGS_APT) >/dev/null

build: deps
	$(GO) build $(GOFLAGS_ALL) -o $(BIN) .

run: build
	./$(BIN) $(ARGS)

vet: deps
	$(GO) vet $(GOFLAGS_ALL) $(PKGS) $(NESTED)

test: test-deps build vet
	$(GO) test $(GOFLAGS_ALL) -count=1 $(PKGS)

# fuzz runs every fuzz target for FUZZTIME each; new failing inputs land in
# the package's testdata/fuzz and then run in every `make test`.
FUZZTIME ?= 20s
FUZZ_TARGETS := ./store/safetext/:FuzzText ./fetch/:FuzzParseHF ./fetch/:FuzzParseAtom \
	./store/:FuzzParseQuery ./ui/:FuzzModel
fuzz: deps
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test $(GOFLAGS_ALL) -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# stress is the long form of the crash and concurrency tests: 30 kills
# during sync and import, ten syncs beside two readers, and the reader
# left open for SOAK_MINUTES (default 3) of syncs, stars, searches and
# texts.
stress: test-deps
	STRESS=1 $(GO) test $(GOFLAGS_ALL) -count=1 -timeout 30m -v \
		-run 'TestKillDuringSyncAndImport|TestReaderDuringSync|TestQuitDuringSync|TestDiskFull|TestSoak' .
	STRESS=1 $(GO) test $(GOFLAGS_ALL) -count=1 -run 'TestTwoProcessesShareTheFile|TestModelRandomInput' ./store/ ./ui/

# bench is the speed harness: generated corpora of 10k, 100k and 1M papers
# (BENCH_FULL=1 adds the full arXiv, 2.7M) imported with the real binary,
# the reader driven in a pseudo-terminal (browsing, then reading stored
# texts of 15,000 and 60,000 words, then similar papers and For you with
# their precision against the corpus's topics), newsboat side by side at 100k,
# then the Go benchmarks of the hot paths. It writes BENCHMARKS.md and keeps
# the raw numbers in BENCH/last.json to compare the next run against.
# BENCH_SIZES=10000,100000 picks sizes; BENCH_DB_SIZE sizes the Go
# benchmarks' database (default 100000).
BENCHTIME ?= 2s
bench: test-deps
	@command -v newsboat >/dev/null 2>&1 || [ "$(BENCH_NEWSBOAT)" = 0 ] || $(MAKE) --no-print-directory apt PKGS_APT=newsboat
	@command -v sqlite3 >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT=sqlite3
	$(GO) test -tags '$(TAGS) bench' -count=1 -run TestBenchHarness -timeout 40m -v .
	$(GO) test $(GOFLAGS_ALL) -count=1 -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 30m ./store/ ./ui/ ./ui/markdown/ | tee BENCH/gobench.txt
	@{ echo '```'; grep -E '^(Benchmark|goos|goarch|pkg|cpu)' BENCH/gobench.txt; echo '```'; } >> BENCHMARKS.md

clean:
	rm -rf bin
