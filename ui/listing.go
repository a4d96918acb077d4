package ui

import (
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
	"github.com/paperboy-reader/paperboy/ui/config"
)

// listing is what the list shows: a view, a saved view, selected tags,
// a search and a sort. The root model owns it; the filter pane gets a
// copy to draw its marks.
type listing struct {
	view     store.View
	prevView store.View // the view S returns to
	saved    int        // 1 + the index of the saved view narrowing the list, or 0
	tags     []store.Tag
	any      bool // the selected tags combine with OR
	sort     store.Sort
	before   store.Sort // the sort before a search picked relevance
	query    *store.Query
	text     string // the text of the search the list shows
	// seed and likeTitle are the similar papers' ranking and the title of
	// the paper they are like (ViewSimilar).
	seed, likeTitle string
}

func (l listing) hasTag(t store.Tag) bool {
	for _, s := range l.tags {
		if s == t {
			return true
		}
	}
	return false
}

func (l *listing) toggleTag(t store.Tag) {
	for i, s := range l.tags {
		if s == t {
			l.tags = append(l.tags[:i:i], l.tags[i+1:]...)
			return
		}
	}
	l.tags = append(l.tags, t)
}

// toggleStarred shows the starred papers, or the view before them.
func (l *listing) toggleStarred() {
	if l.view == store.ViewStarred {
		l.view = l.prevView
		if l.view == store.ViewStarred {
			l.view = store.ViewAll
		}
		return
	}
	l.prevView, l.view = l.view, store.ViewStarred
}

// restoreSort undoes the relevance sort a search chose.
func (l *listing) restoreSort() {
	if l.sort == store.SortRelevance {
		l.sort = l.before
		if l.sort == store.SortRelevance {
			l.sort = store.SortNew
		}
	}
}

// savedView is the saved view the list is narrowed to, or nil.
func (l listing) savedView(views []config.SavedView) *config.SavedView {
	if l.saved <= 0 || l.saved > len(views) {
		return nil
	}
	return &views[l.saved-1]
}

// filter is the store filter for the listing.
func (l listing) filter(views []config.SavedView, now time.Time) store.Filter {
	q := l.query
	if v := l.savedView(views); v != nil {
		q = andQueries(v.Parsed(), l.query)
	}
	f := store.Filter{
		Query:  q,
		Tags:   append([]store.Tag(nil), l.tags...),
		AnyTag: l.any,
		View:   l.view,
		Sort:   l.sort,
		Now:    now,
	}
	if l.view == store.ViewSimilar {
		f.Seed = l.seed
	}
	if tag, ok := l.forYouTag(); ok {
		// For you and one tag of the user's: the papers like the ones
		// with that tag, not the tagged papers themselves.
		f.Seed, f.Tags = store.ForYouOptions{Tag: tag}.Seed(), nil
	}
	return f
}

// forYouTag is the user tag For you starts from: the one selected tag,
// when it is the user's own.
func (l listing) forYouTag() (string, bool) {
	if l.view != store.ViewForYou || len(l.tags) != 1 || l.tags[0].Kind != store.KindUser {
		return "", false
	}
	return l.tags[0].Name, true
}

// describe is the listing in words for the header, or "" when everything
// is shown.
func (l listing) describe(views []config.SavedView) string {
	var parts []string
	if v := l.savedView(views); v != nil {
		parts = append(parts, safetext.ScreenLine(v.Name))
	}
	switch {
	case l.view == store.ViewSimilar:
		parts = append(parts, "Like “"+l.likeTitle+"”")
	case l.view != store.ViewAll:
		parts = append(parts, l.view.String())
	}
	if tag, ok := l.forYouTag(); ok {
		parts = append(parts, "like the papers tagged "+safetext.ScreenLine(tag))
	} else if len(l.tags) > 0 {
		names := make([]string, len(l.tags))
		for i, t := range l.tags {
			names[i] = safetext.ScreenLine(t.Name)
		}
		sep := " & "
		if l.any {
			sep = " | "
		}
		parts = append(parts, strings.Join(names, sep))
	}
	if !l.query.Empty() {
		parts = append(parts, "/"+safetext.ScreenLine(l.text))
	}
	return strings.Join(parts, " · ")
}

// andQueries is a query that holds when both do.
func andQueries(a, b *store.Query) *store.Query {
	if a.Empty() {
		return b
	}
	if b.Empty() {
		return a
	}
	q := &store.Query{Clauses: make([][]store.Term, 0, len(a.Clauses)+len(b.Clauses))}
	q.Clauses = append(append(q.Clauses, a.Clauses...), b.Clauses...)
	return q
}

// nextSort cycles newest → top → trending → rising (→ relevance while
// searching).
func nextSort(s store.Sort, searching bool) store.Sort {
	switch s {
	case store.SortNew:
		return store.SortTop
	case store.SortTop:
		return store.SortTrending
	case store.SortTrending:
		return store.SortRising
	case store.SortRising:
		if searching {
			return store.SortRelevance
		}
	}
	return store.SortNew
}
