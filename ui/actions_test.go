package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestOpenKeys(t *testing.T) {
	var started []string
	fail := false
	opts := testOptions(fixtureDB(t))
	opts.LookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
	opts.StartProcess = func(name string, args ...string) error {
		if fail {
			return errors.New("boom")
		}
		started = append(started, name+" "+strings.Join(args, " "))
		return nil
	}
	opts.Browser = "mybrowser"
	d := newDriver(t, opts, 80, 24)
	d.press("o", "O", "p")
	want := []string{
		"mybrowser https://huggingface.co/papers/2505.09343",
		"mybrowser https://arxiv.org/abs/2505.09343",
		"mybrowser https://arxiv.org/pdf/2505.09343",
	}
	if strings.Join(started, "\n") != strings.Join(want, "\n") {
		t.Fatalf("started:\n%s", strings.Join(started, "\n"))
	}
	if !strings.Contains(plain(d.m.View()), "opened https://arxiv.org/pdf/2505.09343") {
		t.Errorf("no confirmation:\n%s", plain(d.m.View()))
	}
	fail = true
	d.press("o")
	if !strings.Contains(plain(d.m.View()), "could not open") {
		t.Errorf("no error shown:\n%s", plain(d.m.View()))
	}
}

func TestWideFocusScrollAndEdit(t *testing.T) {
	db := fixtureDB(t)
	d := newDriver(t, testOptions(db), 160, 22)
	d.press("tab")
	if d.m.focus() != focusDetail {
		t.Fatalf("tab: focus %v", d.m.focus())
	}
	d.press("j", "j")
	if d.m.detail.vp.YOffset != 2 {
		t.Fatalf("detail did not scroll: %d", d.m.detail.vp.YOffset)
	}
	d.press("g")
	if d.m.detail.vp.YOffset != 0 {
		t.Fatal("g did not go to the top of the detail")
	}
	d.press("t")
	d.typeText("systems")
	d.press("enter")
	if d.m.detail.paper == nil || strings.Join(d.m.detail.paper.Tags, " ") != "systems" {
		t.Fatalf("detail not reloaded after the edit: %+v", d.m.detail.paper)
	}
	if !strings.Contains(d.m.detail.content(), "systems") {
		t.Error("the detail does not show the new tag")
	}
	d.press("tab")
	if !(d.m.layout == layoutFilter) || d.m.focus() != focusFilter {
		t.Fatal("tab from the detail did not open the filter")
	}
	// The user tag is offered in the filter pane with its count.
	if !strings.Contains(plain(d.m.View()), "Your tags") {
		t.Errorf("filter lacks the user tags:\n%s", plain(d.m.View()))
	}
	d.press("tab")
	if (d.m.layout == layoutFilter) || d.m.focus() != focusList {
		t.Fatal("tab did not close the filter")
	}
	p, _ := db.Paper(context.Background(), "2505.09343")
	if p.Read {
		t.Fatal("focusing the detail marked the paper read")
	}
}

func TestIsCanceled(t *testing.T) {
	if !isCanceled(context.Canceled) || !isCanceled(errors.New("list papers: interrupted")) || isCanceled(errors.New("disk full")) || isCanceled(nil) {
		t.Fatal("isCanceled")
	}
}
