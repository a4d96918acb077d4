package benchgen

import (
	"fmt"
	"strings"
)

// Text is a paper's full text of about words words, in the Markdown
// Hugging Face serves: numbered sections of paragraphs with inline maths,
// a table in each section and a reference list. Its sentences come from
// the abstracts' vocabulary, so no stretch of it repeats and a line of it
// on screen says where the reader is. The same words give the same text.
func Text(words int) string {
	g := newGen(words)
	var b strings.Builder
	b.WriteString("# " + g.title() + "\n\n")
	n := 0
	for sec := 1; n < words; sec++ {
		fmt.Fprintf(&b, "## %d %s\n\n", sec, g.title())
		for p := 0; p < 6 && n < words; p++ {
			para := g.abstract()
			if p == 2 {
				para += " The cost is $O(n^2)$ in $a_{i,j}$ for each tile."
			}
			b.WriteString(para + "\n\n")
			n += len(strings.Fields(para))
		}
		fmt.Fprintf(&b, "| design | utilisation | area |\n| --- | --- | --- |\n| %s | %d%% | %d%% |\n\n",
			g.techWord(), 50+g.rng.IntN(50), 1+g.rng.IntN(20))
	}
	b.WriteString("## References\n\n")
	for i := 1; i <= 40; i++ {
		author := firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.lastZipf.Uint64()]
		fmt.Fprintf(&b, "%d. %s. %s. arXiv:%d.%05d\n", i, author, g.title(), 1501+i*17%900, g.rng.IntN(20000))
	}
	return b.String()
}
