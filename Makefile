# Every build, test and benchmark goes through here so that cgo and the
# sqlite_fts5 build tag are never forgotten.
GO      ?= go
TAGS    := sqlite_fts5
BIN     := bin/paperboy
PKGS    := ./...
GOFLAGS_ALL := -tags $(TAGS)

export CGO_ENABLED := 1

.PHONY: all build run test vet bench fuzz stress deps test-deps apt clean

all: build

# deps makes sure the C toolchain that go-sqlite3 needs is present; Go
# modules come from the module proxy on the first build.
deps:
	@command -v gcc >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT="gcc libc6-dev"
	@$(GO) mod download

# test-deps adds tmux, the terminal the end-to-end tests drive the reader in.
test-deps: deps
	@command -v tmux >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PKGS_APT=tmux

apt:
	@echo "installing $(PKGS_APT) with apt-get"
	@apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PKGS_APT) >/dev/null

build: deps
	$(GO) build $(GOFLAGS_ALL) -o $(BIN) .

run: build
	./$(BIN) $(ARGS)

vet: deps
	$(GO) vet $(GOFLAGS_ALL) $(PKGS)

test: test-deps build vet
	$(GO) test $(GOFLAGS_ALL) -count=1 $(PKGS)

clean:
	rm -rf bin
