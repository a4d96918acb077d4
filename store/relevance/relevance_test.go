package relevance

import (
	"math"
	"slices"
	"testing"
)

func TestWordsCutAsTheIndexDoes(t *testing.T) {
	var words, surfaces []string
	Words("LoRA-style FPGA accelerators (2x) à la Schrödinger: 3 a b", func(w, s string) bool {
		words, surfaces = append(words, w), append(surfaces, s)
		return true
	})
	want := []string{"lora", "style", "fpga", "accelerators", "2x", "la", "schrodinger"}
	if !slices.Equal(words, want) {
		t.Fatalf("words %q, want %q", words, want)
	}
	if surfaces[0] != "LoRA" || surfaces[2] != "FPGA" {
		t.Fatalf("surfaces %q", surfaces)
	}
}

// A hand-made corpus of 1,000 papers where "systolic" is in 10, "fpga"
// in 50, "model" in 600: the rare word weighs most, a word no other
// paper has is left out, and stopwords never count.
func TestQueryWeighsRareWordsMost(t *testing.T) {
	st := &Stats{N: 1000, DF: map[string]int{"systolic": 10, "fpga": 50, "model": 600, "zyxwv": 1,
		"arrays": 40, CategoryTerm("cs.AR"): 30}}
	a := Analyze(Doc{Title: "Systolic arrays on the FPGA", Abstract: "We propose a model. The model zyxwv.",
		Categories: []string{"cs.AR"}})
	q := st.Query(a, 10)
	if _, ok := q["zyxwv"]; ok {
		t.Fatal("a word no other paper holds is in the query")
	}
	for _, w := range []string{"the", "we", "propose"} {
		if _, ok := q[w]; ok {
			t.Fatalf("stopword %q in the query", w)
		}
	}
	if !(q["systolic"] > q["fpga"] && q["fpga"] > q["model"]) {
		t.Fatalf("weights systolic %.2f fpga %.2f model %.2f: rare words should weigh more", q["systolic"], q["fpga"], q["model"])
	}
	if q.Top(1)[0] != "systolic" {
		t.Fatalf("top term %q", q.Top(1))
	}
}

// Of two candidates sharing the same words with the query, the one where
// they are a larger part of a shorter text scores higher; one sharing
// nothing scores 0. The reasons name a phrase both papers use, the
// paper's own capitals, and the category last.
func TestScoreAndBecause(t *testing.T) {
	st := &Stats{N: 1000, AvgLen: 30, DF: map[string]int{"systolic": 10, "array": 40, "fpga": 50, "hls": 20,
		"protein": 30, "folding": 30, CategoryTerm("cs.AR"): 30}}
	q := Analyze(Doc{Title: "A systolic array in HLS for the FPGA", Categories: []string{"cs.AR"}})
	qv := st.Query(q, 10)
	short := Analyze(Doc{Title: "Systolic array generation with HLS on FPGA", Categories: []string{"cs.AR"}})
	long := Analyze(Doc{Title: "Systolic array generation with HLS on FPGA", Categories: []string{"cs.AR"},
		Abstract: "It also studies protein folding, cache coherence, compilers, graphs, scheduling, routing, " +
			"placement, verification, testing, debugging, profiling and much else besides"})
	none := Analyze(Doc{Title: "Protein folding"})
	s1, parts := st.Score(qv, short)
	s2, _ := st.Score(qv, long)
	s3, _ := st.Score(qv, none)
	if !(s1 > s2 && s2 > 0 && s3 == 0) {
		t.Fatalf("scores short %.3f long %.3f none %.3f", s1, s2, s3)
	}
	got := Because(parts, q, short, 3)
	want := []string{"systolic array", "HLS", "FPGA"}
	if !slices.Equal(got, want) {
		t.Fatalf("because %q, want %q", got, want)
	}
	if got := Because(parts, q, short, 5); got[len(got)-1] != "cs.AR" {
		t.Fatalf("because %q: the category should come last", got)
	}
	// Not adjacent in the candidate: two words, not a phrase.
	apart := Analyze(Doc{Title: "Array layouts for a systolic FPGA design"})
	_, parts = st.Score(qv, apart)
	if got := Because(parts, q, apart, 3); slices.Contains(got, "systolic array") {
		t.Fatalf("because %q: the words are apart in the candidate", got)
	}
}

func TestVectorAddAndNorm(t *testing.T) {
	v := Vector{"a": 3, "b": 4}
	if math.Abs(v.Norm()-5) > 1e-9 {
		t.Fatalf("norm %v", v.Norm())
	}
	v.Add(Vector{"a": 1, "c": 2}, -1)
	if v["a"] != 2 || v["c"] != -2 || len(v.Top(5)) != 2 {
		t.Fatalf("after Add: %v, top %v", v, v.Top(5))
	}
}

// A keyword both papers have is named once, as the keyword, not as its
// words.
func TestBecauseNamesAKeywordOnce(t *testing.T) {
	st := &Stats{N: 1000, DF: map[string]int{"mixture": 20, "experts": 20, KeywordTerm("mixture of experts"): 10, "routing": 30}}
	q := Analyze(Doc{Title: "Mixture of experts routing", Keywords: []string{"mixture of experts"}})
	c := Analyze(Doc{Title: "Routing in a mixture of experts", Keywords: []string{"Mixture of Experts"}})
	_, parts := st.Score(st.Query(q, 10), c)
	got := Because(parts, q, c, 3)
	if !slices.Equal(got, []string{"mixture of experts", "routing"}) {
		t.Fatalf("because %q", got)
	}
}

// A word and its plural are one reason.
func TestBecauseNamesAPluralOnce(t *testing.T) {
	st := &Stats{N: 1000, DF: map[string]int{"kernel": 20, "kernels": 20, "gpu": 30}}
	q := Analyze(Doc{Title: "GPU kernel kernels"})
	c := Analyze(Doc{Title: "kernels and a kernel for the GPU"})
	_, parts := st.Score(st.Query(q, 10), c)
	if got := Because(parts, q, c, 3); len(got) != 2 {
		t.Fatalf("because %q: want the kernel once and the GPU", got)
	}
}
