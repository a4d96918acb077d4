package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

func writeRIS(w io.Writer, papers []store.Paper) error {
	var b strings.Builder
	line := func(tag, v string) {
		v = safetext.ScreenLine(v)
		if v != "" {
			fmt.Fprintf(&b, "%s  - %s\r\n", tag, v)
		}
	}
	for _, p := range papers {
		line("TY", "ELEC")
		line("TI", p.Title)
		for _, a := range p.Authors {
			line("AU", a)
		}
		if y := bibYear(p); y != "" {
			line("PY", y)
		}
		if p.Published != "" {
			line("DA", strings.ReplaceAll(p.Published, "-", "/"))
		}
		line("AB", strings.Join(strings.Fields(safetext.Screen(p.Abstract)), " "))
		for _, c := range p.Categories {
			line("KW", c)
		}
		for _, t := range p.Tags {
			line("KW", t)
		}
		line("PB", "arXiv")
		line("UR", AbsURL(p.ID))
		line("L1", PDFURL(p.ID))
		// The publication's DOI when arXiv knows one, else arXiv's own.
		switch {
		case p.DOI != "":
			line("DO", p.DOI)
		case !strings.Contains(p.ID, "/"):
			line("DO", "10.48550/arXiv."+p.ID)
		}
		line("JO", p.JournalRef)
		line("N1", p.ArxivComment)
		line("N1", p.Note)
		b.WriteString("ER  - \r\n\r\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
