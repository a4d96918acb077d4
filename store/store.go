// Package store keeps papers, topic tags, user state and sync history in
// one SQLite file. It is the only package that speaks SQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
)

// DB is an open paperboy database.
type DB struct {
	sql   *sql.DB
	path  string
	watch watcher // see Changed
	// clock is "now" for the retry schedule of arXiv look-ups and the
	// time of version notices; nil means time.Now (tests move it).
	clock func() time.Time
	// vocabulary estimates how many papers hold a word (vocabulary.go).
	vocabMu    sync.Mutex
	vocabulary *vocabulary
}

func (db *DB) now() time.Time {
	if db.clock != nil {
		return db.clock()
	}
	return time.Now()
}

// Errors callers are expected to tell apart.
var (
	ErrNotFound    = errors.New("paper not found")
	ErrNewerSchema = errors.New("database was written by a newer paperboy")
	ErrNotDatabase = errors.New("not a paperboy database")
)

// busyTimeoutMS is how long a writer waits for another process's lock
// before giving up; syncs write in short page-sized transactions, so a few
// seconds is plenty and keeps "database is locked" from reaching the user.
const busyTimeoutMS = 10000

// Open opens (creating if needed) the database at path and brings its
// schema up to date. A file that is not SQLite, or a database from a newer
// version of paperboy, is refused and left untouched.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_busy_timeout=" + fmt.Sprint(busyTimeoutMS) +
		"&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate"
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{sql: sdb, path: path}
	if err := db.migrate(context.Background()); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// checkHeader refuses a non-empty file that is not SQLite before the driver
// gets a chance to do anything with it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil
	}
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s: %w (not an SQLite file)", path, ErrNotDatabase)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.watch.close()
	return db.sql.Close()
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// withTx runs fn in one transaction, committing only if it succeeds.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return friendly(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return friendly(tx.Commit())
}

// queryStrings runs a query of one text column and returns its values
// in order; what says in its errors which list it was.
func (db *DB) queryStrings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, friendly(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, friendly(err))
	}
	return out, nil
}

// friendly turns the driver's errors that a user can act on into plain
// sentences; everything else is passed through with its context.
func friendly(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull:
			return fmt.Errorf("disk full: %w", err)
		case sqlite3.ErrIoErr:
			// A write refused for want of room (ENOSPC) or over the file
			// size limit (EFBIG, RLIMIT_FSIZE) is a full disk to the user.
			if se.SystemErrno == syscall.ENOSPC || se.SystemErrno == syscall.EFBIG {
				return fmt.Errorf("disk full: could not write the database (%v)", se.SystemErrno)
			}
		case sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrCantOpen:
			return fmt.Errorf("database is not writable: %w", err)
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return fmt.Errorf("%w (file is corrupt): %v", ErrNotDatabase, err)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("database is busy in another paperboy, try again: %w", err)
		}
	}
	return err
}

// placeholders returns "?,?,?" for n parameters.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?,", n-1) + "?"
}
