package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// The golden screens run the reader as a real program (teatest), wait for
// the screen to settle, quit, and compare the final frame, unstyled, with
// the files under testdata/. Regenerate them with
//
//	go test -tags sqlite_fts5 ./ui/ -run TestGolden -update
func TestGolden(t *testing.T) {
	screens := []struct {
		name  string
		keys  []string
		until string // text on screen once it has settled
	}{
		{"list", nil, "1/24"},
		{"detail", []string{"enter"}, "Categories"},
		{"filter", []string{"f"}, "Quantum Physics"},
		{"help", []string{"?"}, "copy BibTeX"},
	}
	for _, s := range screens {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			w, h := size[0], size[1]
			until := s.until
			if s.name == "list" && w >= wideWidth {
				until = "The rapid scaling" // the detail follows the cursor
			}
			t.Run(fmt.Sprintf("%s_%dx%d", s.name, w, h), func(t *testing.T) {
				db := fixtureDB(t)
				watch := newSettleWatch(New(testOptions(db)))
				watch.expectKeys(len(s.keys))
				tm := teatest.NewTestModel(t, watch, teatest.WithInitialTermSize(w, h))
				first := "Insights into"
				if len(s.keys) == 0 {
					first = until
				}
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
					return bytes.Contains(b, []byte(first)) && bytes.Contains(b, []byte("Insights into"))
				}, teatest.WithDuration(5*time.Second))
				if len(s.keys) == 0 {
					until = first
				}
				for _, k := range s.keys {
					tm.Send(keyMsg(k))
				}
				if len(s.keys) > 0 {
					teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
						return bytes.Contains(b, []byte(until))
					}, teatest.WithDuration(5*time.Second))
				}
				// The last messages land: wait until the model has
				// every answer it asked for, then quit.
				watch.wait(t)
				tm.Send(tea.QuitMsg{})
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(settleWatch).Model
				view := final.View()
				checkFits(t, view, w, h)
				teatest.RequireEqualOutput(t, []byte(plain(view)))
			})
		}
	}
}

// settleWatch runs a model and tells, after each update, whether it has
// settled (see settled) since the last keys were sent.
type settleWatch struct {
	Model
	done chan struct{} // closed once settled; shared by the copies
	keys *int          // key messages seen, to wait for the state after them
	seen *int
}

func newSettleWatch(m Model) settleWatch {
	return settleWatch{Model: m, done: make(chan struct{}), keys: new(int), seen: new(int)}
}

func (w settleWatch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		*w.seen++
	}
	nm, cmd := w.Model.Update(msg)
	w.Model = nm.(Model)
	if *w.seen >= *w.keys && settled(w.Model) {
		select {
		case <-w.done:
		default:
			close(w.done)
		}
	}
	return w, cmd
}

// expectKeys says how many keys the model must have seen before it counts
// as settled.
func (w settleWatch) expectKeys(n int) { *w.keys = n }

func (w settleWatch) wait(t *testing.T) {
	t.Helper()
	select {
	case <-w.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not settle")
	}
}
