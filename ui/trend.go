package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/paperboy-reader/paperboy/store"
)

// sparkBars are the sparkline's eight heights, lowest first.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// dailyUpvotes is a history's upvotes at the end of each UTC day from the
// day it was first seen to now's, one value a day, at most max of the
// latest days.
func dailyUpvotes(h []store.HistoryPoint, now time.Time, maxDays int) []int {
	if len(h) == 0 || maxDays <= 0 {
		return nil
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	first, last := day(h[0].At), day(now)
	if last.Before(first) {
		last = day(h[len(h)-1].At)
	}
	var out []int
	i, v := 0, h[0].Upvotes
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		end := d.AddDate(0, 0, 1)
		for i < len(h) && h[i].At.Before(end) {
			v = h[i].Upvotes
			i++
		}
		out = append(out, v)
	}
	if len(out) > maxDays {
		out = out[len(out)-maxDays:]
	}
	return out
}

// sparkline draws values as bars scaled from their least to their most.
func sparkline(vals []int) string {
	if len(vals) == 0 {
		return ""
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		k := 0
		if hi > lo {
			k = (v - lo) * (len(sparkBars) - 1) / (hi - lo)
		}
		b.WriteRune(sparkBars[k])
	}
	return b.String()
}

// trend is the detail's trend line: a sparkline of the upvotes over the
// days the paper has been seen (when more than one) and the gain of the
// last day ("+37 today"), fitted to width; "" when there is nothing to
// tell.
func trend(p *store.Paper, now time.Time, width int) string {
	gain := ""
	if p.Upvotes24h != 0 {
		gain = fmt.Sprintf("%+d today", p.Upvotes24h)
	}
	days := dailyUpvotes(p.History, now, max(width-len(gain)-1, 0))
	if len(days) < 2 {
		return gain
	}
	return strings.TrimSpace(sparkline(days) + " " + gain)
}
