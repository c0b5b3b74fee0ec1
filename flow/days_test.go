package flow

import (
	"bytes"
	"context"
	"encoding/pem"
	"reflect"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/scenario"
)

// A story's run on a day whose issuing certificates the engine was given
// (DayCertificates, as the page's engine is given them) crafts only its
// leaf, uses the given root and intermediate, and answers as a run that
// crafted everything; given another day's, it crafts them all, for its own
// day. The stories that keep the healthy world's issuers share one file.
func TestDayCertificates(t *testing.T) {
	day := time.Date(2026, time.December, 6, 7, 45, 0, 0, time.UTC)
	saved, err := DayCertificates("hostname-mismatch", day)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		story   string
		played  time.Time
		crafted int // certificates the run crafts
		given   bool
	}{
		{"hostname-mismatch", day, 1, true},
		{"verify-true", day.Add(15 * time.Hour), 1, true}, // the same day, later
		{"wrong-eku", day, 1, true},
		{"verify-true", day.AddDate(0, 0, 1), 3, false},
		{"verify-true", day.AddDate(0, 0, -1), 3, false},
		{"custom-ca-bundle", day, 3, false}, // a company's issuers, not the public ones
	}
	for _, tt := range tests {
		answer := func(remember bool) (*Run, *Engine) {
			e, err := New()
			if err != nil {
				t.Fatal(err)
			}
			if remember {
				if err := e.Remember(saved); err != nil {
					t.Fatal(err)
				}
			}
			e.PlayOn(tt.played)
			run, err := e.Answer(context.Background(), Story(tt.story))
			if err != nil {
				t.Fatalf("%s on %s: %v", tt.story, tt.played, err)
			}
			return run, e
		}
		run, e := answer(true)
		if got := e.cache.Crafted(); got != tt.crafted {
			t.Errorf("%s on %s: crafted %d certificates, want %d", tt.story, tt.played, got, tt.crafted)
		}
		set := run.Material.Set
		for _, name := range []string{scenario.Root, scenario.Intermediate} {
			c := set.Get(name).Cert
			if in := savedHas(saved, c.Raw); in != tt.given {
				t.Errorf("%s on %s: the %s is the given one: %v, want %v", tt.story, tt.played, name, in, tt.given)
			}
			// Its dates are the story's, on the day it is played.
			sp := set.Get(name).Spec
			want := scenario.Day(tt.played).AddDate(0, 0, int(sp.NotBefore))
			if !c.NotBefore.Equal(want) {
				t.Errorf("%s on %s: the %s is valid from %s, want %s", tt.story, tt.played, name, c.NotBefore, want)
			}
		}
		fresh, _ := answer(false)
		for _, client := range explain.LensClients {
			got, err1 := explain.Lens(run.Report, client)
			want, err2 := explain.Lens(fresh.Report, client)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %s, %s: the verdict with the given issuers differs:\n%+v (%v)\nwant %+v (%v)", tt.story, tt.played, client, got, err1, want, err2)
			}
		}
	}
}

// The page's engine is given a day's issuers by a request of its own.
func TestWorkshopCerts(t *testing.T) {
	day := time.Now()
	saved, err := DayCertificates("verify-true", day)
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t)
	e.PlayOn(day)
	w := NewWorkshop(e)
	if r := w.Handle(context.Background(), -1, "certs", string(saved)); r.Err != nil || r.Text != "" {
		t.Fatalf("certs: %q, %v", r.Text, r.Err)
	}
	if r := w.Handle(context.Background(), 0, "run", "verify-true"); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := e.cache.Crafted(); got != 1 {
		t.Errorf("the run crafted %d certificates, want 1 (the leaf)", got)
	}
}

// savedHas says whether saved holds the certificate der.
func savedHas(saved, der []byte) bool {
	for rest := saved; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			return false
		}
		if bytes.Equal(b.Bytes, der) {
			return true
		}
	}
}

// Certificates that are no saved cache are refused in words.
func TestRememberRefuses(t *testing.T) {
	e := newEngine(t)
	for _, saved := range []string{"not PEM at all", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"} {
		if err := e.Remember([]byte(saved)); err == nil {
			t.Errorf("Remember(%q) took it", saved)
		}
	}
}
