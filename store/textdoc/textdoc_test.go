package textdoc

import (
	"fmt"
	"strings"
	"testing"
)

func TestFindArxivID(t *testing.T) {
	for text, want := range map[string]string{
		"Hu et al. LoRA. arXiv:2106.09685, 2021.":                      "2106.09685",
		"arXiv preprint arXiv:2106.09685v3":                            "2106.09685",
		"ARXIV 2106.09685":                                             "2106.09685",
		"URL https://arxiv.org/abs/2106.09685v2.":                      "2106.09685",
		"<https://arxiv.org/pdf/2106.09685>":                           "2106.09685",
		"http://export.arxiv.org/abs/1706.03762":                       "1706.03762",
		"https://www.arxiv.org/html/2401.00001v1#S2":                   "2401.00001",
		"Old: hep-th/9901001, 1999.":                                   "hep-th/9901001",
		"Agol, arXiv:math.GT/0309136":                                  "math/0309136",
		"Witten (arxiv.org/abs/hep-th/9802150v2)":                      "hep-th/9802150",
		"CoRR, abs/1810.04805, 2018.":                                  "1810.04805",
		"doi:10.48550/arXiv.2303.08774":                                "2303.08774",
		"Two: arXiv:2005.14165 and arXiv:1706.03762":                   "2005.14165",
		"First in text wins: arxiv.org/abs/1111.1111 arXiv:2222.22222": "1111.1111",
		"Knuth, The Art of Computer Programming, 1968.":                "",
		"ISBN 978-0201896831, pages 1234.5678":                         "",
		"and/or 1234567":                                               "",
		"escaped: arXiv:2106.09685 in \\[brackets\\]":                  "2106.09685",
	} {
		if got := FindArxivID(text); got != want {
			t.Errorf("FindArxivID(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestReferencesFormats(t *testing.T) {
	md := "# Paper\n\n## 1 Introduction\n\nText [1].\n\n" +
		"1. Not a reference: a list in the body.\n\n" +
		"## References\n\n" +
		"- [1] A. Author. First. arXiv:2101.00001.\n" +
		"- [2] B. Author. Second,\n  continued on a second line, hep-ph/0101001.\n" +
		"[3] C. Author. Third. *Journal*, 2020.\n\n" +
		"## Appendix A\n\n1. Not a reference either.\n"
	refs := References(md)
	got := fmt.Sprintf("%+v", refs)
	want := "[{N:1 Text:A. Author. First. arXiv:2101.00001. ArxivID:2101.00001} " +
		"{N:2 Text:B. Author. Second, continued on a second line, hep-ph/0101001. ArxivID:hep-ph/0101001} " +
		"{N:3 Text:C. Author. Third. Journal, 2020. ArxivID:}]"
	if got != want {
		t.Errorf("References =\n%s\nwant\n%s", got, want)
	}

	// Bullets without numbers are numbered by position; "Bibliography"
	// counts too; a setext heading is a heading.
	md = "Bibliography\n============\n\n* One, arxiv.org/abs/1234.56789\n* Two\n"
	refs = References(md)
	if len(refs) != 2 || refs[0].N != 1 || refs[0].ArxivID != "1234.56789" || refs[1].N != 2 || refs[1].Text != "Two" {
		t.Errorf("bullets: %+v", refs)
	}
	if refs := References("# Paper\n\nNo bibliography.\n"); refs != nil {
		t.Errorf("no bibliography: %+v", refs)
	}
	// References keep their numbers even when the list skips some.
	refs = References("## References\n\n3. Three\n7. Seven\n")
	if len(refs) != 2 || refs[0].N != 3 || refs[1].N != 7 {
		t.Errorf("numbers: %+v", refs)
	}
}

func TestCitations(t *testing.T) {
	md := "Dense [1, 2]; sparse (Martins, 2016 [3]); range [5-7] and [8–9].\n" +
		"Not citations: [^1] footnote, [12](https://example.org) link, [a] word, \\[x\\].\n" +
		"```\n[99] in code\n```\n" +
		"Escaped \\[4\\] still cites; linked: [Hu et al., 2021](https://arxiv.org/html/2106.00001v2#bib.bib10) and [11](#bib.bib11)."
	var got []string
	for _, c := range Citations(md) {
		got = append(got, fmt.Sprintf("%s=%v", md[c.Offset:c.Offset+c.Len], c.Refs))
	}
	want := `[[1, 2]=[1 2] [3]=[3] [5-7]=[5 6 7] [8–9]=[8 9] \[4\]=[4] [Hu et al., 2021](https://arxiv.org/html/2106.00001v2#bib.bib10)=[10] [11](#bib.bib11)=[11]]`
	if fmt.Sprint(got) != want {
		t.Errorf("Citations = %v\nwant %v", got, want)
	}
}

func TestOutline(t *testing.T) {
	md := "# Title\n\nIntro.\n\n## 1 Method \\#1 ##\n\n```\n# not a heading\n```\n\n" +
		"Setext\n------\n\n### *Emphasised* [link](https://x.org) `code`\n\n#hashtag is text\n\n    # indented code\n"
	var got []string
	for _, h := range Outline(md) {
		if !strings.HasPrefix(md[h.Offset:], strings.SplitN(md[h.Offset:], "\n", 2)[0]) {
			t.Errorf("offset %d", h.Offset)
		}
		if line := strings.Split(md, "\n")[h.Line]; md[h.Offset:h.Offset+len(line)] != line {
			t.Errorf("heading %q: line %d and offset %d disagree", h.Title, h.Line, h.Offset)
		}
		got = append(got, fmt.Sprintf("%d:%s@%d", h.Level, h.Title, h.Line))
	}
	want := "[1:Title@0 2:1 Method #1@4 2:Setext@10 3:Emphasised link (https://x.org) code@13]"
	if fmt.Sprint(got) != want {
		t.Errorf("Outline = %v\nwant %v", got, want)
	}
}
