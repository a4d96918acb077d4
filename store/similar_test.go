package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/store/relevance"
)

// topicCorpus is a small library where the right answers are known: three
// topics of four papers each (hardware, proteins, robots) and filler
// that shares only the words every paper uses. Papers ending in 4 are old.
func topicCorpus(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	recent, old := "2025-06-20", "2025-04-01"
	p := func(id, title, abstract, cat, date string) Paper {
		return Paper{ID: id, Title: title, Abstract: abstract, Authors: []string{"A. Author"},
			Published: date, Categories: []string{cat}, Source: SourceArxiv}
	}
	ps := []Paper{
		p("2506.00001", "Systolic arrays for LLMs", "We design a systolic array accelerator on an FPGA with HLS for language model inference.", "cs.AR", recent),
		p("2506.00002", "HLS generation of systolic array accelerators", "A compiler emits HLS code for systolic array designs on FPGA boards.", "cs.AR", recent),
		p("2506.00003", "An FPGA accelerator for attention", "Attention kernels mapped onto a systolic array fabric of an FPGA, written in HLS.", "cs.AR", recent),
		p("2504.00004", "Memory bandwidth of HLS designs", "How HLS designs on FPGA boards use their memory bandwidth.", "cs.AR", old),
		p("2506.00011", "Protein folding with diffusion", "A diffusion model predicts protein folding and protein structure from sequence.", "q-bio.BM", recent),
		p("2506.00012", "Protein structure prediction at scale", "Predicting protein structure and folding pathways for millions of sequences.", "q-bio.BM", recent),
		p("2506.00013", "Folding dynamics of small proteins", "Molecular dynamics of protein folding, compared with structure prediction.", "q-bio.BM", recent),
		p("2504.00014", "Protein design by inverse folding", "Inverse folding designs protein sequences for a given structure.", "q-bio.BM", old),
		p("2506.00021", "Robots learn to grasp with reinforcement learning", "A robot arm learns grasping policies by reinforcement learning in simulation.", "cs.RO", recent),
		p("2506.00022", "Sim-to-real reinforcement learning for legged robots", "Legged robot locomotion policies trained by reinforcement learning transfer to hardware.", "cs.RO", recent),
		p("2506.00023", "Reward shaping for robot manipulation", "Reward shaping speeds up reinforcement learning of robot manipulation policies.", "cs.RO", recent),
		p("2504.00024", "Offline reinforcement learning for robots", "Robot policies learned offline by reinforcement learning from logged data.", "cs.RO", old),
	}
	for i := range 30 {
		ps = append(ps, p(fmt.Sprintf("2506.%05d", 100+i), fmt.Sprintf("A study of topic %d", i),
			fmt.Sprintf("We propose a novel method for problem %d and show results that improve the state of the art.", i), "cs.LG", recent))
	}
	mustUpsert(t, db, ps...)
	return db
}

