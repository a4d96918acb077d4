package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// JSON.

// PaperJSON is the JSON shape of a paper: `paperboy list --json`, `show
// --json` and `export --format json` all print it, and `import-state`
// reads it back.
type PaperJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Authors      []string `json:"authors"`
	Abstract     string   `json:"abstract"`
	Published    string   `json:"published"`
	Daily        string   `json:"daily"`
	Upvotes      int      `json:"upvotes"`
	Comments     int      `json:"comments"`
	Organization string   `json:"organization"`
	Categories   []string `json:"categories"`
	Keywords     []string `json:"keywords"`
	Tags         []string `json:"tags"`
	Starred      bool     `json:"starred"`
	StarredAt    string   `json:"starred_at,omitempty"`
	Read         bool     `json:"read"`
	ReadAt       string   `json:"read_at,omitempty"`
	Dismissed    bool     `json:"dismissed"` // "not for me": hidden from For you
	DismissedAt  string   `json:"dismissed_at,omitempty"`
	Note         string   `json:"note"`
	AISummary    string   `json:"ai_summary"`
	GitHub       string   `json:"github"`
	GitHubStars  int      `json:"github_stars"`
	ProjectPage  string   `json:"project_page"`
	URL          string   `json:"url"`
	ArxivURL     string   `json:"arxiv_url"`
	PDFURL       string   `json:"pdf_url"`
	DOI          string   `json:"doi"`
	JournalRef   string   `json:"journal_ref"`
	ArxivComment string   `json:"arxiv_comment"`
	Version      int      `json:"version"`
	Updated      string   `json:"updated"`    // the latest version's date, YYYY-MM-DD
	Discussion   string   `json:"discussion"` // the Hugging Face discussion's URL, or ""
	HasText      bool     `json:"has_text"`   // a full text is downloaded (paperboy read)
	// ReadingPosition is the block index of the reading position in the
	// text (store.ReadingPosition), 0 when none: block 0 is the text's
	// start, where a text without a position opens anyway.
	ReadingPosition int `json:"reading_position"`
	// Upvotes24h is what the paper gained in the last 24 hours (see
	// store.Gain); History its counts as syncs saw them change, oldest
	// first.
	Upvotes24h int           `json:"upvotes_24h"`
	History    []HistoryJSON `json:"history"`
	// Models, Datasets and Spaces are how many of each the Hub links to
	// the paper (0 also when never fetched).
	Models   int `json:"models"`
	Datasets int `json:"datasets"`
	Spaces   int `json:"spaces"`
}

// HistoryJSON is one change of a paper's counts.
type HistoryJSON struct {
	At          string `json:"at"` // RFC 3339, UTC
	Upvotes     int    `json:"upvotes"`
	Comments    int    `json:"comments"`
	GitHubStars int    `json:"github_stars"`
}

func historyJSON(h []store.HistoryPoint) []HistoryJSON {
	out := make([]HistoryJSON, len(h))
	for i, p := range h {
		out[i] = HistoryJSON{At: p.At.UTC().Format(time.RFC3339), Upvotes: p.Upvotes,
			Comments: p.Comments, GitHubStars: p.GitHubStars}
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func stampJSON(on bool, t time.Time) string {
	if !on || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ToJSON converts a paper to its JSON shape.
func ToJSON(p store.Paper) PaperJSON {
	out := PaperJSON{
		ID: p.ID, Title: p.Title, Authors: nonNil(p.Authors), Abstract: p.Abstract,
		Published: p.Published, Daily: p.Daily, Upvotes: p.Upvotes, Comments: p.Comments,
		Organization: p.OrgName, Categories: nonNil(p.Categories), Keywords: nonNil(p.AIKeywords),
		Tags: nonNil(p.Tags), Starred: p.Starred, StarredAt: stampJSON(p.Starred, p.StarredAt),
		Read: p.Read, ReadAt: stampJSON(p.Read, p.ReadAt), Note: p.Note, AISummary: p.AISummary,
		Dismissed: p.Dismissed, DismissedAt: stampJSON(p.Dismissed, p.DismissedAt),
		GitHub: p.GitHubRepo, GitHubStars: p.GitHubStars, ProjectPage: p.ProjectPage,
		URL: HFURL(p.ID), ArxivURL: AbsURL(p.ID), PDFURL: PDFURL(p.ID),
		DOI: p.DOI, JournalRef: p.JournalRef, ArxivComment: p.ArxivComment, Version: p.Version,
		Updated: p.Revised, Discussion: p.DiscussionURL(), HasText: p.HasText, ReadingPosition: p.Position,
		Upvotes24h: p.Upvotes24h, History: historyJSON(p.History),
	}
	if l := p.Links; l != nil {
		out.Models, out.Datasets, out.Spaces = l.NumModels, l.NumDatasets, l.NumSpaces
	}
	return out
}

// FromJSON turns an exported paper back into a paper record (remote fields
// and user state).
func FromJSON(j PaperJSON) store.Paper {
	p := store.Paper{
		ID: j.ID, Title: j.Title, Authors: j.Authors, Abstract: j.Abstract, Published: j.Published,
		Daily: j.Daily, Upvotes: j.Upvotes, Comments: j.Comments, OrgName: j.Organization,
		Categories: j.Categories, AIKeywords: j.Keywords, AISummary: j.AISummary,
		GitHubRepo: j.GitHub, GitHubStars: j.GitHubStars, ProjectPage: j.ProjectPage,
		Tags: j.Tags, Starred: j.Starred, Read: j.Read, Dismissed: j.Dismissed, Note: j.Note, Position: j.ReadingPosition,
		DOI: j.DOI, JournalRef: j.JournalRef, ArxivComment: j.ArxivComment, Version: j.Version, Revised: j.Updated,
	}
	p.Source = store.SourceHF
	if len(j.Categories) > 0 {
		p.Source = store.SourceArxiv
	}
	if t, err := time.Parse(time.RFC3339, j.StarredAt); err == nil {
		p.StarredAt = t
	}
	if t, err := time.Parse(time.RFC3339, j.ReadAt); err == nil {
		p.ReadAt = t
	}
	if t, err := time.Parse(time.RFC3339, j.DismissedAt); err == nil {
		p.DismissedAt = t
	}
	return p
}

// WriteJSON writes papers as an indented JSON array of PaperJSON.
func WriteJSON(w io.Writer, papers []store.Paper) error {
	out := make([]PaperJSON, 0, len(papers))
	for _, p := range papers {
		out = append(out, ToJSON(p))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ReadJSON reads back what WriteJSON wrote: the papers of an export, with
// their user state, for `import-state`.
func ReadJSON(data []byte) ([]store.Paper, error) {
	var in []PaperJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("not a paperboy JSON export: %v", err)
	}
	out := make([]store.Paper, len(in))
	for i, j := range in {
		out[i] = FromJSON(j)
	}
	return out, nil
}

// SuggestionJSON is a similar or For-you paper: the object of `list
// --json`, with its score, the terms that made it close and, for For you,
// the kept paper it is like.
type SuggestionJSON struct {
	PaperJSON
	Score   float64  `json:"score"`
	Because []string `json:"because"`
	Reason  string   `json:"reason"`
	Like    string   `json:"like,omitempty"` // the id of the kept paper it is most like
}

// ToSuggestionJSON converts a suggestion, with its paper read whole.
func ToSuggestionJSON(p store.Paper, s store.Suggestion) SuggestionJSON {
	return SuggestionJSON{PaperJSON: ToJSON(p), Score: s.Score, Because: nonNil(s.Because),
		Reason: s.Reason(), Like: s.LikeID}
}
