package store

import "time"

// Source bits record which remote services have reported a paper.
const (
	SourceHF    = "hf"
	SourceArxiv = "arxiv"
)

// Paper is the one normalised paper type: fetch parses every remote format
// into it, the store keeps it, the reader shows it.
//
// Remote fields come from Hugging Face and arXiv and are merged on upsert;
// user fields (Starred, Read, Tags, Note) are only ever written through the
// user-state methods, never by a sync.
type Paper struct {
	ID       string   // normalised arXiv id: "2505.09343" or "hep-th/9711200"
	Title    string   // one line, whitespace collapsed
	Abstract string   // paragraphs separated by blank lines
	Authors  []string // in paper order
	// Published is the arXiv publication date (first version), YYYY-MM-DD.
	Published string
	// Daily is the day Hugging Face added the paper to Daily Papers,
	// YYYY-MM-DD, or "" when it was never listed there.
	Daily       string
	Upvotes     int
	Comments    int
	OrgName     string // Hugging Face organisation handle, e.g. "deepseek-ai"
	OrgDisplay  string // its display name, e.g. "DeepSeek"
	Submitter   string // Hugging Face user who submitted it to Daily Papers
	AISummary   string
	AIKeywords  []string
	GitHubRepo  string
	GitHubStars int
	ProjectPage string
	Categories  []string // arXiv categories, primary first

	// The rest of arXiv's record (Atom and the snapshot); arXiv alone
	// writes these.
	DOI          string // e.g. "10.1103/PhysRevD.76.013009"
	JournalRef   string // journal reference, e.g. "Phys.Rev.D76:013009,2007"
	ArxivComment string // the authors' comment: pages, figures, venue
	// Version is the number of arXiv's current version (the 3 of
	// "2505.09343v3"), 0 when unknown; it never goes down.
	Version int
	// Revised is the date of that latest version, YYYY-MM-DD, or "".
	Revised string
	// Affiliations[i] is the affiliation of Authors[i] ("" when not
	// given; several are joined by "; "); nil when none is known.
	Affiliations []string

	// The rest of Hugging Face's record; Hugging Face alone writes these.
	DiscussionID        string        // the paper page's discussion (see DiscussionURL)
	AuthorParticipating Participation // whether the authors take part in it
	SubmitterName       string        // the submitter's display name; Submitter is the handle
	ClaimedAuthors      []HubAuthor   // authors who claimed the paper with a Hub account
	Thumbnail           string        // image URL
	MediaURLs           []string      // images and videos the submitter attached
	// DailyRank is the paper's place in its day's Daily Papers listing
	// (1 first, as the listing returned it), 0 when unknown. Within a day
	// the newest sort orders by upvotes, then by it.
	DailyRank int

	// Source says which service this record came from when it is written
	// (SourceHF or SourceArxiv); it decides which fields the record may
	// overwrite. Sources lists every service that has seen the paper.
	Source    string
	Sources   []string
	FirstSeen time.Time
	Updated   time.Time

	// User state, read-only here; HasText too, written only with the text.
	Starred   bool
	StarredAt time.Time
	Read      bool
	ReadAt    time.Time
	// Dismissed: "not for me", hidden from For you and held against the
	// papers like it.
	Dismissed   bool
	DismissedAt time.Time
	Tags        []string
	Note        string
	// Position is the reading position in the paper's text: the block
	// index of ReadingPosition, 0 when none (the start of the text).
	Position int

	// HasText says a full text of the paper is stored (see DB.Text).
	HasText bool

	// History is the paper's counts as syncs saw them change, oldest
	// first; Upvotes24h what it gained in the last day (see Gain). Read
	// by DB.Paper, never written through a Paper.
	History    []HistoryPoint
	Upvotes24h int

	// Links are the Hub repositories citing the paper, nil when they
	// were never fetched (see DB.SetLinks).
	Links *Links
}

// HubAuthor is an author who has claimed a paper on Hugging Face.
type HubAuthor struct {
	Name string // as the paper names them
	User string // Hub handle, e.g. "cgzhao"
}

// Participation is a three-way answer: a response that leaves the field
// out says nothing, and must not overwrite what an earlier one said.
type Participation int8

const (
	ParticipationUnknown Participation = iota
	ParticipationNo
	ParticipationYes
)

// Yes reports a known yes.
func (p Participation) Yes() bool { return p == ParticipationYes }

// HFPapersURL is the base of Hugging Face's paper pages.
const HFPapersURL = "https://huggingface.co/papers/"

// DiscussionURL is the link to the paper's discussion on Hugging Face, or
// "" when Hugging Face has not reported one.
func (p *Paper) DiscussionURL() string {
	if p.DiscussionID == "" {
		return ""
	}
	return HFPapersURL + p.ID + "#community"
}

// PrimaryCategory is the paper's first arXiv category, or "".
func (p *Paper) PrimaryCategory() string {
	if len(p.Categories) == 0 {
		return ""
	}
	return p.Categories[0]
}

// Date is the day a paper is listed under: its Hugging Face daily date when
// it has one, its arXiv publication date otherwise. Sorting by "new",
// since:/until: and the Today/This week views all use it.
func (p *Paper) Date() string {
	if p.Daily != "" {
		return p.Daily
	}
	return p.Published
}

// ListItem is the slim row the list pane needs: no abstract, no summary, so
// a window of rows stays small whatever the size of the database.
type ListItem struct {
	ID              string
	Title           string
	FirstAuthor     string
	AuthorCount     int
	OrgName         string
	OrgDisplay      string
	Published       string
	Daily           string
	Upvotes         int
	Comments        int
	PrimaryCategory string
	Starred         bool
	Read            bool
	HasText         bool // a full text is stored
	// Reason is why a ranking (For you, similar papers) lists the paper;
	// "" in other listings.
	Reason string
}

// Date mirrors Paper.Date.
func (it *ListItem) Date() string {
	if it.Daily != "" {
		return it.Daily
	}
	return it.Published
}

// UpsertStats counts what one UpsertPapers call did.
type UpsertStats struct {
	New       int
	Updated   int
	Unchanged int
}

// Add sums two stats.
func (s *UpsertStats) Add(o UpsertStats) {
	s.New += o.New
	s.Updated += o.Updated
	s.Unchanged += o.Unchanged
}
