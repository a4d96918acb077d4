package ui

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// For you and similar papers in the reader. Both are rankings the store
// computes and keeps (ForYou, RankSimilar); the list shows a ranking as a
// listing like any other, each row with its reason. A ranking is made
// when its listing is opened (and For you's when the filter pane opens,
// for its count); what the user keeps changing marks them stale, and the
// next opening ranks again: a star or a tag does not reorder the rows
// under the cursor (a dismissal only takes its row away).

// similarLimit is how many papers M's listing ranks.
const similarLimit = 100

// rankedMsg says a ranking is stored: n papers, or why not. gen is the
// rankings' generation it was asked in (Model.rankGen).
type rankedMsg struct {
	seed string
	gen  int
	n    int
	err  error
}

// rankCmd ranks a seed in a command: "" and "tag:…" for For you, "like:ID"
// for the papers like one.
func (m *Model) rankCmd(seed string) tea.Cmd {
	if m.db == nil || m.ranking[seed] {
		return nil
	}
	if m.ranking == nil {
		m.ranking = map[string]bool{}
	}
	m.ranking[seed] = true
	db, ctx, days, gen := m.db, m.ctx, m.opts.ForYouDays, m.rankGen
	tag, like := store.ParseSeed(seed)
	return func() tea.Msg {
		if like != "" {
			n, err := db.RankSimilar(ctx, like, similarLimit)
			return rankedMsg{seed: seed, gen: gen, n: n, err: err}
		}
		out, err := db.ForYou(ctx, store.ForYouOptions{Days: days, Tag: tag, Keep: true})
		return rankedMsg{seed: seed, gen: gen, n: len(out), err: err}
	}
}

// onRanked keeps a finished ranking: the For you count in the filter
// pane, and the list when it shows that ranking.
func (m Model) onRanked(msg rankedMsg) (tea.Model, tea.Cmd) {
	delete(m.ranking, msg.seed)
	if errors.Is(msg.err, context.Canceled) {
		return m, nil
	}
	if m.ranked == nil {
		m.ranked = map[string]error{}
	}
	if msg.gen == m.rankGen {
		m.ranked[msg.seed] = msg.err // else what the user kept changed meanwhile: it is ranked again next time
	}
	if msg.seed == "" {
		m.filter.setViewCount(store.ViewForYou, msg.n)
	}
	f := m.filterNow()
	if !f.View.Ranked() || f.Seed != msg.seed {
		return m, nil
	}
	var flash tea.Cmd
	if msg.err != nil && !errors.Is(msg.err, store.ErrNoSeeds) {
		flash = m.status.setFlash(safetext.ScreenLine(msg.err.Error()), statusError)
	}
	return m, tea.Batch(flash, m.requery(true))
}

// rankedHint is what an empty ranked listing of view v says; days is how
// far back For you looks.
func rankedHint(v store.View, err error, days int) string {
	switch {
	case errors.Is(err, store.ErrNoSeeds):
		return "Star a few papers to get suggestions (s on a paper)."
	case err != nil:
		return safetext.ScreenLine(err.Error())
	case v == store.ViewSimilar:
		return "No paper in the library is like this one yet."
	}
	if days <= 0 {
		days = 30
	}
	return fmt.Sprintf("No paper of the last %d days is like the ones you keep (reader.foryou_days looks further back).", days)
}

// wantRanking ranks the listing's seed when it has no fresh ranking (M
// forgets the similar papers' first, so that they are ranked anew).
func (m *Model) wantRanking(f store.Filter) tea.Cmd {
	if !f.View.Ranked() {
		m.list.emptyHint = ""
		return nil
	}
	if err, ok := m.ranked[f.Seed]; ok {
		m.list.emptyHint = rankedHint(f.View, err, m.opts.ForYouDays)
		return nil
	}
	m.list.emptyHint = "Ranking…"
	return m.rankCmd(f.Seed)
}

// staleRankings forgets the rankings after what the user keeps changed;
// the next opening of For you ranks again.
func (m *Model) staleRankings() {
	m.rankGen++
	for seed := range m.ranked {
		if _, like := store.ParseSeed(seed); like == "" {
			delete(m.ranked, seed)
		}
	}
}

// moreLikeThis lists the papers like the current one (M).
func (m Model) moreLikeThis() (tea.Model, tea.Cmd) {
	id := m.currentID()
	if id == "" {
		return m, nil
	}
	title := id
	if p := m.detail.showing(); p != nil && p.ID == id {
		title = p.Title
	} else if it := m.list.current(); it != nil && it.ID == id {
		title = it.Title
	}
	if !m.show.view.Ranked() || m.show.view == store.ViewForYou {
		prev := m.show
		m.beforeSimilar = &prev
	}
	m.show = listing{view: store.ViewSimilar, seed: store.SimilarSeed(id), likeTitle: safetext.Clip(safetext.ScreenLine(title), 60),
		sort: store.SortRelevance, prevView: m.show.view}
	delete(m.ranked, m.show.seed) // ranked again: the library may have grown
	m.layout = layoutList
	return m, tea.Batch(m.requery(false), m.relayout())
}

// leaveSimilar goes back from the similar papers to the listing before.
func (m Model) leaveSimilar() (tea.Model, tea.Cmd) {
	if m.beforeSimilar != nil {
		m.show = *m.beforeSimilar
	} else {
		m.show = listing{}
	}
	m.beforeSimilar = nil
	return m, tea.Batch(m.requery(false), m.relayout())
}

// toggleDismissed dismisses the current paper from For you (x, "not for
// me") or takes the dismissal back.
func (m Model) toggleDismissed() (tea.Model, tea.Cmd) {
	id := m.currentID()
	if id == "" || m.db == nil {
		return m, nil
	}
	db := m.db
	return m, m.writes.do(func(ctx context.Context) tea.Msg {
		st, err := db.UserState(ctx, id)
		if err == nil {
			err = db.SetDismissed(ctx, id, !st.Dismissed)
		}
		return dismissedMsg{id: id, on: !st.Dismissed, err: err}
	})
}

type dismissedMsg struct {
	id  string
	on  bool
	err error
}

func (m Model) onDismissed(msg dismissedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.status.setFlash(safetext.ScreenLine(msg.err.Error()), statusError)
	}
	m.staleRankings()
	text := "not for you: hidden from For you, and papers like it rank lower (x on it again takes it back)"
	if !msg.on {
		text = "back in For you"
	}
	cmds := []tea.Cmd{m.status.setFlash(text, statusOK)}
	if m.show.view == store.ViewForYou {
		cmds = append(cmds, m.requery(true)) // gone at once
	}
	if p := m.detail.showing(); p != nil && p.ID == msg.id {
		cmds = append(cmds, m.detail.reload())
	}
	return m, tea.Batch(cmds...)
}
