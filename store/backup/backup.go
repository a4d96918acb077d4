// Package backup keeps copies of the user's own work (stars, read marks,
// tags, notes, reading positions) outside the database: a JSON file a day
// in the data directory, the last Keep of them, in the state format
// `import-state` restores. Metadata can be synced again; the user's work
// cannot, so it is the part that gets this care.
package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
)

// Keep is how many daily backups stay.
const Keep = 7

const prefix, suffix = "state-", ".json"

// Dir is where the backups live, beside the database.
func Dir(dataDir string) string { return filepath.Join(dataDir, "backups") }

// Write writes the user's work to a file, whole or not at all.
func Write(ctx context.Context, db *store.DB, path string) (papers int, err error) {
	work, err := db.UserWork(ctx)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := export.WriteFile(path, "json", work); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return len(work), nil
}

// Daily writes today's backup into dir unless it is there already, then
// keeps only the newest Keep. It returns the path written, or "" when
// today's was already there.
func Daily(ctx context.Context, db *store.DB, dir string, now time.Time) (string, error) {
	path := filepath.Join(dir, prefix+now.Format(time.DateOnly)+suffix)
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if _, err := Write(ctx, db, path); err != nil {
		return "", err
	}
	return path, prune(dir)
}

// List is the backups in dir, newest first.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) && !e.IsDir() {
			if _, err := time.Parse(time.DateOnly, strings.TrimSuffix(strings.TrimPrefix(n, prefix), suffix)); err == nil {
				names = append(names, n)
			}
		}
	}
	// The names are dates: their order is the days'.
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths, nil
}

func prune(dir string) error {
	paths, err := List(dir)
	if err != nil {
		return err
	}
	for _, p := range paths[min(Keep, len(paths)):] {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("backups: %w", err)
		}
	}
	return nil
}
