package ui

import (
	"fmt"
	"strings"
	"testing"
)

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
