package flow

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// timestamp is a time as Go's x509 errors name it.
var timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// visitDays are days a story may be played on: the day the tests pin, the
// day this was written, one a little later, and one years ahead.
var visitDays = []time.Time{
	scenario.PresetClock,
	time.Date(2026, time.December, 6, 7, 45, 0, 0, time.UTC),
	time.Date(2028, time.February, 29, 23, 59, 0, 0, time.UTC),
	time.Date(2041, time.October, 3, 0, 0, 0, 0, time.UTC),
}

// A story not about dates happens on the day it is played, and gives every
// client's verdict (its words, its message) as on the day the tests pin; a
// story about dates happens on its own day whatever the day of the visit.
func TestAnyDay(t *testing.T) {
	e := newEngine(t)
	verdicts := func(id string, day time.Time) (*Run, map[string]explain.Verdict) {
		e.PlayOn(day)
		run, err := e.Answer(context.Background(), Story(id))
		if err != nil {
			t.Fatalf("%s on %s: %v", id, day, err)
		}
		vs := map[string]explain.Verdict{}
		for _, c := range explain.LensClients {
			if vs[c], err = explain.Lens(run.Report, c); err != nil {
				t.Fatal(err)
			}
		}
		return run, vs
	}
	for _, p := range scenario.Presets {
		_, pinned := verdicts(p.ID, visitDays[0])
		if p.AboutDates != "" {
			// The real clients' proof and the kit move a story about dates to
			// the real clock (its validity is relative to it): each client's
			// verdict stays, Go's message aside from the times it names.
			for _, day := range visitDays[1:] {
				s := p.Scenario()
				s.Now = day
				js, err := json.Marshal(s)
				if err != nil {
					t.Fatal(err)
				}
				_, moved := verdicts(string(js), day)
				for _, c := range explain.LensClients {
					type seen struct {
						ok                               bool
						reason, class, headline, message string
					}
					got := seen{moved[c].OK, moved[c].Reason, moved[c].Class, moved[c].Headline, timestamp.ReplaceAllString(moved[c].Message, "{time}")}
					want := seen{pinned[c].OK, pinned[c].Reason, pinned[c].Class, pinned[c].Headline, timestamp.ReplaceAllString(pinned[c].Message, "{time}")}
					if got != want {
						t.Errorf("%s through %s, its clock moved to %s:\n  %+v\nat its own:\n  %+v", p.ID, c, day, got, want)
					}
				}
			}
		}
		for _, day := range visitDays[1:] {
			run, got := verdicts(p.ID, day)
			s := run.Report.Trace.Scenario
			switch {
			case p.AboutDates != "" && (!s.Now.Equal(scenario.PresetClock) || s.Today):
				t.Errorf("%s, about dates, played on %s happens at %s (today: %v)", p.ID, day.Format(time.DateOnly), s.Now, s.Today)
			case p.AboutDates == "" && (!s.Now.Equal(scenario.Day(day)) || !s.Today):
				t.Errorf("%s played on %s happens at %s (today: %v)", p.ID, day.Format(time.DateOnly), s.Now, s.Today)
			}
			if !reflect.DeepEqual(got, pinned) {
				for _, c := range explain.LensClients {
					if !reflect.DeepEqual(got[c], pinned[c]) {
						t.Errorf("%s through %s, played on %s:\n  %+v\npinned on %s:\n  %+v", p.ID, c, day.Format(time.DateOnly), got[c],
							visitDays[0].Format(time.DateOnly), pinned[c])
					}
				}
			}
		}
	}
}

// BenchmarkDay is a story's first run in a fresh engine (the page's engine
// opening a link), on the day its saved certificates were made
// (PresetClock: nothing is crafted) and on another (each certificate signed
// anew with its saved key).
func BenchmarkDay(b *testing.B) {
	for _, id := range []string{"hostname-mismatch", "rsa-4096-chain", "mtls-ok"} {
		for _, bc := range []struct {
			name string
			day  time.Time
		}{{"saved", scenario.PresetClock}, {"today", visitDays[1]}} {
			b.Run(id+"/"+bc.name, func(b *testing.B) {
				for b.Loop() {
					e, err := New()
					if err != nil {
						b.Fatal(err)
					}
					e.PlayOn(bc.day)
					if _, err := e.Answer(context.Background(), Story(id)); err != nil {
						b.Fatal(err)
					}
					if n := e.cache.KeysMade(); n != 0 {
						b.Fatalf("%d keys made", n)
					}
				}
			})
		}
	}
}
