package flow

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tlsplay/tlsplay/pki"
	"github.com/tlsplay/tlsplay/scenario"
)

// DaysFolder holds a built site's issuing certificates of each day ahead
// (DayCertificates), one file a day: DayFile names it.
const DaysFolder = "days"

// DaysAhead is how many days from its build a site holds DayCertificates
// for; a visit after that crafts them, as an engine does for anything else.
const DaysAhead = 400

// DayFile is the file of day's issuing certificates in a built site,
// relative to it.
func DayFile(day time.Time) string {
	return DaysFolder + "/" + scenario.Day(day).Format(time.DateOnly) + ".pem"
}

// DayCertificates are the issuing certificates (root and intermediate) of
// story, crafted for day with the stories' keys, as pki.Cache.Save writes
// them; every story that keeps them as they are (most keep the healthy
// world's public root and intermediate) shares them. A story's first run in
// a browser would spend much of its time signing them: the root signs itself
// and its intermediate, and crypto/x509 checks each signature it makes, all
// in code the browser has not yet optimised. An engine that loads
// them (Engine.Remember) crafts only the leaf. They are certificates like
// those it crafts: its cache takes one only for the same spec, the same
// issuer and the same day.
func DayCertificates(story string, day time.Time) ([]byte, error) {
	p := scenario.Lookup(story)
	if p == nil {
		return nil, fmt.Errorf("no story %q", story)
	}
	e, err := New()
	if err != nil {
		return nil, err
	}
	s := p.At(day)
	if _, err := e.cache.Build(issuers(s.Certs), s.Now); err != nil {
		return nil, fmt.Errorf("%s: %v", p.ID, err)
	}
	var b bytes.Buffer
	err = e.cache.Save(&b)
	return b.Bytes(), err
}

// issuers are the specs that issue another, and those that issue them.
func issuers(specs []pki.Spec) []pki.Spec {
	var out []pki.Spec
	for _, sp := range specs {
		if slices.ContainsFunc(specs, func(o pki.Spec) bool { return o.Issuer == sp.Name && !o.SelfSigned() }) {
			out = append(out, sp)
		}
	}
	return out
}

// Remember gives the engine's cache certificates crafted ahead, as
// pki.Cache.Save writes them (DayCertificates): a run uses one where it would
// have crafted the same.
func (e *Engine) Remember(saved []byte) error { return e.cache.Load(saved) }

// WriteDays writes into dir the DayCertificates of story for n days from
// from, each as DayFile names it.
func WriteDays(dir, story string, from time.Time, n int) error {
	if err := os.MkdirAll(filepath.Join(dir, DaysFolder), 0o755); err != nil {
		return err
	}
	for i := range n {
		day := from.AddDate(0, 0, i)
		b, err := DayCertificates(story, day)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, DayFile(day)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
