package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/paperboy-reader/paperboy/store"
	"github.com/paperboy-reader/paperboy/store/export"
	"github.com/paperboy-reader/paperboy/store/safetext"
)

// linksMsg says a paper's links were fetched (or could not be).
type linksMsg struct {
	id  string
	err error
}

// dayLinksMsg says the background fetch of the day's papers' links is
// done.
type dayLinksMsg struct {
	ids []string
}

// wantLinks fetches the links of the paper on show in a command when
// they are missing or old, once a session; the detail shows what is
// stored meanwhile.
func (d *detailPane) wantLinks() tea.Cmd {
	p := d.paper
	if p == nil || d.fetchLinks == nil || (p.Links != nil && !p.Links.Stale(d.now())) || d.linksAsked[p.ID] {
		return nil
	}
	if d.linksAsked == nil {
		d.linksAsked = map[string]bool{}
	}
	d.linksAsked[p.ID] = true
	fetch, ctx, id := d.fetchLinks, d.ctx, p.ID
	return func() tea.Msg { return linksMsg{id: id, err: fetch(ctx, id)} }
}

// onLinks shows the fetched links when their paper is still on show. A
// failure (offline, the Hub down) leaves what is stored; the next session
// asks again.
func (d *detailPane) onLinks(msg linksMsg) tea.Cmd {
	if msg.err != nil || d.paper == nil || d.paper.ID != msg.id {
		return nil
	}
	d.seq++
	return d.load(msg.id)
}

// onDayLinks reloads the paper on show when the background fetch got its
// links.
func (d *detailPane) onDayLinks(msg dayLinksMsg) tea.Cmd {
	if d.paper == nil {
		return nil
	}
	for _, id := range msg.ids {
		if id == d.paper.ID {
			d.seq++
			return d.load(id)
		}
	}
	return nil
}

// startDayLinks starts the background fetch of the day's links unless
// one runs.
func (m *Model) startDayLinks() tea.Cmd {
	cmd := dayLinksCmd(m.ctx, m.db, m.opts.FetchLinks, m.opts.Now)
	if cmd == nil || m.dayLinks {
		return nil
	}
	m.dayLinks = true
	return cmd
}

// linkedRepos are the repos the detail lists, in its order, with their
// pages on the Hub.
func linkedRepos(p *store.Paper) []string {
	if p == nil || p.Links == nil {
		return nil
	}
	var urls []string
	for _, k := range store.LinkKinds() {
		repos, _ := p.Links.Of(k)
		prefix := map[store.LinkKind]string{store.LinkModel: "", store.LinkDataset: "datasets/", store.LinkSpace: "spaces/"}[k]
		for _, r := range repos {
			parts := strings.Split(r.ID, "/")
			for i := range parts {
				parts[i] = url.PathEscape(parts[i])
			}
			urls = append(urls, hubURL+prefix+strings.Join(parts, "/"))
		}
	}
	return urls
}

// hubURL is the base of the Hub's repository pages.
const hubURL = "https://huggingface.co/"

// linkKey selects the next linked repo (l) or opens the selected one
// (L; the first when none is selected).
func (d *detailPane) linkKey(msg tea.KeyMsg) intent {
	urls := linkedRepos(d.paper)
	if len(urls) == 0 {
		return intent{}
	}
	if keyMatches(msg, d.keys.NextLink) {
		d.linkSel = d.linkSel%len(urls) + 1
		d.refill()
		return intent{}
	}
	return intent{kind: intentOpenURL, text: urls[max(d.linkSel, 1)-1]}
}

// dayLinksMax bounds the background fetch: two requests a paper, well
// within the rate limit the fetch layer keeps.
const dayLinksMax = 100

// dayLinksCmd fetches, in the background, the links of the papers listed
// today and yesterday (UTC: a morning's listing is often yesterday's)
// whose links are missing or old, most upvoted first. It stops at the
// first failure (offline: the rest would fail the same).
func dayLinksCmd(ctx context.Context, db *store.DB, fetch func(context.Context, string) error, now func() time.Time) tea.Cmd {
	if db == nil || fetch == nil {
		return nil
	}
	return func() tea.Msg {
		today := now().UTC()
		var done []string
		for _, day := range []time.Time{today, today.AddDate(0, 0, -1)} {
			ids, err := db.IDsNeedingLinks(ctx, day.Format(time.DateOnly), dayLinksMax-len(done))
			if err != nil {
				return dayLinksMsg{ids: done}
			}
			for _, id := range ids {
				if fetch(ctx, id) != nil {
					return dayLinksMsg{ids: done}
				}
				done = append(done, id)
			}
		}
		return dayLinksMsg{ids: done}
	}
}

// linkSections are the detail's sections of the Hub repositories linked
// to a paper: per kind, the total and the top ones with their downloads,
// likes and task. "" when they were never fetched or there are none.
func linkSections(p *store.Paper, w int, st styles, sel int) string {
	l := p.Links
	if l == nil {
		return ""
	}
	var b strings.Builder
	nth := 0
	for _, k := range store.LinkKinds() {
		repos, total := l.Of(k)
		if total == 0 && len(repos) == 0 {
			continue
		}
		title := map[store.LinkKind]string{store.LinkModel: "Models", store.LinkDataset: "Datasets", store.LinkSpace: "Spaces"}[k]
		b.WriteString("\n" + st.Section.Render(title) + st.Dim.Render(fmt.Sprintf("  %s in all", export.HumanInt(total))) + "\n")
		for _, r := range repos {
			var facts []string
			if r.Downloads > 0 {
				facts = append(facts, "↓ "+export.HumanInt(r.Downloads))
			}
			if r.Likes > 0 {
				facts = append(facts, "♥ "+export.HumanInt(r.Likes))
			}
			if r.Task != "" {
				facts = append(facts, safetext.ScreenLine(r.Task))
			}
			nth++
			mark := "  "
			if nth == sel {
				mark = "› "
			}
			row := mark + st.Link.Render(safetext.ScreenLine(r.ID))
			if len(facts) > 0 {
				row += "  " + st.Dim.Render(strings.Join(facts, "  "))
			}
			b.WriteString(ansi.Truncate(row, max(w, 1), "…") + "\n")
		}
	}
	return b.String()
}
