package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Text is a paper's downloaded full text (see fetch/fulltext): Markdown,
// already made safe to print, with where and when it came from.
type Text struct {
	ID       string // normalised arXiv id
	Source   string // "hf" or "arxiv"
	URL      string // the page it was downloaded from
	Markdown string
	Fetched  time.Time
}

// ErrNoText is returned (wrapped) by Text when no text of the paper is
// stored.
var ErrNoText = errors.New("no downloaded text")

// maxTextSize bounds what a stored text may decompress to. fetch caps a
// download well below it; the bound keeps a damaged or forged blob from
// asking for gigabytes.
const maxTextSize = 256 << 20

// The codec is made once and shared: zstd's encoder and decoder hold
// megabytes of tables, and EncodeAll and DecodeAll are safe for
// concurrent use. It is made on first use so that commands that never
// touch a text never pay for it.
var codec = sync.OnceValues(func() (*zstd.Encoder, *zstd.Decoder) {
	// Errors come only from invalid options, which these are not.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	if err != nil {
		panic(err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxTextSize))
	if err != nil {
		panic(err)
	}
	return enc, dec
})

func compressText(s string) []byte {
	enc, _ := codec()
	return enc.EncodeAll([]byte(s), make([]byte, 0, len(s)/3))
}

func decompressText(b []byte, size int) (string, error) {
	_, dec := codec()
	out, err := dec.DecodeAll(b, make([]byte, 0, min(max(size, 0), maxTextSize)))
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// SaveText stores a paper's text, replacing the one stored before, and
// puts it in the text search index (text:) in the same transaction, the
// old text's words out of it. The paper need not be stored: texts are
// keyed by arXiv id, like user state, and no sync touches them.
func (db *DB) SaveText(ctx context.Context, t Text) error {
	nid, err := NormalizeID(t.ID)
	if err != nil {
		return fmt.Errorf("save text: %w", err)
	}
	if strings.TrimSpace(t.Markdown) == "" {
		return fmt.Errorf("save text %s: the text is empty", nid)
	}
	if len(t.Markdown) > maxTextSize {
		return fmt.Errorf("save text %s: %d bytes is over the limit of %d", nid, len(t.Markdown), maxTextSize)
	}
	fetched := t.Fetched
	if fetched.IsZero() {
		fetched = db.now()
	}
	blob := compressText(t.Markdown)
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		// The upsert keeps the row's tid, so the index entry to remove
		// is found by it.
		var tid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO texts (id, source, url, fetched, size, markdown)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET source = excluded.source, url = excluded.url,
				fetched = excluded.fetched, size = excluded.size, markdown = excluded.markdown
			RETURNING tid`, nid, t.Source, t.URL, fetched.Unix(), len(t.Markdown), blob).Scan(&tid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM texts_fts WHERE rowid = ?`, tid); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO texts_fts (rowid, body) VALUES (?, ?)`, tid, t.Markdown)
		return err
	})
	if err != nil {
		return fmt.Errorf("save text %s: %w", nid, friendly(err))
	}
	return nil
}

// Text reads a paper's stored text; errors.Is(err, ErrNoText) when there
// is none.
func (db *DB) Text(ctx context.Context, id string) (Text, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return Text{}, err
	}
	var (
		t       = Text{ID: nid}
		fetched int64
		size    int
		blob    []byte
	)
	err = db.sql.QueryRowContext(ctx, `SELECT source, url, fetched, size, markdown FROM texts WHERE id = ?`, nid).
		Scan(&t.Source, &t.URL, &fetched, &size, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return Text{}, fmt.Errorf("%s: %w", nid, ErrNoText)
	}
	if err != nil {
		return Text{}, fmt.Errorf("read text %s: %w", nid, friendly(err))
	}
	if t.Markdown, err = decompressText(blob, size); err != nil {
		return Text{}, fmt.Errorf("read text %s: the stored text is damaged (%v); download it again", nid, err)
	}
	t.Fetched = time.Unix(fetched, 0)
	return t, nil
}

// HasText reports whether a text of the paper is stored.
func (db *DB) HasText(ctx context.Context, id string) (bool, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return false, err
	}
	var has bool
	if err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM texts WHERE id = ?)`, nid).Scan(&has); err != nil {
		return false, fmt.Errorf("look up text %s: %w", nid, friendly(err))
	}
	return has, nil
}

// DeleteText removes a paper's stored text and its words from the text
// search index; its reading position stays, as the rest of the user's
// state does. Deleting a text that is not there is not an error.
func (db *DB) DeleteText(ctx context.Context, id string) error {
	nid, err := NormalizeID(id)
	if err != nil {
		return err
	}
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		var tid int64
		err := tx.QueryRowContext(ctx, `DELETE FROM texts WHERE id = ? RETURNING tid`, nid).Scan(&tid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM texts_fts WHERE rowid = ?`, tid)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete text %s: %w", nid, friendly(err))
	}
	return nil
}

// StarredWithoutText lists the starred papers that have no stored text,
// the most recently starred first: what `sync --texts` downloads.
func (db *DB) StarredWithoutText(ctx context.Context) ([]string, error) {
	return db.queryStrings(ctx, "list starred papers without text", `SELECT u.id FROM user_state u
		WHERE u.starred_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM texts t WHERE t.id = u.id)
		ORDER BY u.starred_at DESC, u.id`)
}

// ReadingPosition is where the reader left a paper's text.
type ReadingPosition struct {
	// Block is the index of the Markdown block (paragraph, heading,
	// list, table…) at the top of the screen: a place in the text, not
	// in its rendering, so it holds at any terminal width.
	Block int
	At    time.Time // when it was set
}

// SetReadingPosition keeps where the reader is in a paper's text. It is
// user state: no sync reads or writes it, and the state export carries
// it. The paper need not be stored, as for its text.
func (db *DB) SetReadingPosition(ctx context.Context, id string, p ReadingPosition) error {
	nid, err := NormalizeID(id)
	if err != nil {
		return err
	}
	if p.Block < 0 {
		return fmt.Errorf("reading position of %s: block %d is before the text", nid, p.Block)
	}
	at := p.At
	if at.IsZero() {
		at = db.now()
	}
	_, err = db.sql.ExecContext(ctx, `INSERT INTO reading_positions (id, block, at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET block = excluded.block, at = excluded.at`, nid, p.Block, at.Unix())
	if err != nil {
		return fmt.Errorf("reading position of %s: %w", nid, friendly(err))
	}
	return nil
}

// ReadingPosition reads where the reader left a paper's text; ok is
// false when it was never set.
func (db *DB) ReadingPosition(ctx context.Context, id string) (ReadingPosition, bool, error) {
	nid, err := NormalizeID(id)
	if err != nil {
		return ReadingPosition{}, false, err
	}
	var block int
	var at int64
	err = db.sql.QueryRowContext(ctx, `SELECT block, at FROM reading_positions WHERE id = ?`, nid).Scan(&block, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return ReadingPosition{}, false, nil
	}
	if err != nil {
		return ReadingPosition{}, false, fmt.Errorf("reading position of %s: %w", nid, friendly(err))
	}
	return ReadingPosition{Block: block, At: time.Unix(at, 0)}, true, nil
}

// textStats counts the stored texts and their compressed size in bytes.
func (db *DB) textStats(ctx context.Context) (n int, bytes int64, err error) {
	// length() of a blob reads the record header only, not the blob.
	err = db.sql.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(markdown)), 0) FROM texts`).Scan(&n, &bytes)
	if err != nil {
		return 0, 0, fmt.Errorf("count texts: %w", friendly(err))
	}
	return n, bytes, nil
}
