package handshake

import (
	"context"
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// benchPresets: ECDSA certificates, RSA ones, a mutual handshake, and a refusal at
// the first message.
var benchPresets = []string{"verify-true", "custom-ca-bundle", "mtls-ok", "tls-version-mismatch"}

// BenchmarkRun is what the page does per scenario: craft the certificates, play
// the handshake, decode the trace. One run before the timed loop leaves out the
// once-per-process costs (parsing Mozilla's roots and the RSA key pool), which
// otherwise dominate under WebAssembly, where a second lasts only a few runs.
func BenchmarkRun(b *testing.B) {
	for _, id := range benchPresets {
		b.Run(id, func(b *testing.B) {
			s := scenario.Lookup(id).At(scenario.PresetClock)
			if _, err := Run(context.Background(), s); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				tr, err := Run(context.Background(), s)
				if err != nil {
					b.Fatal(err)
				}
				if tr.Outcome.Reason != expected[id].reason {
					b.Fatalf("outcome %s", tr.Outcome.Reason)
				}
			}
		})
	}
}

// BenchmarkPlay leaves out the crafting: the handshake and its analysis alone.
func BenchmarkPlay(b *testing.B) {
	for _, id := range benchPresets {
		b.Run(id, func(b *testing.B) {
			m, err := NewMaterial(scenario.Lookup(id).At(scenario.PresetClock))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				tr, err := m.Run(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if tr.Outcome.Reason != expected[id].reason {
					b.Fatalf("outcome %s", tr.Outcome.Reason)
				}
			}
		})
	}
}
