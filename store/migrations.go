package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// applicationID marks a SQLite file as a paperboy database ("PPBY").
const applicationID = 0x50504259

// migrations is the schema's history, oldest first. Migration i brings a
// database from user_version i to i+1. Entries are never edited or
// reordered once released: a change to the schema is a new entry.
var migrations = []func(tx *sql.Tx) error{
	migrateInitial,
	migrateSearchIndex,
	migrateSyncRuns,
	migrateSearchPrefix1,
	migrateFullRecord,
	migrateTexts,
	migrateHistory,
	migrateLinks,
	migrateVisits,
	migrateStarNews,
	migrateSignalIndexes,
	migrateSuggestions,
	migrateRequestBudgets,
	migrateRecentIndex,
	migrateSortKeys,
	migrateIndexWrites,
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

func (db *DB) migrate(ctx context.Context) error {
	// Two paperboys opening a new file at once can find it locked where
	// SQLite does not wait (setting the journal mode while the other
	// creates the schema): the checks are tried again for as long as the
	// busy timeout would have waited.
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	for {
		err := db.checkBeforeMigrating(ctx)
		if err == nil {
			break
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	// An upgrade is one (immediate, so exclusive) transaction, whatever
	// the number of migrations: interrupted by a kill or a full disk, it
	// leaves the database at the version it had, which the build that wrote
	// it still opens. The version is read inside it, so two paperboys
	// opening a database at once take turns, and the second finds the work
	// done.
	from := 0
	if err := db.withTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow("PRAGMA user_version").Scan(&from); err != nil {
			return err
		}
		for v := from; v < len(migrations); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("to version %d: %w", v+1, err)
			}
		}
		if from >= len(migrations) {
			return nil
		}
		_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)))
		return err
	}); err != nil {
		return fmt.Errorf("migrate database %s from version %d: %w", db.path, from, friendly(err))
	}
	return nil
}

