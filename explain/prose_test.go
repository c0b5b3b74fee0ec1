package explain

import (
	"strings"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// No words shown as prose hold a backtick: the page writes prose as text,
// where a backtick reads as itself, not as code (a command in the prose is
// written as it is typed). Every story's answer under every lens, a chain
// pasted alone (both readings of its missing issuer) and the paste's notes.
// Code (the calls, a client's message) may hold one.
func TestNoBacktickInProse(t *testing.T) {
	check := func(where string, texts ...string) {
		t.Helper()
		for _, s := range texts {
			if strings.Contains(s, "`") {
				t.Errorf("%s: a backtick in %q", where, s)
			}
		}
	}
	lenses := func(where string, r *Report) {
		t.Helper()
		e := r.Explanation
		check(where, e.Headline, e.Analogy, e.Technical, e.TellApart, e.Fix.Summary)
		for _, c := range LensClients {
			v, err := Lens(r, c)
			if err != nil {
				t.Fatal(err)
			}
			check(where+", "+c, v.Headline, v.Analogy, v.Technical, v.TellApart, v.Disagree, v.Bundle, v.Basis, v.Fix.Summary)
		}
		for k, cv := range r.Clients {
			check(where+", "+k+"'s note", cv.Note, cv.Basis)
		}
	}
	for _, p := range scenario.Presets {
		lenses(p.ID, NewReport(run(t, p.At(scenario.PresetClock))))
	}
	for _, aia := range []string{"", "http://ca.example/issuer.crt"} {
		lenses("a leaf pasted alone, AIA "+aia, leafAlone(t, aia))
	}
	for _, u := range unmatched {
		check("a paste no story matches", u.words, u.dotted, u.server)
	}
	check("a paste no story matches", badRecordMACWords, notTLSClientWords, receivedOtherWords)
}