func ids(ss []Suggestion) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func TestSimilarFindsTheTopic(t *testing.T) {
	db := topicCorpus(t)
	ctx := context.Background()
	for _, c := range []struct {
		id   string
		want []string
	}{
		{"2506.00001", []string{"2506.00002", "2506.00003", "2504.00004"}},
		{"2506.00011", []string{"2506.00012", "2506.00013", "2504.00014"}},
		{"2506.00021", []string{"2506.00022", "2506.00023", "2504.00024"}},
	} {
		got, err := db.Similar(ctx, c.id, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 3 || !sameSet(ids(got[:3]), c.want) {
			t.Fatalf("like %s: %q, want %q first", c.id, ids(got), c.want)
		}
		for i, s := range got {
			if s.Score <= 0 || s.Score > 1.0001 || (i > 0 && s.Score > got[i-1].Score) {
				t.Fatalf("like %s: scores out of order or range: %v", c.id, s.Score)
			}
			if len(s.Because) == 0 || s.Title == "" {
				t.Fatalf("like %s: %s has no reason or no row: %+v", c.id, s.ID, s)
			}
		}
	}
	got, _ := db.Similar(ctx, "2506.00001", 3)
	if b := got[0].Because; !slices.Contains(b, "systolic array") || !slices.Contains(b, "HLS") && !slices.Contains(b, "FPGA") {
		t.Fatalf("because %q: want the phrase and the acronym as written", b)
	}
	if _, err := db.Similar(ctx, "2601.99999", 3); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an unknown paper: %v", err)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// For you ranks the recent papers of the starred papers' topics first,
// says which kept paper each is like, hides a dismissed paper at once and
// keeps it out of the next ranking, and ranks per tag.
func TestForYou(t *testing.T) {
	db := topicCorpus(t)
	ctx := context.Background()
	if _, err := db.ForYou(ctx, ForYouOptions{}); !errors.Is(err, ErrNoSeeds) {
		t.Fatalf("no stars: %v", err)
	}
	for _, id := range []string{"2506.00001", "2506.00011"} {
		if err := db.SetStarred(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ForYou(ctx, ForYouOptions{Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2506.00002", "2506.00003", "2506.00012", "2506.00013"}
	if len(got) < 4 || !sameSet(ids(got[:4]), want) {
		t.Fatalf("for you %q, want %q first", ids(got), want)
	}
	if slices.Contains(ids(got), "2504.00004") || slices.Contains(ids(got), "2506.00001") {
		t.Fatalf("for you %q holds an old or a starred paper", ids(got))
	}
	for _, s := range got[:4] {
		like := map[bool]string{true: "Systolic arrays for LLMs", false: "Protein folding with diffusion"}[strings.HasPrefix(s.ID, "2506.0000")]
		if s.Like != like || s.Kept != "starred" || !strings.HasPrefix(s.Reason(), `like "`+like+`" (starred) · shares `) {
			t.Fatalf("%s: reason %q", s.ID, s.Reason())
		}
	}

	// The view lists the stored ranking, with the reasons.
	view := Filter{View: ViewForYou}
	items, err := db.Papers(ctx, view, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(ctx, view); n != len(got) || len(items) != len(got) || items[0].ID != got[0].ID || items[0].Reason != got[0].Reason() {
		t.Fatalf("the view: %d rows, count %d, first %+v; ranked %d", len(items), n, items[0], len(got))
	}

	// Dismissed: gone from the view at once, and from the next ranking.
	top := got[0].ID
	if err := db.SetDismissed(ctx, top, true); err != nil {
		t.Fatal(err)
	}
	if items, _ := db.Papers(ctx, view, 0, 50); slices.ContainsFunc(items, func(it ListItem) bool { return it.ID == top }) {
		t.Fatal("a dismissed paper is still in the view")
	}
	again, err := db.ForYou(ctx, ForYouOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(again), top) {
		t.Fatalf("a dismissed paper is ranked again: %q", ids(again))
	}
	// A ranking not kept (the command line's) leaves the view's alone.
	if _, err := db.ForYou(ctx, ForYouOptions{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(ctx, view); n != len(got)-1 {
		t.Fatalf("the view holds %d papers after a ranking of one not kept, want %d", n, len(got)-1)
	}

	// Per tag: papers like the ones tagged rl.
	if err := db.AddTags(ctx, "2506.00021", "rl"); err != nil {
		t.Fatal(err)
	}
	rl, err := db.ForYou(ctx, ForYouOptions{Tag: "rl", Limit: 2, Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	if !sameSet(ids(rl), []string{"2506.00022", "2506.00023"}) || rl[0].Kept != "tagged rl" {
		t.Fatalf("for you from tag rl: %q %q", ids(rl), rl[0].Reason())
	}
	if items, _ := db.Papers(ctx, Filter{View: ViewForYou, Seed: "tag:rl"}, 0, 10); len(items) != 2 {
		t.Fatalf("the rl ranking's view has %d rows", len(items))
	}
	if _, err := db.ForYou(ctx, ForYouOptions{Tag: "nothing"}); err == nil {
		t.Fatal("a tag on no paper ranks nothing without saying so")
	}
}

// A dismissal is user state: a sync keeps it, a backup carries it and
// import-state brings it back.
func TestDismissalIsUserState(t *testing.T) {
	db := topicCorpus(t)
	ctx := context.Background()
	if err := db.SetDismissed(ctx, "2506.00002", true); err != nil {
		t.Fatal(err)
	}
	mustUpsert(t, db, Paper{ID: "2506.00002", Title: "HLS generation of systolic array accelerators, v2", Source: SourceArxiv})
	p, err := db.Paper(ctx, "2506.00002")
	if err != nil || !p.Dismissed || p.DismissedAt.IsZero() {
		t.Fatalf("after a sync: dismissed %v at %v (%v)", p.Dismissed, p.DismissedAt, err)
	}
	work, err := db.UserWork(ctx)
	if err != nil || len(work) != 1 || !work[0].Dismissed {
		t.Fatalf("the user's work: %+v %v", work, err)
	}
	work[0].Source = SourceArxiv // as an export says
	other := openTest(t)
	if _, _, err := other.RestoreState(ctx, work); err != nil {
		t.Fatal(err)
	}
	st, err := other.UserState(ctx, "2506.00002")
	if err != nil || !st.Dismissed || !st.DismissedAt.Equal(p.DismissedAt) {
		t.Fatalf("restored: %+v %v", st, err)
	}
}

// A small library is its own sample: every count is exact, and counted
// again when the library grows. A library larger than the sample has its
// common words estimated and its rare ones looked up exactly.
func TestVocabularyCounts(t *testing.T) {
	db := topicCorpus(t)
	ctx := context.Background()
	a := relevance.Analyze(relevance.Doc{Title: "systolic topic"})
	st, err := db.stats(ctx, a)
	if err != nil || st.DF["systolic"] != 3 || st.DF["topic"] != 30 {
		t.Fatalf("exact counts: %v %v", st.DF, err)
	}
	var more []Paper
	for i := range 10 {
		more = append(more, Paper{ID: fmt.Sprintf("2506.%05d", 500+i), Title: "Another systolic design", Source: SourceArxiv})
	}
	mustUpsert(t, db, more...)
	if st, _ = db.stats(ctx, a); st.DF["systolic"] != 13 {
		t.Fatalf("after the library grew: systolic in %d papers, want 13", st.DF["systolic"])
	}

	defer func(n int) { sampleSize = n }(sampleSize)
	sampleSize = 26 // every other paper
	db.vocabulary = nil
	// "topic" is in 30 of 52 papers, "systolic" in 13: in about half as
	// many of the sample's, estimates near those; "compiler", in one, is
	// looked up in the index.
	st, err = db.stats(ctx, relevance.Analyze(relevance.Doc{Title: "systolic topic compiler"}))
	if err != nil || st.DF["compiler"] != 1 || st.DF["topic"] < 20 || st.DF["topic"] > 40 ||
		st.DF["systolic"] < 8 || st.DF["systolic"] > 18 {
		t.Fatalf("estimated counts: %v %v", st.DF, err)
	}
}