// checkBeforeMigrating refuses another program's database and a newer
// schema before anything writes (even setting the journal mode changes
// the file header, and such a file must stay untouched), then sets WAL.
func (db *DB) checkBeforeMigrating(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open database %s: %w", db.path, friendly(err))
	}
	defer conn.Close()
	// One statement, so one snapshot: read one by one, another paperboy's
	// first migration could commit between the application id (still 0)
	// and the tables (now there), and the file would look like another
	// program's.
	var version, appID, tables int
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)`).
		Scan(&version, &appID, &tables); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, friendly(err))
	}
	if (appID != 0 && appID != applicationID) || (appID == 0 && tables > 0) {
		return fmt.Errorf("%s: %w (it belongs to another program)", db.path, ErrNotDatabase)
	}
	if version > len(migrations) {
		return fmt.Errorf("%s: %w (schema version %d, this build knows up to %d); upgrade paperboy",
			db.path, ErrNewerSchema, version, len(migrations))
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode=WAL"); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, friendly(err))
	}
	return nil
}

// isBusy reports a lock another connection holds.
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

func execAll(tx *sql.Tx, stmts ...string) error {
	for _, s := range stmts {
		if _, err := tx.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

// migrateInitial creates papers, topic tags and user state.
//
// Authors and keywords are newline-separated text so the search index can
// read them straight from the row. Remote topic tags (categories, keywords)
// hang off the paper's row; user state and user tags are keyed by the arXiv
// id instead, so nothing done to the remote data can take them away.
func migrateInitial(tx *sql.Tx) error {
	return execAll(tx,
		fmt.Sprintf("PRAGMA application_id = %d", applicationID),
		`CREATE TABLE papers (
			pid              INTEGER PRIMARY KEY,
			id               TEXT NOT NULL UNIQUE,
			title            TEXT NOT NULL DEFAULT '',
			abstract         TEXT NOT NULL DEFAULT '',
			authors          TEXT NOT NULL DEFAULT '',
			author_count     INTEGER NOT NULL DEFAULT 0,
			first_author     TEXT NOT NULL DEFAULT '',
			published        TEXT NOT NULL DEFAULT '',
			daily            TEXT NOT NULL DEFAULT '',
			date             TEXT NOT NULL DEFAULT '',
			upvotes          INTEGER NOT NULL DEFAULT 0,
			comments         INTEGER NOT NULL DEFAULT 0,
			org_name         TEXT NOT NULL DEFAULT '',
			org_display      TEXT NOT NULL DEFAULT '',
			submitter        TEXT NOT NULL DEFAULT '',
			ai_summary       TEXT NOT NULL DEFAULT '',
			keywords         TEXT NOT NULL DEFAULT '',
			github_repo      TEXT NOT NULL DEFAULT '',
			github_stars     INTEGER NOT NULL DEFAULT 0,
			project_page     TEXT NOT NULL DEFAULT '',
			categories       TEXT NOT NULL DEFAULT '',
			primary_category TEXT NOT NULL DEFAULT '',
			sources          INTEGER NOT NULL DEFAULT 0,
			indexed          INTEGER NOT NULL DEFAULT 1,
			first_seen       INTEGER NOT NULL,
			updated          INTEGER NOT NULL
		)`,
		`CREATE INDEX papers_by_date ON papers(date DESC, pid DESC)`,
		`CREATE INDEX papers_by_upvotes ON papers(upvotes DESC, date DESC, pid DESC)`,
		`CREATE INDEX papers_by_org ON papers(org_name COLLATE NOCASE) WHERE org_name != ''`,
		`CREATE TABLE tags (
			tid    INTEGER PRIMARY KEY,
			kind   TEXT NOT NULL CHECK (kind IN ('cat', 'kw', 'user')),
			name   TEXT NOT NULL COLLATE NOCASE,
			papers INTEGER NOT NULL DEFAULT 0,
			UNIQUE (kind, name)
		)`,
		`CREATE INDEX tags_by_name ON tags(name COLLATE NOCASE)`,
		`CREATE TABLE paper_tags (
			tid INTEGER NOT NULL REFERENCES tags(tid),
			pid INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,
			PRIMARY KEY (tid, pid)
		) WITHOUT ROWID`,
		`CREATE INDEX paper_tags_by_paper ON paper_tags(pid, tid)`,
		// Counting papers per tag must not scan paper_tags (millions of
		// rows at full-arXiv size), so each tag carries its own count.
		`CREATE TRIGGER paper_tags_count_ins AFTER INSERT ON paper_tags BEGIN
			UPDATE tags SET papers = papers + 1 WHERE tid = NEW.tid;
		END`,
		`CREATE TRIGGER paper_tags_count_del AFTER DELETE ON paper_tags BEGIN
			UPDATE tags SET papers = papers - 1 WHERE tid = OLD.tid;
		END`,
		`CREATE TABLE user_tags (
			tid INTEGER NOT NULL REFERENCES tags(tid),
			id  TEXT NOT NULL,
			PRIMARY KEY (tid, id)
		) WITHOUT ROWID`,
		`CREATE INDEX user_tags_by_paper ON user_tags(id, tid)`,
		`CREATE TRIGGER user_tags_count_ins AFTER INSERT ON user_tags BEGIN
			UPDATE tags SET papers = papers + 1 WHERE tid = NEW.tid;
		END`,
		`CREATE TRIGGER user_tags_count_del AFTER DELETE ON user_tags BEGIN
			UPDATE tags SET papers = papers - 1 WHERE tid = OLD.tid;
		END`,
		`CREATE TABLE user_state (
			id         TEXT PRIMARY KEY,
			starred_at INTEGER,
			read_at    INTEGER,
			note       TEXT NOT NULL DEFAULT ''
		) WITHOUT ROWID`,
		`CREATE INDEX user_state_starred ON user_state(starred_at) WHERE starred_at IS NOT NULL`,
		`CREATE INDEX user_state_read ON user_state(read_at) WHERE read_at IS NOT NULL`,
	)
}

// migrateSearchIndex adds the FTS5 index over title, abstract, authors and
// keywords. It reads its content from papers (external content) and the
// triggers keep it exactly in step with every insert, update and delete.
//
// A bulk import writes rows with indexed = 0 and no trigger fires for
// them; IndexPending indexes them afterwards in batches. The update and
// delete triggers touch the index only for rows it holds, so an unindexed
// row can change or go before it is indexed without corrupting it.
func migrateSearchIndex(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE VIRTUAL TABLE papers_fts USING fts5(
			title, abstract, authors, keywords,
			content = 'papers', content_rowid = 'pid',
			tokenize = 'unicode61 remove_diacritics 2',
			prefix = '2 3'
		)`,
		searchTriggers[0], searchTriggers[1], searchTriggers[2],
		`CREATE INDEX papers_unindexed ON papers(pid) WHERE indexed = 0`,
		`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`,
	)
}

