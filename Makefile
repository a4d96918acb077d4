# Every build, test and benchmark goes through here so that cgo and the
# sqlite_fts5 build tag are never forgotten.
GO      ?= go
TAGS    := sqlite_fts5
BIN     := bin/paperboy
PKGS    := ./...
GOFLAGS_ALL := -tags $(TAGS)

export CGO_ENABLED := 1

.PHONY: all build run test vet bench fuzz stress deps clean

all: build

# deps makes sure the C toolchain that go-sqlite3 needs is present; Go
# modules come from the module proxy on the first build.
deps:
	@command -v gcc >/dev/null 2>&1 || { \
		echo "installing gcc (needed by go-sqlite3)"; \
		apt-get update -qq && apt-get install -y -qq gcc libc6-dev >/dev/null; }
	@$(GO) mod download

build: deps
	$(GO) build $(GOFLAGS_ALL) -o $(BIN) .

run: build
	./$(BIN) $(ARGS)

vet: deps
	$(GO) vet $(GOFLAGS_ALL) $(PKGS)

test: build vet
	$(GO) test $(GOFLAGS_ALL) -count=1 $(PKGS)

clean:
	rm -rf bin
