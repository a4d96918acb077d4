package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

var csvHeader = []string{"id", "title", "authors", "published", "daily", "categories",
	"keywords", "tags", "upvotes", "starred", "read", "note", "url", "pdf_url",
	"doi", "journal_ref", "arxiv_comment", "version", "updated"}

func writeCSV(w io.Writer, papers []store.Paper) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range papers {
		rec := []string{p.ID, safetext.ScreenLine(p.Title), safetext.ScreenLine(strings.Join(p.Authors, "; ")), p.Published, p.Daily,
			safetext.ScreenLine(strings.Join(p.Categories, "; ")), safetext.ScreenLine(strings.Join(p.AIKeywords, "; ")),
			safetext.ScreenLine(strings.Join(p.Tags, "; ")), strconv.Itoa(p.Upvotes), strconv.FormatBool(p.Starred),
			strconv.FormatBool(p.Read), safetext.ScreenLine(p.Note), AbsURL(p.ID), PDFURL(p.ID),
			safetext.ScreenLine(p.DOI), safetext.ScreenLine(p.JournalRef), safetext.ScreenLine(p.ArxivComment),
			versionString(p.Version), p.Revised}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// RIS: one record per paper, "TAG  - value" lines, ER closes a record.
// arXiv preprints are "ELEC" (a web page/electronic source) with the
// arXiv URL and, when arXiv assigned one, the DOI 10.48550/arXiv.ID.

// versionString is a version number for a text column, "" when unknown.
func versionString(v int) string {
	if v <= 0 {
		return ""
	}
	return strconv.Itoa(v)
}