// searchTriggers keep the search index in step with papers; migrations 2
// and 4 both create them. Like the migrations, they are history: a change
// to them is a new migration, never an edit here.
var searchTriggers = [...]string{
	`CREATE TRIGGER papers_fts_ins AFTER INSERT ON papers WHEN NEW.indexed BEGIN
		INSERT INTO papers_fts(rowid, title, abstract, authors, keywords)
		VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
	END`,
	`CREATE TRIGGER papers_fts_del AFTER DELETE ON papers WHEN OLD.indexed BEGIN
		INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, keywords)
		VALUES ('delete', OLD.pid, OLD.title, OLD.abstract, OLD.authors, OLD.keywords);
	END`,
	`CREATE TRIGGER papers_fts_upd AFTER UPDATE OF title, abstract, authors, keywords ON papers
		WHEN OLD.indexed BEGIN
		INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, keywords)
		VALUES ('delete', OLD.pid, OLD.title, OLD.abstract, OLD.authors, OLD.keywords);
		INSERT INTO papers_fts(rowid, title, abstract, authors, keywords)
		VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
	END`,
}

// migrateSyncRuns records every sync: when, what was asked, what it did.
func migrateSyncRuns(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE syncs (
			id       INTEGER PRIMARY KEY,
			source   TEXT NOT NULL,
			request  TEXT NOT NULL,
			started  INTEGER NOT NULL,
			finished INTEGER,
			fetched  INTEGER NOT NULL DEFAULT 0,
			new      INTEGER NOT NULL DEFAULT 0,
			updated  INTEGER NOT NULL DEFAULT 0,
			error    TEXT NOT NULL DEFAULT ''
		)`,
		`CREATE INDEX syncs_by_source ON syncs(source, started DESC)`,
	)
}

// migrateSearchPrefix1 rebuilds the search index with a prefix index for
// one character too and a larger in-memory buffer for bulk indexing, and
// keeps the number of papers in a table: the first key typed in the search box matches most
// papers, and without it SQLite merges the lists of every word with that
// first letter (half a second at a million papers, a millisecond with it).
// Rows a bulk import has not indexed yet stay out, as before.
func migrateSearchPrefix1(tx *sql.Tx) error {
	return execAll(tx,
		`DROP TRIGGER papers_fts_ins`,
		`DROP TRIGGER papers_fts_del`,
		`DROP TRIGGER papers_fts_upd`,
		`DROP TABLE papers_fts`,
		`CREATE VIRTUAL TABLE papers_fts USING fts5(
			title, abstract, authors, keywords,
			content = 'papers', content_rowid = 'pid',
			tokenize = 'unicode61 remove_diacritics 2',
			prefix = '1 2 3'
		)`,
		searchTriggers[0], searchTriggers[1], searchTriggers[2],
		// The index keeps up to 32 MB of new entries in memory before
		// writing a segment (1 MB by default): bulk indexing writes fewer,
		// larger segments and merges them half as often.
		`INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 33554432)`,
		`INSERT INTO papers_fts(rowid, title, abstract, authors, keywords)
			SELECT pid, title, abstract, authors, keywords FROM papers WHERE indexed`,
		// The number of papers, kept by triggers: counting a million rows
		// takes longer than the reader has to draw its first frame.
		`CREATE TABLE counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID`,
		`INSERT INTO counts (name, n) SELECT 'papers', count(*) FROM papers`,
		`CREATE TRIGGER papers_count_ins AFTER INSERT ON papers BEGIN
			UPDATE counts SET n = n + 1 WHERE name = 'papers';
		END`,
		`CREATE TRIGGER papers_count_del AFTER DELETE ON papers BEGIN
			UPDATE counts SET n = n - 1 WHERE name = 'papers';
		END`,
	)
}

// migrateFullRecord keeps the rest of both services' records (arXiv: DOI,
// journal reference, comment, version and its date, affiliations; Hugging
// Face: discussion, participation, submitter's name, claimed authors,
// media, the paper's place in its day's listing), remembers the ids arXiv
// said it does not know, and notes new versions of starred papers.
//
// The newest sort orders a day's papers as Hugging Face does, most
// upvoted first and then in the listing's order, so its index gains both.
// Papers stored before have no listing place: within a day they are
// ranked in the order they arrived, the best guess at the listing's
// order there is. Nothing of the user's state is read or written.
func migrateFullRecord(tx *sql.Tx) error {
	cols := []string{
		`doi TEXT NOT NULL DEFAULT ''`,
		`journal_ref TEXT NOT NULL DEFAULT ''`,
		`arxiv_comment TEXT NOT NULL DEFAULT ''`,
		`version INTEGER NOT NULL DEFAULT 0`,
		`revised TEXT NOT NULL DEFAULT ''`,
		`affiliations TEXT NOT NULL DEFAULT ''`,
		`discussion_id TEXT NOT NULL DEFAULT ''`,
		`author_participating INTEGER NOT NULL DEFAULT 0`,
		`submitter_name TEXT NOT NULL DEFAULT ''`,
		`claimed_authors TEXT NOT NULL DEFAULT ''`,
		`thumbnail TEXT NOT NULL DEFAULT ''`,
		`media_urls TEXT NOT NULL DEFAULT ''`,
		fmt.Sprintf(`day_rank INTEGER NOT NULL DEFAULT %d`, unranked),
	}
	stmts := make([]string, 0, len(cols)+8)
	for _, c := range cols {
		stmts = append(stmts, `ALTER TABLE papers ADD COLUMN `+c)
	}
	stmts = append(stmts,
		`UPDATE papers SET day_rank = r.n FROM (
			SELECT pid, row_number() OVER (PARTITION BY daily ORDER BY pid) AS n
			FROM papers WHERE daily != ''
		) AS r WHERE papers.pid = r.pid`,
		`DROP INDEX papers_by_date`,
		`CREATE INDEX papers_by_day ON papers(date DESC, upvotes DESC, day_rank, pid DESC)`,
		// Ids arXiv answered nothing for, and when it was last asked.
		`CREATE TABLE arxiv_misses (
			id    TEXT PRIMARY KEY,
			asked INTEGER NOT NULL
		) WITHOUT ROWID`,
		// A starred paper's version that went up at a sync, until the
		// reader has shown it.
		`CREATE TABLE version_notices (
			id          TEXT PRIMARY KEY,
			old_version INTEGER NOT NULL,
			new_version INTEGER NOT NULL,
			noticed     INTEGER NOT NULL
		) WITHOUT ROWID`,
	)
	return execAll(tx, stmts...)
}

// migrateTexts adds the papers' full texts and the reading positions.
//
// Texts live in a table of their own, keyed by arXiv id like user state:
// syncs rewrite papers rows and never this one, and a text outlives its
// paper's row (a delete, a re-import), like a star does. The Markdown is
// stored zstd-compressed (a 15,000-word paper is about 100 KB of text and
// a fifth of that compressed); tid is a rowid of its own so that the
// unique index on id stays small and the list's "has a text" test reads
// only that index, never the blobs.
//
// The search index over the texts is contentless (the text is stored
// compressed, so FTS5 could not read it back from the table) with
// contentless_delete, so a replaced or deleted text leaves the index by
// its rowid alone. It has no prefix index: texts are few and long, and a
// prefix index would triple its size for queries that are rare.
//
// Reading positions are user state: only SetReadingPosition and an
// import write them.
func migrateTexts(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE texts (
			tid      INTEGER PRIMARY KEY,
			id       TEXT NOT NULL UNIQUE,
			source   TEXT NOT NULL,
			url      TEXT NOT NULL,
			fetched  INTEGER NOT NULL,
			size     INTEGER NOT NULL,
			markdown BLOB NOT NULL
		)`,
		`CREATE VIRTUAL TABLE texts_fts USING fts5(
			body,
			content = '', contentless_delete = 1,
			tokenize = 'unicode61 remove_diacritics 2'
		)`,
		`CREATE TABLE reading_positions (
			id    TEXT PRIMARY KEY,
			block INTEGER NOT NULL,
			at    INTEGER NOT NULL
		) WITHOUT ROWID`,
	)
}

