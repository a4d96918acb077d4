package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/store"
)

// fullRecord carries every field of arXiv's and Hugging Face's record.
var fullRecord = store.Paper{
	ID: "2505.09343", Title: "Insights into DeepSeek-V3", Authors: []string{"Chenggang Zhao", "Chengqi Deng"},
	Published: "2025-05-14", Categories: []string{"cs.DC"},
	Abstract: "Context: hardware limits.\n\nMethods: co-design.",
	DOI:      "10.1145/3695053.3731412", JournalRef: "ISCA '25: Proc. 52nd Int. Symp. Computer Architecture, pp. 1-14",
	ArxivComment: "14 pages, 5 figures", Version: 3, Revised: "2025-06-02",
	Affiliations: []string{"DeepSeek-AI", "DeepSeek-AI; Peking University"},
	DiscussionID: "682443e7", AuthorParticipating: store.ParticipationYes,
	Submitter: "akhaliq", SubmitterName: "AK",
	ClaimedAuthors: []store.HubAuthor{{Name: "Chenggang Zhao", User: "cgzhao"}},
	Thumbnail:      "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2505.09343.png",
	MediaURLs:      []string{"https://cdn-uploads.huggingface.co/a.png", "https://cdn-uploads.huggingface.co/b.mp4"},
}

func TestFullRecordInEveryFormat(t *testing.T) {
	write := func(format string) string {
		t.Helper()
		var buf bytes.Buffer
		if err := Write(&buf, format, []store.Paper{fullRecord}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	bib := write("bibtex")
	for _, want := range []string{"  doi={10.1145/3695053.3731412},\n", "  note={ISCA '25: Proc. 52nd Int. Symp. Computer Architecture, pp. 1-14},\n"} {
		if !strings.Contains(bib, want) {
			t.Errorf("BibTeX lacks %q:\n%s", want, bib)
		}
	}
	ris := write("ris")
	for _, want := range []string{"DO  - 10.1145/3695053.3731412\r\n", "JO  - ISCA '25", "N1  - 14 pages, 5 figures\r\n"} {
		if !strings.Contains(ris, want) {
			t.Errorf("RIS lacks %q:\n%s", want, ris)
		}
	}
	if strings.Contains(ris, "10.48550/arXiv.") {
		t.Errorf("RIS gives arXiv's DOI where the paper has its own:\n%s", ris)
	}
	recs, err := csv.NewReader(strings.NewReader(write("csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	if row["doi"] != fullRecord.DOI || row["journal_ref"] != fullRecord.JournalRef || row["arxiv_comment"] != fullRecord.ArxivComment ||
		row["version"] != "3" || row["updated"] != "2025-06-02" {
		t.Errorf("CSV row: %v", row)
	}
	md := write("markdown")
	for _, want := range []string{
		"- Published: 2025-05-14 · v3, updated 2025-06-02\n",
		"- DOI: [10.1145/3695053.3731412](https://doi.org/10.1145/3695053.3731412)\n",
		"- Comment: 14 pages, 5 figures\n",
		"- Affiliations: DeepSeek-AI; Peking University\n",
		"- On the Hub: Chenggang Zhao (@cgzhao)\n",
		"- Discussion: [https://huggingface.co/papers/2505.09343\\#community (the authors take part)](https://huggingface.co/papers/2505.09343#community)\n",
		"Context: hardware limits.\n\nMethods: co-design.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	var js []map[string]any
	if err := json.Unmarshal([]byte(write("json")), &js); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{
		"doi": fullRecord.DOI, "journal_ref": fullRecord.JournalRef, "arxiv_comment": fullRecord.ArxivComment,
		"version": 3.0, "updated": "2025-06-02", "discussion": "https://huggingface.co/papers/2505.09343#community",
		"abstract": "Context: hardware limits.\n\nMethods: co-design.",
	} {
		if js[0][k] != want {
			t.Errorf("JSON %s = %#v, want %#v", k, js[0][k], want)
		}
	}
	plain := Plain(fullRecord)
	for _, want := range []string{
		"Submitted by: AK (@akhaliq)\n", "Published:    2025-05-14 · v3, updated 2025-06-02\n",
		"DOI:          10.1145/3695053.3731412\n", "Journal:      ISCA '25", "arXiv:        https://arxiv.org/abs/2505.09343\n",
		"Media:        https://cdn-uploads.huggingface.co/a.png\n              https://cdn-uploads.huggingface.co/b.mp4\n",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("plain text lacks %q:\n%s", want, plain)
		}
	}
}

// A paper without the new fields exports as before: no empty doi or note.
func TestRecordFieldsLeaveOutWhatIsUnknown(t *testing.T) {
	p := store.Paper{ID: "2505.00001", Title: "T", Published: "2025-05-01", Version: 1, Revised: "2025-05-01"}
	if f := RecordFields(p); len(f) != 0 {
		t.Fatalf("fields of a bare paper: %+v", f)
	}
	if got := Published(p); got != "2025-05-01" {
		t.Fatalf("Published = %q", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "bibtex", []store.Paper{p}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "doi=") || strings.Contains(buf.String(), "note=") {
		t.Fatalf("BibTeX of a bare paper:\n%s", buf.String())
	}
}
