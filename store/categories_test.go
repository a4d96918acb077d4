package store

import "testing"

func TestCategoryName(t *testing.T) {
	tests := []struct {
		code, want string
	}{
		{"cs.AR", "Hardware Architecture"},
		{"cs.AI", "Artificial Intelligence"},
		{"cs.LG", "Machine Learning"},
		{"cs.DC", "Distributed, Parallel, and Cluster Computing"},
		{"stat.ML", "Machine Learning"},
		{"eess.IV", "Image and Video Processing"},
		{"econ.TH", "Theoretical Economics"},
		{"astro-ph.IM", "Instrumentation and Methods for Astrophysics"},
		{"cond-mat.stat-mech", "Statistical Mechanics"},
		{"physics.optics", "Optics"},
		{"q-bio.NC", "Neurons and Cognition"},
		{"q-fin.ST", "Statistical Finance"},
		{"hep-th", "High Energy Physics - Theory"},
		{"quant-ph", "Quantum Physics"},
		{"cs", "Computer Science"},
		{"math", "Mathematics"},
		{"astro-ph", "Astrophysics"},
		{"alg-geom", "Algebraic Geometry"},
		{"", ""},
		{"cs.XX", ""},
		{"CS.AR", ""},
		{"cs.ar", ""},
		{"hardware", ""},
	}
	for _, tt := range tests {
		if got := CategoryName(tt.code); got != tt.want {
			t.Errorf("CategoryName(%q) = %q, want %q", tt.code, got, tt.want)
		}
		if got := IsCategory(tt.code); got != (tt.want != "") {
			t.Errorf("IsCategory(%q) = %v, want %v", tt.code, got, tt.want != "")
		}
	}
}

func TestCategoryNamesComplete(t *testing.T) {
	counts := map[string]int{}
	for code, name := range categoryNames {
		if name == "" {
			t.Errorf("%s has an empty name", code)
		}
		for i := 0; i < len(code); i++ {
			if code[i] == '.' {
				counts[code[:i]]++
				break
			}
		}
	}
	want := map[string]int{
		"cs": 40, "econ": 3, "eess": 4, "math": 32, "astro-ph": 6,
		"cond-mat": 9, "nlin": 5, "physics": 22, "q-bio": 10, "q-fin": 9, "stat": 6,
	}
	for archive, n := range want {
		if counts[archive] != n {
			t.Errorf("%s: %d categories, want %d", archive, counts[archive], n)
		}
	}
}