// migrateHistory keeps the history of each paper's counts (upvotes,
// comments, GitHub stars): a row when a sync sees them change, never
// rewritten, so the rising sort and the detail pane's trend can tell what
// a paper gained and when. Rows hang off the paper's row and go with it;
// user state is keyed by arXiv id elsewhere and never read or written
// here. A row is five integers in a WITHOUT ROWID table keyed by (paper,
// time), and history_by_time finds the papers that changed in a window
// without reading the rest.
//
// Papers Hugging Face has already reported start their history with the
// counts they have, at the time they were last written.
func migrateHistory(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE history (
			pid          INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,
			at           INTEGER NOT NULL,
			upvotes      INTEGER NOT NULL,
			comments     INTEGER NOT NULL,
			github_stars INTEGER NOT NULL,
			PRIMARY KEY (pid, at)
		) WITHOUT ROWID`,
		`CREATE INDEX history_by_time ON history(at)`,
		fmt.Sprintf(`INSERT INTO history (pid, at, upvotes, comments, github_stars)
			SELECT pid, updated, upvotes, comments, github_stars FROM papers
			WHERE sources & %d OR upvotes != 0 OR comments != 0 OR github_stars != 0`, bitHF),
	)
}

// migrateLinks keeps what the Hub links to a paper: the totals of its
// models, datasets and Spaces on the paper's row (so has:model and
// models:>N test a column as the list walks its index) with the time
// they were fetched (0: never), and the top few of each kind in a table
// of their own that goes with the paper's row. Both are remote data,
// rewritten whole at each fetch; user state is not touched.
func migrateLinks(tx *sql.Tx) error {
	return execAll(tx,
		`ALTER TABLE papers ADD COLUMN models INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE papers ADD COLUMN datasets INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE papers ADD COLUMN spaces INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE papers ADD COLUMN links_fetched INTEGER NOT NULL DEFAULT 0`,
		`CREATE TABLE paper_links (
			pid       INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,
			kind      TEXT NOT NULL CHECK (kind IN ('model', 'dataset', 'space')),
			rank      INTEGER NOT NULL,
			name      TEXT NOT NULL,
			downloads INTEGER NOT NULL DEFAULT 0,
			likes     INTEGER NOT NULL DEFAULT 0,
			task      TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (pid, kind, rank)
		) WITHOUT ROWID`,
	)
}

// migrateVisits remembers when the reader was opened (user state: the
// last visit and the one before it), and indexes the papers by the time
// they were first seen, so "new since the last visit" reads only them.
func migrateVisits(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE visits (
			name TEXT PRIMARY KEY CHECK (name IN ('last', 'previous')),
			at   INTEGER NOT NULL
		) WITHOUT ROWID`,
		`CREATE INDEX papers_by_first_seen ON papers(first_seen)`,
	)
}

