package fetch

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store/safetext"

	"github.com/paperboy-reader/paperboy/store"
)

// ImportBatch is how many papers one import transaction writes: large
// enough that SQLite's per-transaction cost vanishes, small enough that
// memory stays flat on a multi-gigabyte snapshot.
const ImportBatch = 5000

// Upserter is the part of the store an import writes through.
type Upserter interface {
	UpsertPapers(ctx context.Context, papers []store.Paper) (store.UpsertStats, error)
}

// bulkStore is a store that can defer search indexing of a bulk load
// (*store.DB can); Import then writes through ImportPapers, and the caller
// finishes with IndexPending.
type bulkStore interface {
	ImportPapers(ctx context.Context, papers []store.Paper) (store.UpsertStats, error)
}

// ImportResult counts what an import did. Read counts records seen,
// Skipped those without a usable arXiv id.
type ImportResult struct {
	Read    int
	Skipped int
	store.UpsertStats
}

func (r ImportResult) String() string {
	return fmt.Sprintf("read %d, new %d, updated %d, skipped %d", r.Read, r.New, r.Updated, r.Skipped)
}

// ImportFile imports the file at path; see Import. A gzip-compressed file
// is recognised by its content, whatever its name.
func ImportFile(ctx context.Context, db Upserter, path string, progress func(n int)) (ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportResult{}, err
	}
	defer f.Close()
	res, err := Import(ctx, db, f, progress)
	if err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

// Import streams papers from r into db, ImportBatch papers per
// transaction, calling progress (when not nil) with the number of records
// read after each batch. r holds either an arXiv metadata snapshot in JSON
// lines (arxiv-metadata-oai-snapshot.json) or a saved Hugging Face
// response (a JSON array); the first non-space byte tells which. Gzip
// input is decompressed on the fly.
//
// When db is a *store.DB, new papers are written with their search
// indexing deferred (browsable at once, searchable after the caller runs
// db.IndexPending), which makes a large import many times faster.
//
// On error, the batches written before it stay written: an import can be
// re-run and finishes the rest, counting the first part as unchanged.
func Import(ctx context.Context, db Upserter, r io.Reader, progress func(n int)) (ImportResult, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return ImportResult{}, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 256<<10)
	}
	first, err := firstByte(br)
	if err != nil {
		return ImportResult{}, err
	}
	imp := &importer{ctx: ctx, db: db, progress: progress, index: map[string]int{}}
	imp.startWriter()
	dec := json.NewDecoder(br)
	switch first {
	case '[':
		err = imp.hfArray(dec)
	case '{':
		err = imp.jsonLines(dec)
	default:
		err = fmt.Errorf("unknown format: expected a JSON array (Hugging Face) or JSON lines (arXiv snapshot), got %q", first)
	}
	// After a syntax error the records read before it are still good:
	// write them, so a re-run only has the rest left to do.
	if err == nil || imp.badInput {
		if ferr := imp.flush(); err == nil {
			err = ferr
		}
	}
	if werr := imp.stopWriter(); err == nil {
		err = werr
	}
	return imp.res, err
}

// firstByte peeks past white space and a UTF-8 byte order mark.
func firstByte(br *bufio.Reader) (byte, error) {
	if bom, _ := br.Peek(3); len(bom) == 3 && string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return 0, errors.New("empty input")
		}
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return b, br.UnreadByte()
	}
}

type importer struct {
	ctx      context.Context
	db       Upserter
	progress func(int)
	batch    []store.Paper
	index    map[string]int // id -> position in batch, so a repeat replaces
	res      ImportResult
	badInput bool // the input, not the database, stopped the import

	// The database writes one batch while the next is decoded: a batch
	// goes to the writer goroutine through work, and its outcome comes
	// back on done before the next one is sent.
	work    chan []store.Paper
	done    chan writeResult
	pending bool          // a batch is with the writer
	spare   []store.Paper // the batch before, free again once written
}

type writeResult struct {
	st  store.UpsertStats
	err error
}

