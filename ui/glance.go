package ui

import (
	"errors"

	"github.com/tlsplay/tlsplay/explain"
	"github.com/tlsplay/tlsplay/internal/tjson"
	"github.com/tlsplay/tlsplay/scenario"
)

// Glance is the verdict of an answer as one client gives it, and what the
// page's heading above it reads: all the page draws of an edit's answer
// first. The engine's worker writes it before the answer's head, twice its
// size and (as WebAssembly) seven times as long to read, since the head has
// every step: the page draws the verdict from it while the head is written,
// and reads the head a moment later. Drawn from it, the verdict is the one
// the head would give (TestGlance).
type Glance struct {
	Client   string             `json:"client"`
	Verdict  Verdict            `json:"verdict"`
	Scenario *scenario.Scenario `json:"scenario"`
	// OffersVerifyFalse is OffersVerifyFalse of the answer's trace.
	OffersVerifyFalse bool `json:"offers_verify_false"`
}

// glanceJSON is a glance as JSON: with the words of its lens verdict that
// explain.Verdict's own JSON (the CLI's) leaves out.
type glanceJSON struct {
	Glance
	Analogy   string `json:"lens_analogy"`
	Technical string `json:"lens_technical"`
	Basis     string `json:"lens_basis"`
	TellApart string `json:"lens_tell_apart,omitempty"`
}

// GlanceJSON is the glance of a report through client's lens, as JSON.
func GlanceJSON(r *explain.Report, client string) ([]byte, error) {
	g := glanceJSON{Glance: Glance{Client: client, Verdict: VerdictFor(r, client), Scenario: r.Trace.Scenario, OffersVerifyFalse: OffersVerifyFalse(r.Trace)}}
	l := &g.Verdict.Lens
	g.Analogy, g.Technical, g.Basis, g.TellApart = l.Analogy, l.Technical, l.Basis, l.TellApart
	return tjson.Marshal(&g)
}

// DecodeGlance reads a glance GlanceJSON wrote.
func DecodeGlance(b []byte) (*Glance, error) {
	var g glanceJSON
	if err := tjson.Unmarshal(b, &g); err != nil {
		return nil, err
	}
	if g.Scenario == nil {
		return nil, errors.New("the glance has no scenario")
	}
	l := &g.Verdict.Lens
	l.Analogy, l.Technical, l.Basis, l.TellApart = g.Analogy, g.Technical, g.Basis, g.TellApart
	return &g.Glance, nil
}