// migrateStarNews notes when a starred paper gains its first GitHub repo
// or its first linked model, keyed by arXiv id like the version notices;
// told says the reader has said so.
func migrateStarNews(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE star_news (
			id      TEXT NOT NULL,
			kind    TEXT NOT NULL CHECK (kind IN ('code', 'model')),
			noticed INTEGER NOT NULL,
			told    INTEGER NOT NULL DEFAULT 0,
			PRIMARY KEY (id, kind)
		) WITHOUT ROWID`,
	)
}

// migrateSignalIndexes indexes the few papers with code, stars, models,
// datasets or Spaces, so has:code, stars:>N, has:model, models:>N,
// has:dataset and has:space read them without a pass over every paper.
// The indexes are partial: they hold only such papers, a few in a hundred.
func migrateSignalIndexes(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE INDEX papers_with_code ON papers(date) WHERE github_repo != ''`,
		`CREATE INDEX papers_by_stars ON papers(github_stars) WHERE github_stars > 0`,
		`CREATE INDEX papers_by_models ON papers(models) WHERE models > 0`,
		`CREATE INDEX papers_with_datasets ON papers(date) WHERE datasets > 0`,
		`CREATE INDEX papers_with_spaces ON papers(date) WHERE spaces > 0`,
	)
}

// migrateSuggestions adds what "similar papers" and "for you" need: the
// search index's vocabulary as a table (each word's document frequency,
// read from the index itself, so nothing is stored twice or kept by
// triggers), the user's dismissals ("not for me": user state, kept with
// the stars), and the last For-you ranking of each seed (derived data,
// rewritten whole when it is ranked again, so the list can window it like
// any other listing).
func migrateSuggestions(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE VIRTUAL TABLE papers_fts_vocab USING fts5vocab(papers_fts, row)`,
		`ALTER TABLE user_state ADD COLUMN dismissed_at INTEGER`,
		`CREATE INDEX user_state_dismissed ON user_state(dismissed_at) WHERE dismissed_at IS NOT NULL`,
		`CREATE TABLE suggestions (
			seed   TEXT NOT NULL,
			rank   INTEGER NOT NULL,
			pid    INTEGER NOT NULL REFERENCES papers(pid) ON DELETE CASCADE,
			score  REAL NOT NULL,
			reason TEXT NOT NULL,
			made   INTEGER NOT NULL,
			PRIMARY KEY (seed, rank)
		) WITHOUT ROWID`,
		`CREATE INDEX suggestions_by_paper ON suggestions(pid)`,
	)
}

// migrateRequestBudgets keeps the remote services' rate limits where
// every paperboy on the machine sees them (the reader and a cron sync):
// when each recent request of a budget started, and until when a budget
// is held after a service said "too many requests". Neither is user
// state nor papers: rows older than the window are deleted as requests
// are made.
func migrateRequestBudgets(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE TABLE request_log (
			name TEXT NOT NULL,
			at   INTEGER NOT NULL
		)`,
		`CREATE INDEX request_log_by_name ON request_log(name, at)`,
		`CREATE TABLE request_holds (
			name  TEXT PRIMARY KEY,
			until INTEGER NOT NULL
		) WITHOUT ROWID`,
	)
}