// startWriter starts the goroutine that writes batches.
func (imp *importer) startWriter() {
	imp.work = make(chan []store.Paper)
	imp.done = make(chan writeResult)
	write := imp.db.UpsertPapers
	if bulk, ok := imp.db.(bulkStore); ok {
		write = bulk.ImportPapers
	}
	go func() {
		for batch := range imp.work {
			st, err := write(imp.ctx, batch)
			imp.done <- writeResult{st, err}
		}
	}()
}

// wait collects the outcome of the batch being written, if any.
func (imp *importer) wait() error {
	if !imp.pending {
		return nil
	}
	imp.pending = false
	r := <-imp.done
	if r.err != nil {
		return r.err
	}
	imp.res.Add(r.st)
	return nil
}

// stopWriter waits for the last batch and ends the writer.
func (imp *importer) stopWriter() error {
	err := imp.wait()
	close(imp.work)
	return err
}

func (imp *importer) add(p store.Paper, ok bool) error {
	imp.res.Read++
	if !ok {
		imp.res.Skipped++
		return nil
	}
	if i, dup := imp.index[p.ID]; dup {
		imp.batch[i] = p
	} else {
		imp.index[p.ID] = len(imp.batch)
		imp.batch = append(imp.batch, p)
	}
	if len(imp.batch) >= ImportBatch {
		return imp.flush()
	}
	return nil
}

// flush hands the batch to the writer, after the one before it is written.
func (imp *importer) flush() error {
	if len(imp.batch) > 0 {
		if err := imp.wait(); err != nil {
			return err
		}
		imp.work <- imp.batch
		imp.pending = true
		imp.batch, imp.spare = imp.spare[:0], imp.batch
		clear(imp.index)
	}
	if imp.progress != nil {
		imp.progress(imp.res.Read)
	}
	return nil
}

func (imp *importer) hfArray(dec *json.Decoder) error {
	if _, err := dec.Token(); err != nil { // the opening '['
		return fmt.Errorf("invalid JSON: %w", err)
	}
	for dec.More() {
		if err := imp.ctx.Err(); err != nil {
			return err
		}
		var it jobj[hfItem]
		if err := dec.Decode(&it); err != nil {
			imp.badInput = true
			return fmt.Errorf("entry %d: invalid JSON: %w", imp.res.Read+1, err)
		}
		if err := imp.add(it.V.toPaper("")); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		imp.badInput = true
		return fmt.Errorf("invalid JSON after entry %d: %w", imp.res.Read, err)
	}
	return nil
}

func (imp *importer) jsonLines(dec *json.Decoder) error {
	for {
		if err := imp.ctx.Err(); err != nil {
			return err
		}
		// Decoding straight into plain types is several times faster than
		// the lenient jobj wrappers. A field of an unexpected type is an
		// UnmarshalTypeError that leaves that field empty and decodes the
		// rest, which is what the lenient decoding does too.
		var rec snapPlain
		err := dec.Decode(&rec)
		if err == io.EOF {
			return nil
		}
		var typeErr *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &typeErr) {
			imp.badInput = true
			return fmt.Errorf("record %d: invalid JSON: %w", imp.res.Read+1, err)
		}
		if err := imp.add(rec.record().toPaper()); err != nil {
			return err
		}
	}
}

type snapVersion struct {
	Version jstr `json:"version"`
	Created jstr `json:"created"`
}

// snapRecord is one line of arxiv-metadata-oai-snapshot.json.
type snapRecord struct {
	ID            jstr                      `json:"id"`
	Authors       jstr                      `json:"authors"`
	AuthorsParsed jobj[[]jobj[[]jstr]]      `json:"authors_parsed"`
	Title         jstr                      `json:"title"`
	Abstract      jstr                      `json:"abstract"`
	Categories    jstr                      `json:"categories"`
	Versions      jobj[[]jobj[snapVersion]] `json:"versions"`
	UpdateDate    jstr                      `json:"update_date"`
	Comments      jstr                      `json:"comments"`
	JournalRef    jstr                      `json:"journal-ref"`
	DOI           jstr                      `json:"doi"`
}

