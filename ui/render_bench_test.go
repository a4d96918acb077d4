package ui

import (
	"fmt"
	"strings"
	"testing"
)

const benchAbstract = `Transformer accelerators spend most of their energy moving data rather than computing on it. We present a systolic array whose dataflow keeps the attention matrix on chip, with $O(n^2)$ work split across 128 processing elements, and a scheduler that overlaps the softmax with the next tile's matrix multiplication.

On a 7 nm implementation the design reaches 92% utilisation on BERT-large and reduces off-chip traffic by 3.4x over a weight-stationary baseline, at an area cost of 6%. We release the RTL and the cycle-accurate simulator.`

// BenchmarkRenderAbstract renders an abstract for the detail pane: the
// first time (Glamour) and from the cache, as moving back to a paper does.
func BenchmarkRenderAbstract(b *testing.B) {
	b.Run("uncached", func(b *testing.B) {
		r := newRenderer("dark")
		r.render(r.key("warm", 70, benchAbstract), benchAbstract) // the per-width renderer
		i := 0
		for b.Loop() {
			text := benchAbstract + fmt.Sprint(i)
			if _, err := r.render(r.key(fmt.Sprint(i), 70, text), text); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("cached", func(b *testing.B) {
		r := newRenderer("dark")
		if _, err := r.render(r.key("x", 70, benchAbstract), benchAbstract); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			k := r.key("x", 70, benchAbstract)
			if _, ok := r.cached(k); !ok {
				b.Fatal("not cached")
			}
		}
	})
}

// BenchmarkView draws whole screens: the list with the detail beside it
// (wide) and the list alone, with a loaded window.
func BenchmarkView(b *testing.B) {
	db := bigDB(b, 2000)
	for _, size := range [][2]int{{160, 48}, {80, 24}} {
		d := newDriver(b, testOptions(db), size[0], size[1])
		d.press("j", "j")
		if v := d.m.View(); !strings.Contains(v, "3/2,000") {
			b.Fatalf("not loaded:\n%s", v)
		}
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			for b.Loop() {
				_ = d.m.View()
			}
		})
	}
}
