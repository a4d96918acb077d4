package store

// How two sources' records of a paper merge: arXiv is the authority for
// the bibliographic fields, Hugging Face alone writes its own, and a value
// a record leaves out never erases a stored one.

import (
	"slices"
	"strings"
)

func sourceBit(s string) int {
	switch s {
	case SourceHF:
		return bitHF
	case SourceArxiv:
		return bitArxiv
	}
	return 0
}

func sourceNames(bits int) []string {
	var out []string
	if bits&bitHF != 0 {
		out = append(out, SourceHF)
	}
	if bits&bitArxiv != 0 {
		out = append(out, SourceArxiv)
	}
	return out
}

// joinLines and splitLines store ordered lists (authors, keywords) as
// newline-separated text, which the search index can read directly.
func joinLines(xs []string) string { return strings.Join(xs, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// cleanList trims entries, drops empty ones and duplicates, keeps order.
func cleanList(xs []string) []string {
	out := make([]string, 0, len(xs))
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		x = strings.Join(strings.Fields(x), " ")
		k := strings.ToLower(x)
		if x == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

// trimList collapses spaces in each entry and drops empty ones, keeping
// repeats: two co-authors may share a name.
func trimList(xs []string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x = strings.Join(strings.Fields(x), " "); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// remote is the part of a paper that syncs write, as stored.
type remote struct {
	Title, Abstract                string
	Authors                        []string
	Published, Daily               string
	Upvotes, Comments              int
	OrgName, OrgDisplay, Submitter string
	AISummary                      string
	Keywords                       []string
	GitHubRepo                     string
	GitHubStars                    int
	ProjectPage                    string
	Categories                     []string
	Sources                        int

	DOI, JournalRef, ArxivComment string
	Version                       int
	Revised                       string
	Affiliations                  []string

	DiscussionID        string
	AuthorParticipating Participation
	SubmitterName       string
	ClaimedAuthors      []HubAuthor
	Thumbnail           string
	MediaURLs           []string
	DailyRank           int
}

func (r *remote) equal(o *remote) bool {
	return r.Title == o.Title && r.Abstract == o.Abstract &&
		slices.Equal(r.Authors, o.Authors) && r.Published == o.Published &&
		r.Daily == o.Daily && r.Upvotes == o.Upvotes && r.Comments == o.Comments &&
		r.OrgName == o.OrgName && r.OrgDisplay == o.OrgDisplay &&
		r.Submitter == o.Submitter && r.AISummary == o.AISummary &&
		slices.Equal(r.Keywords, o.Keywords) && r.GitHubRepo == o.GitHubRepo &&
		r.GitHubStars == o.GitHubStars && r.ProjectPage == o.ProjectPage &&
		slices.Equal(r.Categories, o.Categories) && r.Sources == o.Sources &&
		r.DOI == o.DOI && r.JournalRef == o.JournalRef && r.ArxivComment == o.ArxivComment &&
		r.Version == o.Version && r.Revised == o.Revised && slices.Equal(r.Affiliations, o.Affiliations) &&
		r.DiscussionID == o.DiscussionID && r.AuthorParticipating == o.AuthorParticipating &&
		r.SubmitterName == o.SubmitterName && slices.Equal(r.ClaimedAuthors, o.ClaimedAuthors) &&
		r.Thumbnail == o.Thumbnail && slices.Equal(r.MediaURLs, o.MediaURLs) && r.DailyRank == o.DailyRank
}

// alignedList keeps one entry per author (empty where nothing is known),
// spaces collapsed; nil when every entry is empty.
func alignedList(xs []string) []string {
	out := make([]string, len(xs))
	some := false
	for i, x := range xs {
		// Entries are stored one a line: a line break inside one would
		// shift every entry after it.
		out[i] = strings.Join(strings.Fields(x), " ")
		some = some || out[i] != ""
	}
	if !some {
		return nil
	}
	return out
}

// cleanHubAuthors trims entries and drops those without a handle.
func cleanHubAuthors(xs []HubAuthor) []HubAuthor {
	var out []HubAuthor
	for _, a := range xs {
		a.Name, a.User = strings.Join(strings.Fields(a.Name), " "), strings.Join(strings.Fields(a.User), "")
		if a.User != "" {
			out = append(out, a)
		}
	}
	return out
}

// Claimed authors are stored one a line as "name<TAB>handle".
func joinHubAuthors(xs []HubAuthor) string {
	lines := make([]string, len(xs))
	for i, a := range xs {
		lines[i] = a.Name + "\t" + a.User
	}
	return joinLines(lines)
}

func splitHubAuthors(s string) []HubAuthor {
	var out []HubAuthor
	for _, line := range splitLines(s) {
		name, user, _ := strings.Cut(line, "\t")
		out = append(out, HubAuthor{Name: name, User: user})
	}
	return out
}

func rankColumn(r int) int {
	if r <= 0 {
		return unranked
	}
	return r
}

func rankOf(col int) int {
	if col >= unranked || col <= 0 {
		return 0
	}
	return col
}

func remoteOf(p *Paper) remote {
	r := remote{
		Title: strings.Join(strings.Fields(p.Title), " "), Abstract: strings.TrimSpace(p.Abstract),
		Authors: trimList(p.Authors), Published: p.Published, Daily: p.Daily,
		Upvotes: p.Upvotes, Comments: p.Comments,
		OrgName: strings.TrimSpace(p.OrgName), OrgDisplay: strings.TrimSpace(p.OrgDisplay),
		Submitter: strings.TrimSpace(p.Submitter), AISummary: strings.TrimSpace(p.AISummary),
		Keywords: cleanList(p.AIKeywords), GitHubRepo: strings.TrimSpace(p.GitHubRepo),
		GitHubStars: p.GitHubStars, ProjectPage: strings.TrimSpace(p.ProjectPage),
		Categories: cleanList(p.Categories), Sources: sourceBit(p.Source),
		DOI: strings.TrimSpace(p.DOI), JournalRef: strings.TrimSpace(p.JournalRef),
		ArxivComment: strings.TrimSpace(p.ArxivComment), Version: max(p.Version, 0),
		Revised: p.Revised, Affiliations: alignedList(p.Affiliations),
		DiscussionID: strings.TrimSpace(p.DiscussionID), AuthorParticipating: p.AuthorParticipating,
		SubmitterName: strings.TrimSpace(p.SubmitterName), ClaimedAuthors: cleanHubAuthors(p.ClaimedAuthors),
		Thumbnail: strings.TrimSpace(p.Thumbnail), MediaURLs: trimList(p.MediaURLs),
		DailyRank: max(p.DailyRank, 0),
	}
	// Affiliations go by author position: a list that does not match the
	// authors one for one would name the wrong people.
	if len(r.Affiliations) != len(r.Authors) || len(p.Affiliations) != len(p.Authors) {
		r.Affiliations = nil
	}
	return r
}

// merge folds an incoming record into the stored one.
//
// arXiv is the authority for the bibliographic fields (title, abstract,
// authors, publication date, categories): once arXiv has seen a paper,
// Hugging Face's copies of them no longer overwrite it, so alternating
// syncs from both never flip a paper back and forth. Hugging Face alone
// writes its own fields (daily date, upvotes, comments, organisation,
// summary, keywords, GitHub, project page); a value a response leaves out
// keeps what is stored rather than erasing it.
//
// The rest of arXiv's record (DOI, journal reference, comment, version,
// its date, affiliations) is written by arXiv alone, and a version number
// never goes down: an old snapshot imported after a sync keeps the newer
// version the sync saw. The rest of Hugging Face's record (discussion,
// participation, submitter's name, claimed authors, media, listing place)
// is written by Hugging Face alone.
func merge(old, in remote, inSource string) remote {
	out := old
	out.Sources |= in.Sources
	biblio := inSource == SourceArxiv || old.Sources&bitArxiv == 0
	setStr := func(dst *string, v string, ok bool) {
		if ok && v != "" {
			*dst = v
		}
	}
	setStr(&out.Title, in.Title, biblio || old.Title == "")
	setStr(&out.Abstract, in.Abstract, biblio || old.Abstract == "")
	setStr(&out.Published, in.Published, biblio || old.Published == "")
	if len(in.Authors) > 0 && (biblio || len(old.Authors) == 0) {
		out.Authors = in.Authors
	}
	if len(in.Categories) > 0 {
		out.Categories = in.Categories
	}
	if inSource == SourceArxiv {
		// An older record than the one stored (a snapshot behind the API)
		// may not bring back the fields of an earlier version.
		current := in.Version == 0 || in.Version >= old.Version
		setStr(&out.DOI, in.DOI, current)
		setStr(&out.JournalRef, in.JournalRef, current)
		setStr(&out.ArxivComment, in.ArxivComment, current)
		if in.Version > old.Version {
			out.Version = in.Version
			out.Revised = in.Revised
		} else if in.Version == old.Version {
			setStr(&out.Revised, in.Revised, true)
		}
		switch {
		case len(in.Affiliations) > 0 && len(in.Affiliations) == len(out.Authors):
			out.Affiliations = in.Affiliations
		case len(out.Affiliations) != len(out.Authors):
			// Affiliations go by author position: after a new author
			// list they would name the wrong people.
			out.Affiliations = nil
		}
	}
	if inSource == SourceHF {
		setStr(&out.DiscussionID, in.DiscussionID, true)
		setStr(&out.SubmitterName, in.SubmitterName, true)
		setStr(&out.Thumbnail, in.Thumbnail, true)
		if in.AuthorParticipating != ParticipationUnknown {
			out.AuthorParticipating = in.AuthorParticipating
		}
		if len(in.ClaimedAuthors) > 0 {
			out.ClaimedAuthors = in.ClaimedAuthors
		}
		if len(in.MediaURLs) > 0 {
			out.MediaURLs = in.MediaURLs
		}
		if in.DailyRank > 0 {
			out.DailyRank = in.DailyRank
		}
		setStr(&out.Daily, in.Daily, true)
		setStr(&out.OrgName, in.OrgName, true)
		setStr(&out.OrgDisplay, in.OrgDisplay, true)
		setStr(&out.Submitter, in.Submitter, true)
		setStr(&out.AISummary, in.AISummary, true)
		setStr(&out.GitHubRepo, in.GitHubRepo, true)
		setStr(&out.ProjectPage, in.ProjectPage, true)
		if len(in.Keywords) > 0 {
			out.Keywords = in.Keywords
		}
		// Counts only grow in practice; a response that omits one
		// (reads as 0) must not wipe it.
		if in.Upvotes != 0 {
			out.Upvotes = in.Upvotes
		}
		if in.Comments != 0 {
			out.Comments = in.Comments
		}
		if in.GitHubStars != 0 {
			out.GitHubStars = in.GitHubStars
		}
	}
	return out
}