// snapPlain is a snapshot record as arXiv writes it, every field of its
// usual type.
type snapPlain struct {
	ID            string     `json:"id"`
	Authors       string     `json:"authors"`
	AuthorsParsed [][]string `json:"authors_parsed"`
	Title         string     `json:"title"`
	Abstract      string     `json:"abstract"`
	Categories    string     `json:"categories"`
	Versions      []struct {
		Version string `json:"version"`
		Created string `json:"created"`
	} `json:"versions"`
	UpdateDate string `json:"update_date"`
	Comments   string `json:"comments"`
	JournalRef string `json:"journal-ref"`
	DOI        string `json:"doi"`
}

// record is the plain record as a snapRecord.
func (p *snapPlain) record() snapRecord {
	r := snapRecord{
		ID: jstr(p.ID), Authors: jstr(p.Authors), Title: jstr(p.Title), Abstract: jstr(p.Abstract),
		Categories: jstr(p.Categories), UpdateDate: jstr(p.UpdateDate),
		Comments: jstr(p.Comments), JournalRef: jstr(p.JournalRef), DOI: jstr(p.DOI),
	}
	r.AuthorsParsed.V = make([]jobj[[]jstr], len(p.AuthorsParsed))
	for i, parts := range p.AuthorsParsed {
		v := make([]jstr, len(parts))
		for j, x := range parts {
			v[j] = jstr(x)
		}
		r.AuthorsParsed.V[i].V = v
	}
	r.Versions.V = make([]jobj[snapVersion], len(p.Versions))
	for i, v := range p.Versions {
		r.Versions.V[i].V = snapVersion{Version: jstr(v.Version), Created: jstr(v.Created)}
	}
	return r
}

// snapshotTime is the layout of a version's "created" field,
// e.g. "Mon, 2 Apr 2007 19:18:42 GMT".
const snapshotTime = "Mon, 2 Jan 2006 15:04:05 MST"

func (r snapRecord) toPaper() (store.Paper, bool) {
	id, err := store.NormalizeID(string(r.ID))
	if err != nil {
		return store.Paper{}, false
	}
	p := store.Paper{
		ID:           id,
		Source:       store.SourceArxiv,
		Title:        safetext.Line(string(r.Title)),
		Abstract:     safetext.Paragraphs(string(r.Abstract)),
		Categories:   categories(strings.Fields(string(r.Categories))),
		DOI:          safetext.Line(string(r.DOI)),
		JournalRef:   safetext.Line(string(r.JournalRef)),
		ArxivComment: safetext.Line(string(r.Comments)),
	}
	// Names as arXiv prints them, from the authors string; the parsed
	// list only when the string gives none.
	anyAffiliation := false
	for _, a := range parseAuthors(string(r.Authors)) {
		p.Authors = append(p.Authors, a.Name)
		p.Affiliations = append(p.Affiliations, a.Affiliation)
		anyAffiliation = anyAffiliation || a.Affiliation != ""
	}
	if !anyAffiliation {
		p.Affiliations = nil
	}
	for _, parts := range r.AuthorsParsed.V {
		if len(p.Authors) > 0 {
			break
		}
		// [last, first, suffix]: shown as "first last suffix".
		var name []string
		for _, i := range []int{1, 0, 2} {
			if i < len(parts.V) {
				if s := safetext.Line(string(parts.V[i])); s != "" {
					name = append(name, s)
				}
			}
		}
		if len(name) > 0 {
			p.Authors = append(p.Authors, strings.Join(name, " "))
		}
	}
	if vs := r.Versions.V; len(vs) > 0 {
		if t, err := time.Parse(snapshotTime, strings.TrimSpace(string(vs[0].V.Created))); err == nil {
			p.Published = t.UTC().Format(time.DateOnly)
		}
		// The latest version is the highest number (they are listed in
		// order, but nothing says they must be).
		for _, v := range vs {
			n := idVersion(strings.TrimSpace(string(v.V.Version)))
			if n <= p.Version {
				continue
			}
			p.Version, p.Revised = n, ""
			if t, err := time.Parse(snapshotTime, strings.TrimSpace(string(v.V.Created))); err == nil {
				p.Revised = t.UTC().Format(time.DateOnly)
			}
		}
	}
	if p.Published == "" {
		p.Published = isoDate(string(r.UpdateDate))
	}
	return p, true
}