// migrateRecentIndex adds a second search index of the newest papers
// only (search_recent.go): a search that finds a window's worth of
// candidates there never reads the whole index, whose common words' lists
// cost tens of milliseconds at a million papers. It holds every indexed
// paper from recent_index.from_pid on; it starts empty (from the next
// paper on) and is filled from the newest down in the background, a batch
// per transaction. Contentless, so that a paper leaving it is deleted by
// its rowid alone.
func migrateRecentIndex(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE VIRTUAL TABLE recent_fts USING fts5(
			title, abstract, authors, keywords,
			content = '', contentless_delete = 1,
			tokenize = 'unicode61 remove_diacritics 2',
			prefix = '1 2 3'
		)`,
		`INSERT INTO recent_fts(recent_fts, rank) VALUES ('hashsize', 33554432)`,
		`CREATE TABLE recent_index (
			one      INTEGER PRIMARY KEY CHECK (one = 1),
			from_pid INTEGER NOT NULL
		)`,
		`INSERT INTO recent_index VALUES (1, (SELECT coalesce(max(pid), 0) + 1 FROM papers))`,
		`CREATE TRIGGER recent_fts_ins AFTER INSERT ON papers
			WHEN NEW.indexed AND NEW.pid >= (SELECT from_pid FROM recent_index) BEGIN
			INSERT INTO recent_fts(rowid, title, abstract, authors, keywords)
			VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
		END`,
		`CREATE TRIGGER recent_fts_del AFTER DELETE ON papers
			WHEN OLD.indexed AND OLD.pid >= (SELECT from_pid FROM recent_index) BEGIN
			DELETE FROM recent_fts WHERE rowid = OLD.pid;
		END`,
		`CREATE TRIGGER recent_fts_upd AFTER UPDATE OF title, abstract, authors, keywords ON papers
			WHEN OLD.indexed AND OLD.pid >= (SELECT from_pid FROM recent_index) BEGIN
			DELETE FROM recent_fts WHERE rowid = OLD.pid;
			INSERT INTO recent_fts(rowid, title, abstract, authors, keywords)
			VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
		END`,
	)
}

// migrateSortKeys adds the listing's sort keys in pid order. A search
// sorts its newest candidates (matches in pid order) by date: through this
// index it reads a few dense index pages for them rather than a table
// page per candidate, each holding a whole abstract. New papers take the
// highest pids, so the index only grows at its end.
func migrateSortKeys(tx *sql.Tx) error {
	return execAll(tx,
		`CREATE INDEX papers_sort_keys ON papers(pid, date, upvotes, day_rank)`,
	)
}

// migrateIndexWrites makes both search indexes cheaper to write.
//
// A paper's text is indexed again only when it changed. The update
// triggers fired on any update naming the text columns, and a sync
// rewrites every column of a paper whose upvotes moved: each day's
// listing re-indexed papers whose words were the same, and left their old
// entries in the index until a merge.
//
// Each level of both indexes gathers up to 16 segments before merging
// them (FTS5 merges at 4 by default). Every transaction that indexes
// papers writes a segment, and merging at 4 rewrites the whole index again
// and again as a bulk import grows it: indexing a million papers takes
// about a third less time at 16, and queries, reading a few more segments
// a term, take no longer. It is a setting of each index, so nothing is
// rebuilt.
func migrateIndexWrites(tx *sql.Tx) error {
	const changed = `(OLD.title IS NOT NEW.title OR OLD.abstract IS NOT NEW.abstract
			OR OLD.authors IS NOT NEW.authors OR OLD.keywords IS NOT NEW.keywords)`
	return execAll(tx,
		`DROP TRIGGER papers_fts_upd`,
		`CREATE TRIGGER papers_fts_upd AFTER UPDATE OF title, abstract, authors, keywords ON papers
			WHEN OLD.indexed AND `+changed+` BEGIN
			INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, keywords)
			VALUES ('delete', OLD.pid, OLD.title, OLD.abstract, OLD.authors, OLD.keywords);
			INSERT INTO papers_fts(rowid, title, abstract, authors, keywords)
			VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
		END`,
		`DROP TRIGGER recent_fts_upd`,
		`CREATE TRIGGER recent_fts_upd AFTER UPDATE OF title, abstract, authors, keywords ON papers
			WHEN OLD.indexed AND OLD.pid >= (SELECT from_pid FROM recent_index) AND `+changed+` BEGIN
			DELETE FROM recent_fts WHERE rowid = OLD.pid;
			INSERT INTO recent_fts(rowid, title, abstract, authors, keywords)
			VALUES (NEW.pid, NEW.title, NEW.abstract, NEW.authors, NEW.keywords);
		END`,
		`INSERT INTO papers_fts(papers_fts, rank) VALUES ('automerge', 16)`,
		`INSERT INTO recent_fts(recent_fts, rank) VALUES ('automerge', 16)`,
	)
}
