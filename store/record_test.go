package store

import (
	"context"
	"database/sql"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func arxivRecord(id string, version int) Paper {
	return Paper{ID: id, Source: SourceArxiv, Title: "Insights into DeepSeek-V3",
		Authors: []string{"Chenggang Zhao", "Chengqi Deng"}, Published: "2025-05-14",
		Categories: []string{"cs.DC"}, DOI: "10.1145/3695053.3731412",
		JournalRef: "ISCA 2025", ArxivComment: "14 pages, 8 figures", Version: version,
		Revised: "2025-05-1" + string(rune('0'+version)), Affiliations: []string{"", "DeepSeek-AI"}}
}

func TestFullRecordStoredAndMerged(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	hf := hfPaper("2505.09343", "Insights")
	hf.DiscussionID = "6825c1250509343"
	hf.AuthorParticipating = ParticipationYes
	hf.SubmitterName = "Akhaliq"
	hf.ClaimedAuthors = []HubAuthor{{Name: "Chenggang Zhao", User: "cgzhao"}}
	hf.Thumbnail = "https://cdn-thumbnails.huggingface.co/x.png"
	hf.MediaURLs = []string{"https://cdn-uploads.huggingface.co/a.png", "https://cdn-uploads.huggingface.co/b.mp4"}
	hf.DailyRank = 2
	mustUpsert(t, db, hf, arxivRecord("2505.09343", 3))

	got, err := db.Paper(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("DOI", got.DOI, "10.1145/3695053.3731412")
	check("JournalRef", got.JournalRef, "ISCA 2025")
	check("ArxivComment", got.ArxivComment, "14 pages, 8 figures")
	check("Version", got.Version, 3)
	check("Revised", got.Revised, "2025-05-13")
	check("Affiliations", got.Affiliations, []string{"", "DeepSeek-AI"})
	check("DiscussionID", got.DiscussionID, "6825c1250509343")
	check("DiscussionURL", got.DiscussionURL(), "https://huggingface.co/papers/2505.09343#community")
	check("AuthorParticipating", got.AuthorParticipating, ParticipationYes)
	check("SubmitterName", got.SubmitterName, "Akhaliq")
	check("ClaimedAuthors", got.ClaimedAuthors, []HubAuthor{{Name: "Chenggang Zhao", User: "cgzhao"}})
	check("Thumbnail", got.Thumbnail, "https://cdn-thumbnails.huggingface.co/x.png")
	check("MediaURLs", got.MediaURLs, hf.MediaURLs)
	check("DailyRank", got.DailyRank, 2)

	// Each service writes only its own fields, and a record that leaves
	// one out keeps what is stored.
	hfAgain := hfPaper("2505.09343", "Insights")
	hfAgain.DOI, hfAgain.Version, hfAgain.JournalRef = "10.9999/hf-copy", 9, "not HF's to say"
	hfAgain.Upvotes = 70
	ax := Paper{ID: "2505.09343", Source: SourceArxiv, Title: "Insights into DeepSeek-V3",
		Authors: []string{"Chenggang Zhao", "Chengqi Deng"}, Version: 3,
		DiscussionID: "not arXiv's", SubmitterName: "nobody", Thumbnail: "x", DailyRank: 40}
	mustUpsert(t, db, hfAgain, ax)
	after, err := db.Paper(ctx, "2505.09343")
	if err != nil {
		t.Fatal(err)
	}
	check("DOI after", after.DOI, got.DOI)
	check("Version after", after.Version, 3)
	check("JournalRef after", after.JournalRef, got.JournalRef)
	check("ArxivComment after", after.ArxivComment, got.ArxivComment)
	check("Revised after", after.Revised, got.Revised)
	check("Affiliations after", after.Affiliations, got.Affiliations)
	check("DiscussionID after", after.DiscussionID, got.DiscussionID)
	check("AuthorParticipating after", after.AuthorParticipating, ParticipationYes)
	check("SubmitterName after", after.SubmitterName, "Akhaliq")
	check("ClaimedAuthors after", after.ClaimedAuthors, got.ClaimedAuthors)
	check("MediaURLs after", after.MediaURLs, got.MediaURLs)
	check("DailyRank after", after.DailyRank, 2)
	check("Upvotes after", after.Upvotes, 70)

	// An older record (a snapshot behind the API) never takes the version
	// back, nor brings back an earlier version's fields.
	old := arxivRecord("2505.09343", 1)
	old.DOI, old.JournalRef = "10.1/old", "old journal"
	mustUpsert(t, db, old)
	after, _ = db.Paper(ctx, "2505.09343")
	check("Version after an older record", after.Version, 3)
	check("Revised after an older record", after.Revised, "2025-05-13")
	check("DOI after an older record", after.DOI, "10.1145/3695053.3731412")

	// Hugging Face says "no" explicitly: that is written.
	no := hfPaper("2505.09343", "Insights")
	no.AuthorParticipating = ParticipationNo
	mustUpsert(t, db, no)
	after, _ = db.Paper(ctx, "2505.09343")
	check("AuthorParticipating after a no", after.AuthorParticipating, ParticipationNo)

	// A new author list without affiliations drops the old ones, which
	// went by position.
	reordered := arxivRecord("2505.09343", 4)
	reordered.Authors = []string{"Chong Ruan", "Chenggang Zhao", "Chengqi Deng"}
	reordered.Affiliations = nil
	mustUpsert(t, db, reordered)
	after, _ = db.Paper(ctx, "2505.09343")
	check("Affiliations after new authors", after.Affiliations, []string(nil))
	check("Version after v4", after.Version, 4)
	check("Revised after v4", after.Revised, "2025-05-14")
}

// Affiliations that do not match the authors one for one are not kept.
func TestMisalignedAffiliationsDropped(t *testing.T) {
	db := openTest(t)
	p := arxivRecord("2505.00001", 1)
	p.Affiliations = []string{"MIT"} // two authors
	q := arxivRecord("2505.00002", 1)
	q.Authors = []string{"A", " ", "B"} // the blank name goes, and with it the alignment
	q.Affiliations = []string{"X", "Y", "Z"}
	mustUpsert(t, db, p, q)
	for _, id := range []string{"2505.00001", "2505.00002"} {
		got, err := db.Paper(context.Background(), id)
		if err != nil || got.Affiliations != nil {
			t.Errorf("%s: affiliations %q, %v", id, got.Affiliations, err)
		}
	}
}

func TestVersionNoticesForStarredPapers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.clock = func() time.Time { return clock }
	mustUpsert(t, db, arxivRecord("2505.09343", 1), arxivRecord("2505.09568", 1))
	// A paper first seen at v3 is no new version; neither is one whose
	// version was unknown before.
	mustUpsert(t, db, arxivRecord("2505.07818", 3))
	if err := db.SetStarred(ctx, "2505.09343", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, "2505.07818", true); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	syncStart := clock
	// Both move up; only the starred one is noticed. The same version
	// again is nothing new.
	mustUpsert(t, db, arxivRecord("2505.09343", 3), arxivRecord("2505.09568", 2), arxivRecord("2505.07818", 3))
	ns, err := db.VersionNotices(ctx, syncStart)
	if err != nil {
		t.Fatal(err)
	}
	want := []VersionNotice{{ID: "2505.09343", Title: "Insights into DeepSeek-V3", Old: 1, New: 3, Noticed: time.Unix(syncStart.Unix(), 0)}}
	if !reflect.DeepEqual(ns, want) {
		t.Fatalf("notices = %+v, want %+v", ns, want)
	}
	if ns, _ := db.VersionNotices(ctx, syncStart.Add(time.Minute)); len(ns) != 0 {
		t.Errorf("notices since after the sync = %+v", ns)
	}
	// Unstarred, it is not shown; starred again, it is.
	db.SetStarred(ctx, "2505.09343", false)
	if ns, _ := db.VersionNotices(ctx, time.Time{}); len(ns) != 0 {
		t.Errorf("notices of an unstarred paper = %+v", ns)
	}
	db.SetStarred(ctx, "2505.09343", true)
	if err := db.DismissVersionNotices(ctx, "2505.09343"); err != nil {
		t.Fatal(err)
	}
	if ns, _ := db.VersionNotices(ctx, time.Time{}); len(ns) != 0 {
		t.Errorf("notices after dismissing = %+v", ns)
	}
	// User state is untouched by all of it.
	p, _ := db.Paper(ctx, "2505.09343")
	if !p.Starred || p.Version != 3 {
		t.Errorf("paper = starred %v version %d", p.Starred, p.Version)
	}
}

func TestArxivMissesRetriedRarely(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.clock = func() time.Time { return clock }
	mustUpsert(t, db, hfPaper("2505.09343", "Known"), hfPaper("2505.99999", "Unknown to arXiv"))
	ids, err := db.IDsWithoutCategories(ctx, 10)
	if err != nil || len(ids) != 2 {
		t.Fatalf("before = %v, %v", ids, err)
	}
	if err := db.RecordArxivMisses(ctx, []string{"2505.99999"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		after time.Duration
		want  []string
	}{
		{0, []string{"2505.09343"}},
		{ArxivMissRetry - time.Hour, []string{"2505.09343"}},
		{ArxivMissRetry + time.Hour, []string{"2505.09343", "2505.99999"}},
	} {
		db.clock = func() time.Time { return clock.Add(tt.after) }
		ids, err := db.IDsWithoutCategories(ctx, 10)
		slices.Sort(ids)
		if err != nil || !slices.Equal(ids, tt.want) {
			t.Errorf("after %v: %v, %v; want %v", tt.after, ids, err, tt.want)
		}
	}
	// Asked again and missed again: another wait.
	db.clock = func() time.Time { return clock.Add(ArxivMissRetry + time.Hour) }
	db.RecordArxivMisses(ctx, []string{"2505.99999"})
	if ids, _ := db.IDsWithoutCategories(ctx, 10); !slices.Equal(ids, []string{"2505.09343"}) {
		t.Errorf("after a second miss: %v", ids)
	}
}

// A day's papers in the newest sort come as Hugging Face ranks them: most
// upvoted first, then in the listing's order; papers never listed come
// after the day's listed ones.
func TestNewestOrdersADayAsHuggingFace(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	day := func(id string, upvotes, rank int, daily string) Paper {
		p := hfPaper(id, "Paper "+id)
		p.Upvotes, p.DailyRank, p.Daily = upvotes, rank, daily
		return p
	}
	// Written in an order unlike the ranking, as syncs write them.
	mustUpsert(t, db,
		day("2505.00005", 3, 4, "2025-05-15"),
		day("2505.00001", 40, 1, "2025-05-15"),
		day("2505.00004", 3, 3, "2025-05-15"),
		day("2505.00002", 12, 2, "2025-05-15"),
		day("2505.00010", 1, 1, "2025-05-16"),
		day("2505.00011", 9, 1, "2025-05-14"),
	)
	mustUpsert(t, db, Paper{ID: "2505.00020", Source: SourceArxiv, Title: "arXiv only", Published: "2025-05-15"})
	items, err := db.Papers(ctx, Filter{Sort: SortNew}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.ID)
	}
	want := []string{"2505.00010", "2505.00001", "2505.00002", "2505.00004", "2505.00005", "2505.00020", "2505.00011"}
	if !slices.Equal(got, want) {
		t.Fatalf("newest = %v, want %v", got, want)
	}
	// The same rows read backwards from the end (deep windows).
	defer func(d int) { deepOffset = d }(deepOffset)
	deepOffset = 1
	for off := 1; off < len(want); off++ {
		items, err := db.Papers(ctx, Filter{Sort: SortNew}, off, 3)
		if err != nil {
			t.Fatal(err)
		}
		var w []string
		for _, it := range items {
			w = append(w, it.ID)
		}
		if end := min(off+3, len(want)); !slices.Equal(w, want[off:end]) {
			t.Errorf("window %d = %v, want %v", off, w, want[off:end])
		}
	}
}

// The newest sort and the date views read the day index in order: no
// sorting of the whole table, forwards or backwards.
func TestNewestUsesTheDayIndex(t *testing.T) {
	db := openTest(t)
	for _, q := range []string{
		`SELECT p.id FROM papers p LEFT JOIN user_state u ON u.id = p.id WHERE 1 ORDER BY ` + newestOrder + ` LIMIT 50 OFFSET 0`,
		`SELECT p.id FROM papers p LEFT JOIN user_state u ON u.id = p.id WHERE 1 ORDER BY ` + reversedOrder(SortNew) + ` LIMIT 50 OFFSET 0`,
		`SELECT p.id FROM papers p WHERE p.date >= '2025-05-01' ORDER BY ` + newestOrder + ` LIMIT 50`,
		`SELECT id FROM papers WHERE categories = '' ORDER BY date DESC, upvotes DESC, day_rank, pid DESC LIMIT 50`,
	} {
		all := queryPlan(t, db, q)
		if !strings.Contains(all, "papers_by_day") || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("plan of %q:\n%s", q, all)
		}
	}
}

// Migration 5 gives the papers already stored a place in their day in the
// order they arrived, and leaves the rest unranked.
func TestMigrateFullRecordRanksStoredDays(t *testing.T) {
	path := t.TempDir() + "/v4.db"
	openAtVersion(t, path, 4)
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"2505.00003", "2505.00001", "2505.00002"} {
		if _, err := raw.Exec(`INSERT INTO papers (id, title, daily, date, upvotes, sources, first_seen, updated)
			VALUES (?, 'T', '2025-05-20', '2025-05-20', 1, 1, 0, 0)`, id); err != nil {
			t.Fatalf("insert %d: %v", i, err)
		}
	}
	raw.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id, want := range map[string]int{"2505.00003": 1, "2505.00001": 2, "2505.00002": 3, "2505.09343": 0} {
		p, err := db.Paper(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if p.DailyRank != want && !(id == "2505.09343" && p.Daily != "") {
			t.Errorf("%s: rank %d, want %d", id, p.DailyRank, want)
		}
	}
}
