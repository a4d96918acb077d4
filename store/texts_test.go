package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// lora is a real full text: Hugging Face's Markdown of 2106.09685.
func lora(t *testing.T) Text {
	t.Helper()
	md, err := os.ReadFile(filepath.Join("..", "fetch", "fulltext", "testdata", "hf_2106.09685.md"))
	if err != nil {
		t.Fatal(err)
	}
	return Text{ID: "arXiv:2106.09685v2", Source: "hf", URL: "https://huggingface.co/papers/2106.09685.md",
		Markdown: string(md), Fetched: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
}

func TestTextSaveReadReplaceDelete(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const id = "2106.09685"
	if _, err := db.Text(ctx, id); !errors.Is(err, ErrNoText) {
		t.Fatalf("Text before any save: %v, want ErrNoText", err)
	}
	if has, err := db.HasText(ctx, id); err != nil || has {
		t.Fatalf("HasText before any save = %v, %v", has, err)
	}
	in := lora(t)
	if err := db.SaveText(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := db.Text(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.Source != in.Source || got.URL != in.URL || got.Markdown != in.Markdown ||
		!got.Fetched.Equal(in.Fetched) {
		t.Fatalf("Text = %+v\nwant the saved text under %s", got, id)
	}
	// Stored compressed: the blob is smaller than the text, and is not
	// the text.
	var blob []byte
	var size int
	if err := db.sql.QueryRow(`SELECT markdown, size FROM texts WHERE id = ?`, id).Scan(&blob, &size); err != nil {
		t.Fatal(err)
	}
	if len(blob) >= len(in.Markdown) || strings.Contains(string(blob), "Low-Rank Adaptation") || size != len(in.Markdown) {
		t.Errorf("stored %d bytes (size %d) for a text of %d", len(blob), size, len(in.Markdown))
	}
	if ids := searchIDs(t, db, "text:reparametrization"); len(ids) != 0 {
		t.Errorf("text: matched %v without the paper stored", ids)
	}
	mustUpsert(t, db, hfPaper(id, "LoRA: Low-Rank Adaptation of Large Language Models"))
	if ids := searchIDs(t, db, "text:reparametrization"); !slices.Equal(ids, []string{id}) {
		t.Errorf("text:reparametrization = %v", ids)
	}

	// A replacement takes the old text's words out of the index.
	if err := db.SaveText(ctx, Text{ID: id, Source: "arxiv", URL: "https://arxiv.org/html/2106.09685",
		Markdown: "# LoRA\n\nA shorter conversion about adapters.\n"}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Text(ctx, id)
	if got.Source != "arxiv" || !strings.Contains(got.Markdown, "shorter conversion") || got.Fetched.IsZero() {
		t.Errorf("after replace: %+v", got)
	}
	if ids := searchIDs(t, db, "text:reparametrization"); len(ids) != 0 {
		t.Errorf("the replaced text still matches: %v", ids)
	}
	if ids := searchIDs(t, db, "text:adapters"); !slices.Equal(ids, []string{id}) {
		t.Errorf("text:adapters after replace = %v", ids)
	}
	var rows int
	db.sql.QueryRow(`SELECT count(*) FROM texts`).Scan(&rows)
	if rows != 1 {
		t.Errorf("%d rows of texts after a replace", rows)
	}

	if err := db.DeleteText(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Text(ctx, id); !errors.Is(err, ErrNoText) {
		t.Errorf("Text after delete: %v", err)
	}
	if ids := searchIDs(t, db, "text:adapters OR has:text"); len(ids) != 0 {
		t.Errorf("the deleted text still matches: %v", ids)
	}
	if err := db.DeleteText(ctx, id); err != nil {
		t.Errorf("deleting twice: %v", err)
	}

	for _, bad := range []Text{{ID: "12", Markdown: "x"}, {ID: id, Markdown: " \n "}} {
		if err := db.SaveText(ctx, bad); err == nil {
			t.Errorf("SaveText(%+v) accepted", bad)
		}
	}
}

func TestTextFlagsInListAndPaper(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	mustUpsert(t, db, hfPaper("2106.09685", "LoRA"), hfPaper("2505.09343", "DeepSeek-V3"))
	if err := db.SaveText(ctx, lora(t)); err != nil {
		t.Fatal(err)
	}
	items, err := db.Papers(ctx, Filter{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, it := range items {
		has[it.ID] = it.HasText
	}
	if !has["2106.09685"] || has["2505.09343"] || len(has) != 2 {
		t.Errorf("ListItem.HasText = %v", has)
	}
	p, err := db.Paper(ctx, "2106.09685")
	if err != nil || !p.HasText {
		t.Errorf("Paper.HasText = %v, %v", p.HasText, err)
	}
	if p, _ := db.Paper(ctx, "2505.09343"); p.HasText {
		t.Error("a paper without text says it has one")
	}
}

// The list's windows read the texts' id index, never the table of blobs.
func TestHasTextUsesTheIndex(t *testing.T) {
	db := openTest(t)
	all := queryPlan(t, db, `SELECT `+listColumns+` FROM papers p
		LEFT JOIN user_state u ON u.id = p.id ORDER BY `+newestOrder+` LIMIT 50`)
	if !strings.Contains(all, "papers_by_day") || !strings.Contains(all, "USING COVERING INDEX sqlite_autoindex_texts_1") ||
		strings.Contains(all, "SCAN t") || strings.Contains(all, "TEMP B-TREE") {
		t.Errorf("plan:\n%s", all)
	}
}

func TestStarredWithoutText(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	mustUpsert(t, db, hfPaper("2106.09685", "LoRA"), hfPaper("2505.09343", "DeepSeek-V3"), hfPaper("2406.10903", "LLM"))
	for _, id := range []string{"2106.09685", "2505.09343"} {
		if err := db.SetStarred(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	// A star imported for a paper the database does not hold yet counts:
	// its text can be downloaded all the same.
	if _, err := db.ImportUserState(ctx, []UserState{{ID: "1706.03762", Starred: true, StarredAt: time.Unix(5, 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveText(ctx, lora(t)); err != nil {
		t.Fatal(err)
	}
	ids, err := db.StarredWithoutText(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"1706.03762", "2505.09343"}) {
		t.Errorf("StarredWithoutText = %v", ids)
	}
}

func TestReadingPositionIsUserState(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const id = "2106.09685"
	mustUpsert(t, db, hfPaper(id, "LoRA"))
	if _, ok, err := db.ReadingPosition(ctx, id); ok || err != nil {
		t.Fatalf("position before any = %v, %v", ok, err)
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	if err := db.SetReadingPosition(ctx, "arXiv:"+id+"v1", ReadingPosition{Block: 42, At: at}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveText(ctx, lora(t)); err != nil {
		t.Fatal(err)
	}
	// Syncs rewrite the paper: new title, upvotes, categories; and the
	// paper goes and comes back.
	p := hfPaper(id, "LoRA: Low-Rank Adaptation")
	p.Upvotes = 99
	mustUpsert(t, db, p, Paper{ID: id, Categories: []string{"cs.CL"}, Source: SourceArxiv})
	if _, err := db.ImportPapers(ctx, []Paper{p}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePaper(ctx, id); err != nil {
		t.Fatal(err)
	}
	mustUpsert(t, db, p)
	pos, ok, err := db.ReadingPosition(ctx, id)
	if err != nil || !ok || pos.Block != 42 || !pos.At.Equal(at) {
		t.Errorf("position after syncs = %+v, %v, %v", pos, ok, err)
	}
	got, err := db.Paper(ctx, id)
	if err != nil || got.Position != 42 || !got.HasText {
		t.Errorf("Paper: position %d, has text %v, %v", got.Position, got.HasText, err)
	}
	if tx, err := db.Text(ctx, id); err != nil || tx.Markdown != lora(t).Markdown {
		t.Errorf("text after syncs and a delete: %v", err)
	}
	if ids := searchIDs(t, db, "text:reparametrization"); !slices.Equal(ids, []string{id}) {
		t.Errorf("text index after syncs = %v", ids)
	}
	if err := db.SetReadingPosition(ctx, id, ReadingPosition{Block: 7}); err != nil {
		t.Fatal(err)
	}
	if pos, _, _ := db.ReadingPosition(ctx, id); pos.Block != 7 || pos.At.IsZero() {
		t.Errorf("moved position = %+v", pos)
	}
	if err := db.SetReadingPosition(ctx, id, ReadingPosition{Block: -1}); err == nil {
		t.Error("a negative block was accepted")
	}
}

func TestImportCarriesReadingPositions(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if err := db.SetReadingPosition(ctx, "2106.09685", ReadingPosition{Block: 3}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReadingPosition(ctx, "2505.09343", ReadingPosition{Block: 9}); err != nil {
		t.Fatal(err)
	}
	// A position replaces the one here; none (0) leaves it.
	if _, err := db.ImportUserState(ctx, []UserState{
		{ID: "2106.09685", Position: 12}, {ID: "2505.09343"}, {ID: "1706.03762", Position: 1, Starred: true},
	}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"2106.09685": 12, "2505.09343": 9, "1706.03762": 1} {
		st, err := db.UserState(ctx, id)
		if err != nil || st.Position != want {
			t.Errorf("%s: position %d, %v; want %d", id, st.Position, err, want)
		}
	}
	if _, err := db.ImportUserState(ctx, []UserState{{ID: "2106.09685", Position: -2}}); err == nil {
		t.Error("a negative position was imported")
	}
}

// The previous release's database migrates to texts and positions; they
// are then kept across reopening and the syncs that follow.
func TestUpgradeSchema4ThenTexts(t *testing.T) {
	path := copyUpgradeDB(t)
	before := rawUserState(t, path)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	starred, err := db.StarredWithoutText(ctx)
	if err != nil || len(starred) == 0 {
		t.Fatalf("starred without text after upgrade = %v, %v", starred, err)
	}
	id := starred[0]
	in := lora(t)
	in.ID = id
	if err := db.SaveText(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReadingPosition(ctx, id, ReadingPosition{Block: 5}); err != nil {
		t.Fatal(err)
	}
	p, err := db.Paper(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p.Upvotes += 10
	p.Source = SourceHF
	mustUpsert(t, db, p)
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Text(ctx, id)
	if err != nil || got.Markdown != in.Markdown {
		t.Fatalf("text after reopening: %v", err)
	}
	if pos, ok, _ := db.ReadingPosition(ctx, id); !ok || pos.Block != 5 {
		t.Errorf("position after reopening = %+v, %v", pos, ok)
	}
	if ids := searchIDs(t, db, "has:text text:reparametrization"); !slices.Equal(ids, []string{id}) {
		t.Errorf("text search after upgrade = %v", ids)
	}
	st, err := db.Stats(ctx, 5, 5)
	if err != nil || st.Texts != 1 || st.TextBytes <= 0 || st.TextBytes >= int64(len(in.Markdown)) {
		t.Errorf("stats: %d texts, %d bytes, %v", st.Texts, st.TextBytes, err)
	}
	// The user state the upgrade kept is still the fixture's.
	after := rawUserState(t, path)
	if !slices.Equal(after["user_state"], before["user_state"]) || !slices.Equal(after["user_tags"], before["user_tags"]) {
		t.Errorf("user state changed:\nbefore %v\nafter  %v", before, after)
	}
}

// A database of the previous schema gains texts with its stars kept, and
// a text saved then is there, indexed, after reopening.
func TestMigrateFrom5ToTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	openAtVersion(t, path, 5)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.SaveText(ctx, Text{ID: "2505.09343", Source: "hf", Markdown: "Systolic arrays."}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ids := searchIDs(t, db, "text:systolic"); !slices.Equal(ids, []string{"2505.09343"}) {
		t.Errorf("text:systolic after reopening = %v", ids)
	}
	if p, err := db.Paper(ctx, "2505.09343"); err != nil || !p.Starred || !p.HasText {
		t.Errorf("paper after migration: starred %v, has text %v, %v", p.Starred, p.HasText, err)
	}
}
