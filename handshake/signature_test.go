package handshake

import (
	"testing"

	"github.com/tlsplay/tlsplay/scenario"
)

// Remembered signature checks answer exactly as fresh ones: per pair of
// certificates, the right parent verifies and the wrong one does not, every time.
func TestSignatureMemo(t *testing.T) {
	m, err := NewMaterial(scenario.Lookup("verify-true").At(scenario.PresetClock))
	if err != nil {
		t.Fatal(err)
	}
	leaf, inter, root := m.Set.Get(scenario.Leaf).Cert, m.Set.Get(scenario.Intermediate).Cert, m.Set.Get(scenario.Root).Cert
	for range 3 {
		if err := signatureError(leaf, inter); err != nil {
			t.Fatalf("leaf by its issuer: %v", err)
		}
		if err := signatureError(leaf, root); err == nil {
			t.Fatal("leaf by the root verified")
		}
		if err := signatureError(inter, root); err != nil {
			t.Fatalf("intermediate by the root: %v", err)
		}
	}
}
