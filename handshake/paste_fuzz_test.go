package handshake

import (
	"errors"
	"strings"
	"testing"
)

// FuzzInspect feeds arbitrary bytes to the inspection as a pasted chain and as
// a bundle: whatever they are, it answers with a verdict whose checks agree
// with it or with one sentence, never panics, and never repeats a private key.
func FuzzInspect(f *testing.F) {
	w := newPasteWorld(f)
	f.Add([]byte(pemOf(w.leaf, w.inter)), []byte(pemOf(w.root)))
	f.Add([]byte(sClientNoise(w.leaf, w.inter, w.root)), []byte(nil))
	f.Add(w.leaf.Raw, w.root.Raw)
	f.Add(pkcs7(w.leaf, w.inter), []byte(pemOf(w.other)))
	f.Add(append([]byte(pemOf(w.leaf)), w.key...), []byte(pemOf(w.root)))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, chain, roots []byte) {
		ins, err := Inspect(ChainInput{Chain: chain, Roots: roots, Name: "bank.example", Now: pasteClock})
		var pe *PasteError
		switch {
		case errors.As(err, &pe):
			if strings.Contains(pe.Msg, "PRIVATE") || strings.Count(pe.Msg, "\n") > 0 {
				t.Errorf("%q", pe.Msg)
			}
			return
		case err != nil:
			t.Fatal(err)
		}
		o := ins.Trace.Outcome
		if !o.OK && (o.Check < 0 || *ins.Trace.Steps[o.Check].Reason != o.Reason) {
			t.Errorf("reason %s without its failed check", o.Reason)
		}
		checkSteps(t, ins.Trace)
		if _, err := ins.Twin(); err != nil && !errors.As(err, new(*TwinError)) {
			t.Errorf("twin: %v", err)
		}
	})
}
