package storyserve

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tlsplay/tlsplay/export"
	"github.com/tlsplay/tlsplay/scenario"
)

// Renaming a story under its host keeps what matches and what does not: the
// engine's verdict is the story's own.
func TestRenameKeepsVerdicts(t *testing.T) {
	tests := []struct {
		id, dial string
		leafDNS  []string
	}{
		{"verify-true", "verify-true.tlsplay.test", []string{"verify-true.tlsplay.test", "www.verify-true.tlsplay.test"}},
		{"hostname-mismatch", "hostname-mismatch.tlsplay.test", []string{"www.hostname-mismatch.tlsplay.test"}},
		{"wildcard-too-deep", "a.b.wildcard-too-deep.tlsplay.test", []string{"*.wildcard-too-deep.tlsplay.test"}},
		{"custom-ca-bundle", "vault.custom-ca-bundle.tlsplay.test", []string{"vault.custom-ca-bundle.tlsplay.test"}},
		{"name-constraints", "name-constraints.tlsplay.test", []string{"name-constraints.tlsplay.test", "www.name-constraints.tlsplay.test"}},
		{"ip-mismatch", "192.0.2.20", []string{"bank.example", "www.bank.example"}},
	}
	var presets []*scenario.Preset
	for _, tt := range tests {
		presets = append(presets, scenario.Lookup(tt.id))
	}
	stories, err := Craft(context.Background(), presets, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		st := stories[i]
		s := st.Set.Material.Scenario
		if st.Host != tt.dial || s.Client.Dial != tt.dial || !slices.Equal(s.Spec(scenario.Leaf).DNSNames, tt.leafDNS) {
			t.Errorf("%s: dials %s (host %s), leaf %v; want %s, %v", tt.id, s.Client.Dial, st.Host, s.Spec(scenario.Leaf).DNSNames, tt.dial, tt.leafDNS)
		}
		orig := scenario.Lookup(tt.id).Scenario()
		orig.Now = s.Now
		want, err := export.Build(context.Background(), orig)
		if err != nil {
			t.Fatal(err)
		}
		if got, w := st.Set.Trace.Outcome.Reason, want.Trace.Outcome.Reason; got != w {
			t.Errorf("%s: %s renamed, %s as the story", tt.id, got, w)
		}
		if got := route(stories, tt.dial); !isIP(tt.dial) && got != st {
			t.Errorf("%s: SNI %s routes to %v", tt.id, tt.dial, got)
		}
	}
	if got := route(stories, ""); got == nil || got.ID != "ip-mismatch" {
		t.Errorf("no SNI routes to %v, want the story that dials an address", got)
	}
	if got := route(stories, "nothing.tlsplay.test"); got != nil {
		t.Errorf("an unknown name routes to %s", got.ID)
	}
}
