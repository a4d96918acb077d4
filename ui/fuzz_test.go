package ui

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/paperboy-reader/paperboy/store"
)

// The root model must survive anything a terminal can send it: any key in
// any pane, any size from 1x1 to 300x100, mouse events anywhere, and the
// results of its own commands arriving in between. FuzzModel decodes its
// input into such a sequence; TestModelRandomInput runs seeded sequences
// of the same kind in every `go test`.

// fuzzKeys are the keys a session is made of. "E" (export) is left out:
// it writes files.
var fuzzKeys = func() []tea.KeyMsg {
	var ks []tea.KeyMsg
	for _, r := range "jkgGsSutnoOpyYr=/f?q ab1-:\"*é漢\u202e" {
		ks = append(ks, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for _, t := range []tea.KeyType{tea.KeyEnter, tea.KeyEsc, tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight,
		tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd, tea.KeyTab, tea.KeyShiftTab, tea.KeyBackspace,
		tea.KeyDelete, tea.KeyCtrlA, tea.KeyCtrlF, tea.KeyCtrlB, tea.KeyCtrlU, tea.KeyCtrlW, tea.KeySpace} {
		k := tea.KeyMsg{Type: t}
		if t == tea.KeySpace {
			k.Runes = []rune{' '}
		}
		ks = append(ks, k)
	}
	ks = append(ks, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("tag:cs.AR OR \"x")}, // a paste
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\x1b]52;c;AAAA\x07")})
	return ks
}()

var fuzzMouse = []tea.MouseButton{tea.MouseButtonLeft, tea.MouseButtonRight, tea.MouseButtonWheelUp,
	tea.MouseButtonWheelDown, tea.MouseButtonNone}

// fuzzSession feeds the ops encoded in data to a fresh model. Every op is
// one message, then the commands it returned run (their results fed back)
// until the model is idle, then View is checked for size.
func fuzzSession(t *testing.T, db *store.DB, data []byte) {
	t.Helper()
	opts := testOptions(db)
	opts.Clipboard = io.Discard
	opts.Browser = "true"
	opts.Sync = func(ctx context.Context, progress func(SyncProgress)) (SyncResult, error) {
		progress(SyncProgress{Message: "page 1", New: 1})
		select {
		case <-ctx.Done():
			return SyncResult{}, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		return SyncResult{Fetched: 1, New: 1}, nil
	}
	d := &driver{t: t, m: New(opts), ch: make(chan tea.Msg, 4096)}
	d.exec(d.m.Init())
	w, h := 80, 24
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	for len(data) >= 2 {
		op, arg := data[0], data[1]
		data = data[2:]
		switch op % 8 {
		case 0: // resize
			if len(data) < 1 {
				return
			}
			w, h = 1+int(arg)%300, 1+int(data[0])%100
			data = data[1:]
			d.send(tea.WindowSizeMsg{Width: w, Height: h})
		case 1: // mouse
			if len(data) < 1 {
				return
			}
			d.send(tea.MouseMsg{X: int(arg) % (w + 2), Y: int(data[0]) % (h + 2),
				Button: fuzzMouse[int(op/8)%len(fuzzMouse)], Action: tea.MouseAction(int(op/8) % 3)})
			data = data[1:]
		default:
			d.send(fuzzKeys[int(arg)%len(fuzzKeys)])
		}
		settleQuick(d)
		checkFits(t, d.m.View(), w, h)
	}
}

// settleQuick is driver.settle with a shorter idle time: the fuzzer runs
// many sessions, and timers (flash messages, the refresh tick) are meant
// to be dropped.
func settleQuick(d *driver) {
	const quiet = 4 * time.Millisecond
	idle := time.NewTimer(quiet)
	defer idle.Stop()
	for range 200 {
		select {
		case msg := <-d.ch:
			if _, ok := msg.(spinner.TickMsg); ok {
				continue
			}
			d.send(msg)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(quiet)
		case <-idle.C:
			return
		}
	}
}

func fuzzSetup(t testing.TB) *store.DB {
	return fixtureDB(t)
}

func FuzzModel(f *testing.F) {
	f.Add([]byte{2, 0, 0, 1, 1, 2, 2, 3, 2, 9})                          // move, resize to 2x3, star
	f.Add([]byte{2, 17, 2, 30, 2, 31, 2, 36, 2, 0, 0, 200, 40})          // search, type, resize wide
	f.Add([]byte{2, 18, 2, 22, 2, 40, 2, 29, 1, 5, 6, 9, 10, 11})        // filter pane, space, mouse
	f.Add([]byte{0, 0, 0, 2, 7, 2, 2, 1, 33, 0, 255, 255, 2, 12, 2, 14}) // 1x1, tags, huge
	db := fuzzSetup(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 96 { // ops, not bytes, cost time: keep sessions short
			data = data[:96]
		}
		fuzzSession(t, db, data)
	})
}

// TestModelRandomInput is the fuzz target's deterministic counterpart:
// seeded random sessions, so every run of the suite covers random sizes
// and keys without -fuzz.
func TestModelRandomInput(t *testing.T) {
	db := fuzzSetup(t)
	n := 6
	if os.Getenv("STRESS") != "" {
		n = 60
	}
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		data := make([]byte, 300)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		// A third of the ops resize, so small and huge terminals both see
		// plenty of keys.
		for i := 0; i+2 < len(data); i += 3 {
			if r.IntN(3) == 0 {
				data[i] = 0
			}
		}
		fuzzSession(t, db, data)
	}
}
